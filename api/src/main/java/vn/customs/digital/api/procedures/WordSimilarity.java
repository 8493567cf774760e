package vn.customs.digital.api.procedures;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * pg_trgm's {@code word_similarity(a, b)} (contrib/pg_trgm/trgm_op.c, PostgreSQL 15: words of
 * letters and digits, lower-cased, padded with two blanks before and one after; the greatest
 * similarity between a's trigrams and a stretch of b's; a float), for ASCII text only: a non-ASCII
 * letter is a word character or not depending on the database's locale, which only PostgreSQL
 * knows.
 */
final class WordSimilarity {
  private WordSimilarity() {}

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * generate_trgm_only: the trigrams of {@code s} (ASCII) in order, duplicates kept, each packed in
   * an int.
   */
  static int[] trigrams(String s) {
    int[] out = new int[s.length() * 2 + 4];
    int n = 0;
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && !isWordChar(s.charAt(i))) {
        i++;
      }
      int begin = i;
      while (i < s.length() && isWordChar(s.charAt(i))) {
        i++;
      }
      if (i == begin) {
        break;
      }
      // "  word ": as many trigrams as the word has letters, plus one.
      String padded = "  " + s.substring(begin, i).toLowerCase(java.util.Locale.ROOT) + " ";
      for (int t = 0; t + 3 <= padded.length(); t++) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = (padded.charAt(t) << 16) | (padded.charAt(t + 1) << 8) | padded.charAt(t + 2);
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * calc_word_similarity and iterate_word_similarity (neither strict nor check-only), for the
   * trigrams of the pattern and of the text as {@link #trigrams} makes them.
   */
  static float of(int[] pattern, int[] text) {
    if (pattern.length == 0 || text.length == 0) {
      return 0.0f;
    }
    // Each distinct trigram gets an index; found[index] when the pattern has it.
    Map<Integer, Integer> index = new HashMap<>();
    for (int t : pattern) {
      index.putIfAbsent(t, index.size());
    }
    int ulen1 = index.size();
    int[] trg2indexes = new int[text.length];
    for (int i = 0; i < text.length; i++) {
      trg2indexes[i] = index.computeIfAbsent(text[i], k -> index.size());
    }
    int len = index.size();
    boolean[] found = new boolean[len];
    Arrays.fill(found, 0, ulen1, true);
    return iterate(trg2indexes, found, ulen1, text.length, len);
  }

  private static float sml(int count, int len1, int len2) {
    return ((float) count) / ((float) (len1 + len2 - count));
  }

  private static float iterate(int[] trg2indexes, boolean[] found, int ulen1, int len2, int len) {
    int[] lastpos = new int[len];
    Arrays.fill(lastpos, -1);
    int ulen2 = 0;
    int count = 0;
    int upper;
    int lower = -1;
    float smlrCur;
    float smlrMax = 0.0f;
    for (int i = 0; i < len2; i++) {
      int trgindex = trg2indexes[i];
      if (lower >= 0 || found[trgindex]) {
        if (lastpos[trgindex] < 0) {
          ulen2++;
          if (found[trgindex]) {
            count++;
          }
        }
        lastpos[trgindex] = i;
      }
      if (found[trgindex]) {
        upper = i;
        if (lower == -1) {
          lower = i;
          ulen2 = 1;
        }
        smlrCur = sml(count, ulen1, ulen2);
        int tmpCount = count;
        int tmpUlen2 = ulen2;
        int prevLower = lower;
        for (int tmpLower = lower; tmpLower <= upper; tmpLower++) {
          float smlrTmp = sml(tmpCount, ulen1, tmpUlen2);
          if (smlrTmp > smlrCur) {
            smlrCur = smlrTmp;
            ulen2 = tmpUlen2;
            lower = tmpLower;
            count = tmpCount;
          }
          int tmpTrgindex = trg2indexes[tmpLower];
          if (lastpos[tmpTrgindex] == tmpLower) {
            tmpUlen2--;
            if (found[tmpTrgindex]) {
              tmpCount--;
            }
          }
        }
        smlrMax = smlrMax > smlrCur ? smlrMax : smlrCur;
        for (int tmpLower = prevLower; tmpLower < lower; tmpLower++) {
          int tmpTrgindex = trg2indexes[tmpLower];
          if (lastpos[tmpTrgindex] == tmpLower) {
            lastpos[tmpTrgindex] = -1;
          }
        }
      }
    }
    return smlrMax;
  }
}
