package vn.customs.digital.risk.ruleset;

import java.util.Set;

/**
 * Kinds of layer-1 indicators. Each fires at most once per declaration and then adds its weight to
 * the score; the parameters it reads are listed so that the validator can reject a parameter that
 * would silently be ignored (a typo or a misunderstanding of the rule).
 */
public enum IndicatorType {
  /** An item's HS code starts with one of {@code hsPrefixes}. */
  HS_PREFIX(Set.of("hsPrefixes"), Set.of()),
  /** An item originates in one of {@code origins}, optionally only for {@code hsPrefixes}. */
  ORIGIN(Set.of("origins"), Set.of("hsPrefixes")),
  /**
   * An item's unit value (customs value / quantity) is below {@code ratioBelow} times its reference
   * unit price; items without a reference price never fire.
   */
  UNDERVALUATION(Set.of("ratioBelow"), Set.of("hsPrefixes")),
  /** An item matches {@code hsPrefixes} and the declaration lacks {@code document}. */
  MISSING_DOCUMENT(Set.of("hsPrefixes", "document"), Set.of()),
  /** The declarant was registered fewer than {@code ageBelowMonths} months ago. */
  NEW_TRADER(Set.of("ageBelowMonths"), Set.of()),
  /**
   * The declarant has at least {@code countAtLeast} violations of {@code minSeverity} or worse in
   * the last {@code windowMonths} (12 or 24) months.
   */
  VIOLATIONS(Set.of("minSeverity", "windowMonths", "countAtLeast"), Set.of()),
  /** The declarant's overdue tax debt exceeds {@code amountAboveVnd} (0: any overdue debt). */
  OVERDUE_DEBT(Set.of("amountAboveVnd"), Set.of()),
  /** The declarant lodged fewer than {@code declarationsBelow} declarations in 12 months. */
  LOW_ACTIVITY(Set.of("declarationsBelow"), Set.of()),
  /** The goods cross the border by one of {@code transportModes}. */
  TRANSPORT_MODE(Set.of("transportModes"), Set.of()),
  /**
   * The declaration is handled at one of {@code officeCodes} or passes one of {@code gateCodes}.
   */
  ENTRY_POINT(Set.of(), Set.of("officeCodes", "gateCodes")),
  /** The total customs value of the declaration is at least {@code amountAtLeastVnd}. */
  HIGH_VALUE(Set.of("amountAtLeastVnd"), Set.of()),
  /**
   * The declarant made at least {@code countAtLeast} amendments to declarations already released,
   * in the last 12 months (the window the trader profile keeps for them).
   */
  AMENDMENTS_AFTER_RELEASE(Set.of("countAtLeast"), Set.of()),
  /**
   * The declarant paid duties after their due date at least {@code countAtLeast} times in the last
   * 12 months.
   */
  LATE_PAYMENTS(Set.of("countAtLeast"), Set.of());

  private final Set<String> required;
  private final Set<String> optional;

  IndicatorType(Set<String> required, Set<String> optional) {
    this.required = required;
    this.optional = optional;
  }

  public Set<String> requiredParameters() {
    return required;
  }

  public Set<String> optionalParameters() {
    return optional;
  }

  /**
   * Whether the indicator looks at each item (and so at HS codes) rather than at the declaration.
   */
  public boolean perItem() {
    return this == HS_PREFIX
        || this == ORIGIN
        || this == UNDERVALUATION
        || this == MISSING_DOCUMENT;
  }
}
