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

  /**
   * A text's trigrams, prepared once: for each trigram in order, the index of its distinct value in
   * {@code distinct}.
   */
  record Text(int[] indexes, int[] distinct) {}

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** The text side (b) of word_similarity. */
  static Text text(String s) {
    int[] trigrams = trigrams(s);
    Map<Integer, Integer> index = new HashMap<>();
    int[] indexes = new int[trigrams.length];
    for (int i = 0; i < trigrams.length; i++) {
      indexes[i] = index.computeIfAbsent(trigrams[i], k -> index.size());
    }
    int[] distinct = new int[index.size()];
    index.forEach((trigram, i) -> distinct[i] = trigram);
    return new Text(indexes, distinct);
  }

  /** The pattern side (a) of word_similarity: its distinct trigrams, sorted. */
  static int[] pattern(String s) {
    return Arrays.stream(trigrams(s)).sorted().distinct().toArray();
  }

  /**
   * generate_trgm_only: the trigrams of {@code s} (ASCII) in order, duplicates kept, each packed in
   * an int.
   */
  private static int[] trigrams(String s) {
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
   * word_similarity(pattern, text) when it is at least {@code threshold}; when it is less, some
   * value less than {@code threshold}. calc_word_similarity and iterate_word_similarity (neither
   * strict nor check-only): found[i] tells whether the pattern has the text's i-th distinct
   * trigram, the pattern's trigrams the text lacks count only in ulen1. No stretch of the text can
   * score more than (the trigrams both have) / (the pattern's), so a text below the threshold by
   * that bound is not searched.
   */
  static float of(int[] pattern, Text text, float threshold) {
    int ulen1 = pattern.length;
    int[] distinct = text.distinct();
    if (ulen1 == 0 || distinct.length == 0) {
      return 0.0f;
    }
    boolean[] found = new boolean[distinct.length];
    int common = 0;
    for (int i = 0; i < distinct.length; i++) {
      if (Arrays.binarySearch(pattern, distinct[i]) >= 0) {
        found[i] = true;
        common++;
      }
    }
    if (common == 0 || sml(common, ulen1, common) < threshold) {
      return 0.0f;
    }
    return iterate(text.indexes(), found, ulen1, text.indexes().length, distinct.length);
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
