package vn.customs.digital.api.assessment;

import java.math.BigDecimal;
import java.util.List;

/**
 * What an assessment reads of a declaration: which way the goods go, the currency of their declared
 * values, and for each item its tariff line, origin, value and the preference it claims. The
 * declarations' document is one, so the assessment knows nothing of the declarations package that
 * uses it.
 */
public interface Goods {
  /** Exports bear export duty only; everything else is assessed as an import. */
  boolean export();

  String currency();

  /**
   * In the declaration's order: an item's index is its place in the declaration's {@code /items}.
   */
  List<? extends Item> items();

  /** One item of the goods. */
  interface Item {
    String hsCode();

    /** ISO 3166 alpha-2 country of origin. */
    String origin();

    /** The declared value, in the goods' currency. */
    BigDecimal value();

    /**
     * The form of the certificate of origin claiming a preference (D, E, EUR.1...), or null: MFN
     * duty.
     */
    String certificateForm();
  }
}
