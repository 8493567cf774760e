package vn.customs.digital.api.procedures;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import vn.customs.digital.api.procedures.ProcedureSummary.Hit;
import vn.customs.digital.api.procedures.TextRank.Lexeme;

/**
 * The catalogue as read once from PostgreSQL, searched in memory with exactly the results of {@link
 * ProcedureSql#SEARCH}: the same procedures, in the same order, with the same scores. Every part
 * PostgreSQL computes from the data is taken from PostgreSQL (the search documents' lexemes,
 * positions and weights; the folded titles; the order of the codes; how each character of a query
 * folds); what is computed here per query (prefix matching, ts_rank, word_similarity) reproduces
 * PostgreSQL 15's C code. A query it cannot answer with certainty gets {@code null}, and the caller
 * runs the statement.
 */
final class IndexedCatalogue {
  /** What a query word must look like for to_tsquery to keep it as one prefix operand. */
  private static final Pattern SIMPLE_WORD = Pattern.compile("[a-z][a-z0-9]{0,99}|[0-9]{1,100}");

  private static final Pattern NOT_ALNUM = Pattern.compile("[^A-Za-z0-9]+");

  /** Characters whose folding is asked of PostgreSQL: ASCII and the Latin letters and marks. */
  private static final int[][] PROBED = {
    {0x20, 0x7e}, {0xa0, 0x24f}, {0x300, 0x36f}, {0x1e00, 0x1eff}
  };

  private static final int FOLD_TABLE_SIZE = 0x1f00;

  private static final int[] NONE = {};

  /** The PostgreSQL whose C code (tsrank.c, trgm_op.c) this class reproduces. */
  private static final int POSTGRESQL_MAJOR = 15;

  record Entry(
      ProcedureSummary procedure,
      Lexeme[] doc,
      String searchTitle,
      WordSimilarity.Text titleTrigrams,
      boolean asciiTitle) {}

  private final List<Entry> entries;
  private final Map<String, Integer> codeRank;
  private final String[] fold;
  private final boolean asciiTitles;
  private final String fingerprint;

  /** Every lexeme of every search document, sorted, and which entries (a bit each) have it. */
  private final String[] lexicon;

  private final long[][] lexiconHolders;

  /** For each trigram of the titles, the entries whose title has it. */
  private final Map<Integer, int[]> titlesWithTrigram;

