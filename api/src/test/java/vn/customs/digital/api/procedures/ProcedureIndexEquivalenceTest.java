package vn.customs.digital.api.procedures;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.procedures.ProcedureSummary.Hit;
import vn.customs.digital.testing.Await;

/**
 * The in-memory procedure index against the statement it stands in for, on the migrated catalogue:
 * for thousands of queries both must give the same procedures in the same order with the same
 * scores (exact double equality), or the index must decline (and the statement answers).
 */
@DisplayName("The procedure search index")
class ProcedureIndexEquivalenceTest {
  /** How many of the generated queries are searched (besides a few dozen odd ones). */
  private static final int QUERIES = 5_000;

  private static Pool pool;
  private static IndexedCatalogue index;
  private static List<String[]> titles;
  private static List<String> categories;

  @BeforeAll
  static void load() {
    pool = TestApi.shared().catalogue();
    index = Await.result(IndexedCatalogue.load(pool));
    titles = new ArrayList<>();
    categories = new ArrayList<>();
    for (Row row :
        Await.result(
            pool.query(
                    "select code, title_vi, title_en, summary_en, category from procedures"
                        + " order by code")
                .execute())) {
      titles.add(
          new String[] {
            row.getString("code"),
            row.getString("title_vi"),
            row.getString("title_en"),
            row.getString("summary_en")
          });
      if (!categories.contains(row.getString("category"))) {
        categories.add(row.getString("category"));
      }
    }
  }

  /** A search's arguments, as the route passes them to the statement. */
  record Search(
      String q, String category, Integer level, Double afterScore, String afterCode, int limit) {}

  /** How many searches were compared, and how many the index declined. */
  static final class Tally {
    int compared;
    int declined;
    int found;
    final List<String> differences = new ArrayList<>();
  }

  private static List<Hit> statement(Search s) {
    List<Hit> out = new ArrayList<>();
    for (Row row :
        Await.result(
            pool.preparedQuery(ProcedureSql.SEARCH)
                .execute(
                    Tuple.of(
                        s.q(),
                        s.category(),
                        s.level(),
                        s.afterScore(),
                        s.afterCode(),
                        s.limit())))) {
      out.add(new Hit(ProcedureSummary.of(row), row.getDouble("score")));
    }
    return out;
  }

  private static String show(List<Hit> hits) {
    StringBuilder b = new StringBuilder("[");
    for (Hit h : hits) {
      b.append(h.procedure().code()).append('=').append(h.score()).append(' ');
    }
    return b.append(']').toString();
  }

  /** Compares one search, and its second page when the first says there is one. */
  private static void compare(Search s, Tally tally) {
    List<Hit> expected = statement(s);
    List<Hit> actual =
        index.search(s.q(), s.category(), s.level(), s.afterScore(), s.afterCode(), s.limit());
    tally.compared++;
    if (actual == null) {
      tally.declined++;
      return;
    }
    if (!expected.isEmpty()) {
      tally.found++;
    }
    if (!expected.equals(actual)) {
      tally.differences.add(
          s + "\n  statement " + show(expected) + "\n  index     " + show(actual));
      return;
    }
    if (s.afterScore() == null && expected.size() == s.limit() && s.limit() > 1) {
      Hit last = expected.get(s.limit() - 2);
      compare(
          new Search(
              s.q(), s.category(), s.level(), last.score(), last.procedure().code(), s.limit()),
          tally);
    }
  }

