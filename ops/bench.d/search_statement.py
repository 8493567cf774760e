#!/usr/bin/env python3
"""The api's search statement (stdin, as ProcedureSql.SEARCH holds it) as a pgbench script (stdout).

The statement is kept as it is, but for what pgbench needs:
- $1, the query text, becomes a lookup of the query numbered :i (random) in the unlogged table
  bench_search_queries, by primary key, inside the same statement: one round trip per search, as
  for the api, and an index lookup of a few microseconds where the api binds a parameter;
- $2..$5 (category, level, the cursor's score and code) are null, as for a first page without
  filters, and $6 (the limit) is 21, as the api asks for 20 rows;
- pgbench would take ':alnum' inside '[^[:alnum:]]+' for one of its variables, so such string
  literals are spelt with octal escapes (E'[^[\\072alnum\\072]]+', the same string).
Usage: search_statement.py QUERY_COUNT
"""

import re
import sys

count = int(sys.argv[1])
sql = sys.stdin.read().strip().rstrip(";")
values = {
    "1": "(select q from bench_search_queries where id = :i)",
    "2": "null", "3": "null", "4": "null", "5": "null", "6": "21",
}
sql = re.sub(r"\$(\d+)\b", lambda m: values[m.group(1)], sql)


def literal(m):
    body = m.group(1)
    if not re.search(r":[A-Za-z_]", body):
        return m.group(0)
    return "E'" + body.replace("\\", "\\\\").replace(":", "\\072") + "'"


sql = re.sub(r"(?<![A-Za-z0-9_])'((?:[^']|'')*)'", literal, sql)
leftover = re.findall(r"\$\d", sql)
if leftover:
    sys.exit(f"the search statement has parameters this script does not know: {leftover}")
print(f"\\set i random(1, {count})")
print(sql + ";")
