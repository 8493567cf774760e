package vn.customs.digital.api.declarations;

import java.util.regex.Pattern;

/**
 * ISO 6346 freight container numbers: a 3-letter owner code, an equipment category identifier (U
 * freight container, J detachable equipment, Z trailer or chassis), a 6-digit serial number and a
 * check digit, e.g. {@code MSCU1234566}.
 */
public final class ContainerNumbers {
  private static final Pattern SHAPE = Pattern.compile("[A-Z]{3}[UJZ][0-9]{7}");

  /**
   * Letter values A..Z: counting up from 10 but skipping the multiples of 11 (11, 22, 33), so that
   * no letter weighs the same as the modulus.
   */
  private static final int[] LETTER_VALUES = {
    10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36,
    37, 38
  };

  private ContainerNumbers() {}

  /**
   * True when the text is exactly an ISO 6346 number (upper case, no spaces) with a correct check
   * digit.
   */
  public static boolean isValid(String number) {
    if (number == null || !SHAPE.matcher(number).matches()) {
      return false;
    }
    return checkDigit(number.substring(0, 10)) == number.charAt(10) - '0';
  }

  /**
   * The check digit of the first ten characters (owner code, category, serial): character i (from
   * 0) is weighted 2^i; the digit is the weighted sum mod 11, a remainder of 10 counting as 0.
   */
  static int checkDigit(String firstTen) {
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      char c = firstTen.charAt(i);
      int value = Character.isDigit(c) ? c - '0' : LETTER_VALUES[c - 'A'];
      sum += value << i;
    }
    return sum % 11 % 10;
  }
}