  private IndexedCatalogue(List<Entry> entries, String[] fold, String fingerprint) {
    this.entries = List.copyOf(entries);
    this.fold = fold;
    this.fingerprint = fingerprint;
    this.codeRank = new HashMap<>();
    Map<String, long[]> holders = new java.util.TreeMap<>();
    Map<Integer, List<Integer>> trigrams = new HashMap<>();
    int words = (entries.size() + 63) / 64;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      codeRank.put(e.procedure().code(), i);
      for (Lexeme l : e.doc()) {
        holders.computeIfAbsent(l.text(), k -> new long[words])[i >> 6] |= 1L << i;
      }
      for (int t : e.titleTrigrams().distinct()) {
        trigrams.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
      }
    }
    this.lexicon = holders.keySet().toArray(String[]::new);
    this.lexiconHolders = holders.values().toArray(long[][]::new);
    this.titlesWithTrigram = new HashMap<>();
    trigrams.forEach(
        (t, list) -> titlesWithTrigram.put(t, list.stream().mapToInt(Integer::intValue).toArray()));
    this.asciiTitles = entries.stream().allMatch(Entry::asciiTitle);
  }

  /** Reads the catalogue (in code order, as the database orders codes) and the folding table. */
  static Future<IndexedCatalogue> load(Pool pool) {
    return foldTable(pool)
        .compose(
            fold ->
                pool.query(ProcedureSql.INDEX)
                    .execute()
                    .map(
                        rows -> {
                          List<Entry> entries = new ArrayList<>();
                          String fingerprint = "";
                          for (Row row : rows) {
                            int version = row.getInteger("server_version_num");
                            if (version / 10_000 != POSTGRESQL_MAJOR) {
                              throw new IllegalStateException(
                                  "the index reproduces PostgreSQL "
                                      + POSTGRESQL_MAJOR
                                      + "'s ts_rank and word_similarity; the server is "
                                      + version);
                            }
                            entries.add(entry(row));
                            fingerprint = row.getString("fingerprint");
                          }
                          return new IndexedCatalogue(entries, fold, fingerprint);
                        }));
  }

  private static Entry entry(Row row) {
    JsonArray lexemes = row.getJsonArray("lexemes");
    Lexeme[] doc = new Lexeme[lexemes == null ? 0 : lexemes.size()];
    for (int i = 0; i < doc.length; i++) {
      JsonArray l = lexemes.getJsonArray(i);
      JsonArray positions = l.getJsonArray(1);
      JsonArray weights = l.getJsonArray(2);
      if (positions == null || weights == null || positions.isEmpty()) {
        // Only a tsvector made without positions has such lexemes; ts_rank then uses a stand-in
        // this class does not reproduce.
        throw new IllegalStateException("a search document has a lexeme without positions");
      }
      short[] pos = new short[positions.size()];
      byte[] wt = new byte[positions.size()];
      for (int j = 0; j < pos.length; j++) {
        pos[j] = positions.getInteger(j).shortValue();
        wt[j] = (byte) ('D' - weights.getString(j).charAt(0));
      }
      doc[i] = new Lexeme(l.getString(0), pos, wt);
    }
    String title = row.getString("search_title");
    boolean ascii = WordSimilarity.isAscii(title);
    return new Entry(
        ProcedureSummary.of(row),
        doc,
        title,
        ascii ? WordSimilarity.text(title) : WordSimilarity.text(""),
        ascii);
  }

  /**
   * How PostgreSQL's dc_fold folds each probed character, kept where the result is printable ASCII
   * (or nothing, as for a combining accent). unaccent replaces characters one at a time and lower
   * and translate work a character at a time, so a query folds character by character; the folding
   * of all of them together is checked against that, in case a dictionary ever says otherwise.
   */
  private static Future<String[]> foldTable(Pool pool) {
    List<String> chars = new ArrayList<>();
    for (int[] range : PROBED) {
      for (int c = range[0]; c <= range[1]; c++) {
        chars.add(String.valueOf((char) c));
      }
    }
    return pool.preparedQuery(ProcedureSql.FOLD)
        .execute(Tuple.tuple().addArrayOfString(chars.toArray(String[]::new)))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              String[] each = row.getArrayOfStrings("each");
              String[] table = new String[FOLD_TABLE_SIZE];
              StringBuilder joined = new StringBuilder();
              for (int i = 0; i < each.length; i++) {
                joined.append(each[i]);
                if (printableAscii(each[i])) {
                  table[chars.get(i).charAt(0)] = each[i];
                }
              }
              if (!joined.toString().equals(row.getString("whole"))) {
                throw new IllegalStateException(
                    "dc_fold does not fold character by character: the index cannot fold queries");
              }
              return table;
            });
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }

  String fingerprint() {
    return fingerprint;
  }

  int size() {
    return entries.size();
  }

  /** dc_fold($1), or null when a character's folding is not known. */
  String fold(String q) {
    StringBuilder out = new StringBuilder(q.length());
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      String f = c < FOLD_TABLE_SIZE ? fold[c] : null;
      if (f == null) {
        return null;
      }
      out.append(f);
    }
    return out.toString();
  }

  /**
   * {@link ProcedureSql#SEARCH}'s rows ($1 q, $2 category, $3 level, $4 after-score, $5 after-code,
   * $6 limit), or null when this index cannot be sure to give them.
   */
  List<Hit> search(
      String q, String category, Integer level, Double afterScore, String afterCode, int limit) {
    String folded = fold(q);
    if (folded == null) {
      return null;
    }
    List<String> words = new ArrayList<>();
    for (String w : NOT_ALNUM.split(folded)) {
      if (w.isEmpty()) {
        continue;
      }
      if (!SIMPLE_WORD.matcher(w).matches()) {
        return null;
      }
      words.add(w);
    }
    int afterRank = -1;
    if (afterScore != null) {
      Integer rank = afterCode == null ? null : codeRank.get(afterCode);
      if (rank == null || !Double.isFinite(afterScore)) {
        return null;
      }
      afterRank = rank;
    }
    String[] terms = words.toArray(String[]::new);
    long[] matching = terms.length == 0 ? null : matching(terms);
    List<Hit> ranked = new ArrayList<>();
    List<Integer> filtered = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      ProcedureSummary p = e.procedure();
      if ((category == null || category.equals(p.category()))
          && (level == null || level == p.serviceLevel())) {
        filtered.add(i);
        if (matching != null && (matching[i >> 6] & (1L << i)) != 0) {
          ranked.add(new Hit(p, (double) TextRank.rank(e.doc(), terms)));
        }
      }
    }
    if (ranked.isEmpty()) {
      // Only when nothing matches every word: trigram similarity with the titles.
      if (!asciiTitles) {
        return null;
      }
      int[] pattern = WordSimilarity.pattern(folded);
      int[] common = new int[entries.size()];
      for (int t : pattern) {
        for (int i : titlesWithTrigram.getOrDefault(t, NONE)) {
          common[i]++;
        }
      }
      for (int i : filtered) {
        // No stretch of a title scores more than the trigrams it shares with the query over the
        // query's: most titles are left out without computing their similarity.
        if (common[i] == 0 || ((float) common[i]) / ((float) pattern.length) < 0.5f) {
          continue;
        }
        Entry e = entries.get(i);
        float sml = WordSimilarity.of(pattern, e.titleTrigrams(), 0.5f);
        if (sml >= 0.5f) {
          ranked.add(new Hit(e.procedure(), (double) sml));
        }
      }
    }
    // Code order (the database's) already; a stable sort by score keeps it among equal scores.
    ranked.sort((a, b) -> Double.compare(b.score(), a.score()));
    List<Hit> out = new ArrayList<>(Math.min(limit, ranked.size()));
    for (Hit h : ranked) {
      if (out.size() == limit) {
        break;
      }
      double s = h.score();
      if (afterScore == null
          || s < afterScore
          || (s == afterScore && codeRank.get(h.procedure().code()) > afterRank)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * search_doc @@ (w1:* & w2:* ...): the entries (a bit each) in which every word begins some
   * lexeme. The lexemes a word begins stand together in the sorted lexicon.
   */
  private long[] matching(String[] terms) {
    long[] all = null;
    for (String t : terms) {
      long[] any = new long[(entries.size() + 63) / 64];
      int at = java.util.Arrays.binarySearch(lexicon, t);
      for (int i = at >= 0 ? at : -at - 1; i < lexicon.length && lexicon[i].startsWith(t); i++) {
        for (int w = 0; w < any.length; w++) {
          any[w] |= lexiconHolders[i][w];
        }
      }
      if (all == null) {
        all = any;
      } else {
        for (int w = 0; w < all.length; w++) {
          all[w] &= any[w];
        }
      }
    }
    return all;
  }
}
