package vn.customs.digital.risk;

import java.util.List;

/** ISO alpha-2 codes as indexes into a 26x26 table: a set lookup without hashing. */
final class Countries {

  static final int SIZE = 26 * 26;

  private Countries() {}

  static int index(String alpha2) {
    return (alpha2.charAt(0) - 'A') * 26 + (alpha2.charAt(1) - 'A');
  }

  /** A table with the listed countries set; null or empty means none. */
  static boolean[] mask(List<String> countries) {
    boolean[] mask = new boolean[SIZE];
    if (countries != null) {
      for (String c : countries) {
        mask[index(c)] = true;
      }
    }
    return mask;
  }
}
