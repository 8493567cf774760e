package vn.customs.digital.risk;

import java.math.BigDecimal;

/** Formatting of amounts in explanations. */
final class Amounts {

  private Amounts() {}

  /**
   * Plain digits without trailing zeros, so that an explanation reads the same whatever scale the
   * amount was declared with (1500000.00 and 1500000 both give "1500000"): decisions must not
   * depend on the scale.
   */
  static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }
}
