package vn.customs.digital.risk;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of goods of a declaration, as far as risk cares.
 *
 * <p>Money is in Vietnamese dong with whatever scale was declared: the risk core only compares
 * amounts numerically ({@code compareTo}), so {@code 1500.0} and {@code 1500.00} decide alike,
 * while the stored facts keep the scale they were declared with.
 *
 * @param hsCode 8-digit tariff code of the Vietnamese nomenclature (AHTN-based)
 * @param origin ISO 3166-1 alpha-2 country of origin, upper case
 * @param customsValueVnd customs value of the line in VND
 * @param quantity quantity in the tariff unit, strictly positive
 * @param referenceUnitPriceVnd reference price per unit from the customs price database, or {@code
 *     null} when there is none for these goods
 */
public record DeclarationItem(
    String hsCode,
    String origin,
    BigDecimal customsValueVnd,
    BigDecimal quantity,
    BigDecimal referenceUnitPriceVnd) {

  public DeclarationItem {
    Objects.requireNonNull(hsCode, "hsCode");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(customsValueVnd, "customsValueVnd");
    Objects.requireNonNull(quantity, "quantity");
    if (!isDigits(hsCode, 8)) {
      throw new IllegalArgumentException("hsCode must be 8 digits, got '" + hsCode + "'");
    }
    if (!isCountryCode(origin)) {
      throw new IllegalArgumentException(
          "origin must be an ISO alpha-2 code in upper case, got '" + origin + "'");
    }
    if (customsValueVnd.signum() < 0) {
      throw new IllegalArgumentException(
          "customsValueVnd must not be negative, got " + customsValueVnd);
    }
    if (quantity.signum() <= 0) {
      throw new IllegalArgumentException("quantity must be positive, got " + quantity);
    }
    if (referenceUnitPriceVnd != null && referenceUnitPriceVnd.signum() <= 0) {
      throw new IllegalArgumentException(
          "referenceUnitPriceVnd must be positive when present, got " + referenceUnitPriceVnd);
    }
  }

  static boolean isDigits(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static boolean isCountryCode(String s) {
    return s.length() == 2
        && s.charAt(0) >= 'A'
        && s.charAt(0) <= 'Z'
        && s.charAt(1) >= 'A'
        && s.charAt(1) <= 'Z';
  }
}
