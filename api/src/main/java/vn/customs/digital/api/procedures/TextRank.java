package vn.customs.digital.api.procedures;

import java.util.Arrays;

/**
 * PostgreSQL 15's {@code ts_rank(tsvector, tsquery)} with the default weights and normalization 0
 * (src/backend/utils/adt/tsrank.c: calc_rank, calc_rank_and, calc_rank_or), for a query that is an
 * AND of prefix words, bit for bit: the C code mixes float and double arithmetic, and so does this
 * one, operation by operation, so that the result is the same float.
 */
final class TextRank {
  /** tsrank.c's weights, by the weight's index (D, C, B, A). */
  private static final float[] WEIGHTS = {0.1f, 0.2f, 0.4f, 1.0f};

  /** word_distance(1..100); above 100 it is 1e-30f. */
  private static final float[] WORD_DISTANCE = new float[101];

  static {
    for (int w = 1; w <= 100; w++) {
      WORD_DISTANCE[w] = wordDistanceFor(StrictMath.exp(((float) w) / 1.5 - 2));
    }
  }

  private TextRank() {}

  /** One lexeme of a tsvector: its positions and, for each, its weight's index (0 = D, 3 = A). */
  record Lexeme(String text, short[] positions, byte[] weights) {}

  /**
   * word_distance's formula for a given exp(w / 1.5 - 2) (computed in double, returned as a float):
   * exposed so that a test can show that an exp a few ulps off (glibc's and the JDK's exp need not
   * agree to the last bit) gives the same float for every distance.
   */
  static float wordDistanceFor(double exp) {
    return (float) (1.0 / (1.005 + 0.05 * exp));
  }

  static float wordDistance(int w) {
    return w > 100 ? 1e-30f : WORD_DISTANCE[w];
  }

  /**
   * ts_rank of {@code doc} for the query {@code words[0]:* & words[1]:* & ...} (its operands in the
   * query's order, duplicates included), every word matching at least one lexeme.
   */
  static float rank(Lexeme[] doc, String[] words) {
    if (doc.length == 0 || words.length == 0) {
      return 0.0f;
    }
    String[] items = sortAndUniq(words);
    // A single operand is the query's root (calc_rank_or); two or more are under an AND, and
    // calc_rank_and hands over to calc_rank_or when fewer than two distinct ones remain.
    float res = words.length > 1 && items.length >= 2 ? rankAnd(doc, items) : rankOr(doc, items);
    if (res < 0) {
      res = 1e-20f;
    }
    return res;
  }

  /**
   * SortAndUniqItems: by tsCompareString (bytes, then the shorter first), duplicates dropped. The
   * words are ASCII, for which String's order is the same.
   */
  private static String[] sortAndUniq(String[] words) {
    String[] sorted = words.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (String w : sorted) {
      if (n == 0 || !sorted[n - 1].equals(w)) {
        sorted[n++] = w;
      }
    }
    return Arrays.copyOf(sorted, n);
  }

  private static float rankAnd(Lexeme[] doc, String[] items) {
    Lexeme[] pos = new Lexeme[items.length];
    float res = -1.0f;
    for (int i = 0; i < items.length; i++) {
      // find_wordentry with a prefix: every lexeme the word begins, in the tsvector's order.
      for (Lexeme entry : doc) {
        if (!entry.text().startsWith(items[i])) {
          continue;
        }
        pos[i] = entry;
        short[] post = entry.positions();
        byte[] postw = entry.weights();
        for (int k = 0; k < i; k++) {
          if (pos[k] == null) {
            continue;
          }
          short[] ct = pos[k].positions();
          byte[] ctw = pos[k].weights();
          for (int l = 0; l < post.length; l++) {
            for (int p = 0; p < ct.length; p++) {
              int dist = Math.abs(post[l] - ct[p]);
              if (dist != 0) {
                float curw =
                    (float) Math.sqrt(WEIGHTS[postw[l]] * WEIGHTS[ctw[p]] * wordDistance(dist));
                res = res < 0 ? curw : (float) (1.0 - (1.0 - res) * (1.0 - curw));
              }
            }
          }
        }
      }
    }
    return res;
  }

  private static float rankOr(Lexeme[] doc, String[] items) {
    float res = 0.0f;
    for (String item : items) {
      for (Lexeme entry : doc) {
        if (!entry.text().startsWith(item)) {
          continue;
        }
        byte[] post = entry.weights();
        float resj = 0.0f;
        float wjm = -1.0f;
        int jm = 0;
        for (int j = 0; j < post.length; j++) {
          resj = resj + WEIGHTS[post[j]] / ((j + 1) * (j + 1));
          if (WEIGHTS[post[j]] > wjm) {
            wjm = WEIGHTS[post[j]];
            jm = j;
          }
        }
        res = (float) (res + (wjm + resj - wjm / ((jm + 1) * (jm + 1))) / 1.64493406685);
      }
    }
    if (items.length > 0) {
      res = res / items.length;
    }
    return res;
  }
}