  private static String fold(String text) {
    String lower = text.toLowerCase(Locale.ROOT).replace("đ", "d");
    return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  private static List<String> words(String title) {
    List<String> out = new ArrayList<>();
    for (String w : title.split("\\s+")) {
      String t = w.replaceAll("^[,.()]+|[,.()]+$", "");
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  private static String typo(String word, Random rng) {
    if (word.length() < 3) {
      return word + "x";
    }
    int i = 1 + rng.nextInt(word.length() - 2);
    return switch (rng.nextInt(4)) {
      case 0 -> word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2);
      case 1 -> word.substring(0, i) + word.substring(i + 1);
      case 2 -> word.substring(0, i) + word.charAt(i) + word.substring(i);
      default -> word.substring(0, i) + (char) ('a' + rng.nextInt(26)) + word.substring(i + 1);
    };
  }

  /** What people type: prefixes, whole phrases, typos, punctuation, digits, odd characters. */
  private static List<String> queries(Random rng) {
    Set<String> out = new LinkedHashSet<>();
    String[] punctuation = {",", "-", ".", "/", "'", "(", ")", "&", "%", "+", ":", "  ", "_", "!"};
    for (String[] t : titles) {
      for (String title : List.of(t[1], fold(t[1]), t[2], t[1].toUpperCase(Locale.ROOT))) {
        List<String> ws = words(title);
        for (int start = 0; start < ws.size(); start++) {
          String phrase =
              String.join(" ", ws.subList(start, Math.min(ws.size(), start + 1 + rng.nextInt(4))));
          // Every few keystrokes' prefix of the phrase.
          for (int n = 1; n <= phrase.length(); n += 1 + rng.nextInt(3)) {
            out.add(phrase.substring(0, n));
          }
          List<String> typed = new ArrayList<>(words(phrase));
          int k = rng.nextInt(typed.size());
          typed.set(k, typo(typed.get(k), rng));
          out.add(String.join(" ", typed));
          out.add(String.join(punctuation[rng.nextInt(punctuation.length)], words(phrase)));
        }
      }
      // Decomposed accents (as some keyboards send them), the code, its digits, summary words.
      out.add(Normalizer.normalize(t[1], Normalizer.Form.NFD));
      out.add(t[0]);
      out.add(t[0].replaceAll("[^0-9]", ""));
      out.add(t[0].toLowerCase(Locale.ROOT) + " " + words(t[2]).get(0));
      List<String> summary = words(t[3]);
      out.add(summary.get(rng.nextInt(summary.size())).toLowerCase(Locale.ROOT));
    }
    List<String> sample = new ArrayList<>(out);
    java.util.Collections.shuffle(sample, rng);
    out.clear();
    out.addAll(sample.subList(0, Math.min(QUERIES, sample.size())));
    out.addAll(
        List.of(
            "!",
            "--",
            "a",
            "đ",
            "Đ",
            "x",
            "1",
            "0",
            "00",
            "2",
            "24",
            "100%",
            "1e5",
            "1e10x",
            "hq1e5x",
            "海关",
            "thủ tục 海关",
            "naïve",
            "Ærø",
            "ß",
            "thu\ttuc",
            "e",
            "zzqqxxjj",
            "customs",
            "CUSTOMS",
            "hai  quan",
            "hai-quan",
            "hai_quan",
            "(hai)",
            "hải quan!!!",
            "ha ha ha",
            "thu thu tuc",
            "tuc thu",
            "hq",
            "HQ-0",
            "2.000.000",
            "24/7",
            "a b c d e f g h",
            "\u0301a",
            "tha\u0300nh",
            "Thủ tục hải quan đối với hàng hóa xuất khẩu, nhập khẩu thương mại",
            "quá cảnh",
            "qua canh",
            "quá cảnh hàng hóa",
            "😀 hai quan"));
    List<String> list = new ArrayList<>();
    for (String q : out) {
      String trimmed = q.trim();
      if (!trimmed.isEmpty() && trimmed.length() <= 200) {
        list.add(trimmed);
      }
    }
    return list;
  }

  @Test
  @DisplayName(
      "answers thousands of diverse searches (prefixes, accents, typos, punctuation, filters, second"
          + " pages) with exactly the statement's procedures, order and scores")
  void sameAsTheStatement() {
    Random rng = new Random(16);
    Tally tally = new Tally();
    List<String> qs = queries(rng);
    for (String q : qs) {
      compare(new Search(q, null, null, null, null, 21), tally);
      int r = rng.nextInt(6);
      if (r == 0) {
        compare(
            new Search(q, categories.get(rng.nextInt(categories.size())), null, null, null, 21),
            tally);
      } else if (r == 1) {
        compare(new Search(q, null, 2 + rng.nextInt(3), null, null, 21), tally);
      } else if (r == 2) {
        compare(new Search(q, null, null, null, null, 1 + rng.nextInt(4)), tally);
      } else if (r == 3) {
        compare(
            new Search(
                q,
                categories.get(rng.nextInt(categories.size())),
                2 + rng.nextInt(3),
                null,
                null,
                3),
            tally);
      }
    }
    System.out.printf(
        "procedure index: %d queries, %d searches compared (%d with results), %d declined"
            + " (statement), %d differences%n",
        qs.size(), tally.compared, tally.found, tally.declined, tally.differences.size());
    assertThat(qs).hasSizeGreaterThan(QUERIES);
    assertThat(tally.found).as("searches with results").isGreaterThan(tally.compared / 2);
    assertThat(tally.differences)
        .as(String.join("\n", tally.differences.stream().limit(20).toList()))
        .isEmpty();
    assertThat(tally.declined)
        .as("searches the index left to the statement")
        .isLessThan(tally.compared / 20);
  }

  /**
   * ops/bench procedures diverse's own queries (ops/bench.d/search_queries.py, with the bench's
   * arguments): every tenth of them, or all with -Dprocedures.benchQueries=all.
   */
  @Test
  @DisplayName("answers the benchmark's search-as-you-type queries exactly as the statement does")
  void benchmarkQueries() throws IOException, InterruptedException {
    Path script = repositoryRoot().resolve("ops/bench.d/search_queries.py");
    Path out = Files.createTempDirectory("bench-queries");
    Process python =
        new ProcessBuilder("python3", script.toString(), out.toString(), "12000", "5000")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    StringBuilder input = new StringBuilder();
    for (String[] t : titles) {
      input.append(t[0]).append('\t').append(t[1]).append('\t').append(t[2]).append('\n');
    }
    try (var stdin = python.getOutputStream()) {
      stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
    }
    assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).isZero();
    boolean all = "all".equals(System.getProperty("procedures.benchQueries"));
    Tally tally = new Tally();
    int seen = 0;
    for (String set : List.of("warm.txt", "a.txt", "b.txt")) {
      for (String path : Files.readAllLines(out.resolve(set), StandardCharsets.UTF_8)) {
        if (!all && seen++ % 10 != 0) {
          continue;
        }
        String param = path.substring(path.indexOf("q=") + 2, path.indexOf("&lang="));
        String q = URLDecoder.decode(param, StandardCharsets.UTF_8).trim();
        if (!q.isEmpty()) {
          compare(new Search(q, null, null, null, null, ProcedureRoutes.DEFAULT_LIMIT + 1), tally);
        }
      }
    }
    System.out.printf(
        "procedure index, benchmark queries%s: %d searches compared (%d with results), %d"
            + " declined (statement), %d differences%n",
        all ? " (all)" : " (every tenth)",
        tally.compared,
        tally.found,
        tally.declined,
        tally.differences.size());
    assertThat(tally.compared).isGreaterThan(all ? 29_000 : 2_900);
    assertThat(tally.found).as("searches with results").isGreaterThan(tally.compared / 2);
    assertThat(tally.differences)
        .as(String.join("\n", tally.differences.stream().limit(20).toList()))
        .isEmpty();
    assertThat(tally.declined).isLessThan(tally.compared / 20);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("ops/bench.d"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
