#!/usr/bin/env python3
"""Distinct as-typed searches made from the procedure catalogue, for ops/bench procedures.

Reads the titles (code, title_vi, title_en; tab-separated, one procedure a line) on stdin and writes
into OUT_DIR, shuffled with a fixed seed so that every run sends the same queries:
  warm.txt, a.txt, b.txt  request paths for wrk (the warm-up's set, then one set per measured phase;
                          the sets are disjoint, so no phase is answered from an earlier one's cache)
  queries.tsv             id, query text: the measured queries (a and b), for pgbench

What a citizen types: every keystroke's prefix of a title, from its first word or from a later one
(up to four words), with its accents and without (Vietnamese), in English, and small typos in
words (two letters swapped, one dropped, one doubled, one replaced by a neighbouring key).
Usage: search_queries.py OUT_DIR PER_PHASE WARM
"""

import random
import sys
import unicodedata
import urllib.parse

NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}


def fold(text):
    """Accent-free, lower case, as typed on a keyboard without Vietnamese input."""
    text = text.lower().replace("đ", "d")
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )


def typed(text):
    """Every prefix of at least two characters, as the field holds it after each keystroke."""
    out = set()
    for n in range(2, len(text) + 1):
        q = text[:n].strip()
        if len(q) >= 2:
            out.add(q)
    return out


def typos(word, rng):
    if len(word) < 4 or not word.isalpha():
        return set()
    i = rng.randrange(1, len(word) - 1)
    out = {
        word[:i] + word[i + 1] + word[i] + word[i + 2:],
        word[:i] + word[i + 1:],
        word[:i] + word[i] + word[i:],
    }
    near = NEIGHBOURS.get(word[i])
    if near:
        out.add(word[:i] + rng.choice(near) + word[i + 1:])
    out.discard(word)
    return out


def main():
    out_dir, per_phase, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(16)
    queries = {}  # query -> lang
    for line in sys.stdin:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            continue
        _, title_vi, title_en = parts
        for title, lang in ((title_vi.lower(), "vi"), (fold(title_vi), "vi"), (title_en.lower(), "en")):
            words = [w.strip(",.()") for w in title.split()]
            words = [w for w in words if w]
            for start in range(len(words)):
                phrase = " ".join(words[start:start + 4])
                for q in typed(phrase):
                    queries.setdefault(q, lang)
                for span in (1, 2, 3):
                    chunk = words[start:start + span]
                    if len(chunk) < span:
                        continue
                    k = rng.randrange(span)
                    for t in typos(chunk[k], rng):
                        q = " ".join(chunk[:k] + [t] + chunk[k + 1:])
                        queries.setdefault(q, lang)
    items = sorted(queries.items())
    rng.shuffle(items)
    need = warm + 2 * per_phase
    if len(items) < need:
        sys.exit(f"the catalogue gives {len(items)} distinct queries, fewer than the {need} asked")
    sets = {"warm": items[:warm], "a": items[warm:warm + per_phase], "b": items[warm + per_phase:need]}
    for name, chosen in sets.items():
        with open(f"{out_dir}/{name}.txt", "w", encoding="utf-8") as f:
            for q, lang in chosen:
                f.write(f"/api/v1/procedures?q={urllib.parse.quote(q, safe='')}&lang={lang}\n")
    with open(f"{out_dir}/queries.tsv", "w", encoding="utf-8") as f:
        for i, (q, _) in enumerate(sets["a"] + sets["b"], start=1):
            f.write(f"{i}\t{q.replace(chr(92), chr(92) * 2)}\n")
    print(f"{len(items)} distinct queries from the catalogue; {warm} to warm up, {per_phase} per phase",
          file=sys.stderr)


if __name__ == "__main__":
    main()
