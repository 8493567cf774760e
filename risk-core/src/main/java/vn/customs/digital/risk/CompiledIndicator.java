package vn.customs.digital.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.customs.digital.risk.ruleset.IndicatorDefinition;
import vn.customs.digital.risk.ruleset.IndicatorType;

/** A layer-1 indicator with its parameters turned into fast lookups. */
final class CompiledIndicator implements ItemRule {

  final IndicatorDefinition definition;
  final IndicatorType type;
  final double weight;

  /** Slot in the item-rule table for per-item indicators, -1 for declaration-level ones. */
  int slot = -1;

  private final List<String> hsPrefixes;
  private final boolean[] origins;
  private final BigDecimal ratioBelow;
  private final Set<TransportMode> transportModes;
  private final Set<String> officeCodes;
  private final Set<String> gateCodes;

  CompiledIndicator(IndicatorDefinition d) {
    this.definition = d;
    this.type = d.type();
    this.weight = d.weight();
    this.hsPrefixes = d.hsPrefixes() == null ? List.of() : List.copyOf(d.hsPrefixes());
    this.origins = Countries.mask(d.origins());
    this.ratioBelow = d.ratioBelow();
    this.transportModes = d.transportModes() == null ? Set.of() : Set.copyOf(d.transportModes());
    this.officeCodes = d.officeCodes() == null ? Set.of() : new HashSet<>(d.officeCodes());
    this.gateCodes = d.gateCodes() == null ? Set.of() : new HashSet<>(d.gateCodes());
  }

  @Override
  public List<String> hsPrefixes() {
    return hsPrefixes;
  }

  @Override
  public boolean matchesItem(
      DeclarationItem item, BigDecimal referenceValue, DeclarationFacts facts) {
    return switch (type) {
      case HS_PREFIX -> true;
      case ORIGIN -> origins[Countries.index(item.origin())];
      // value / quantity < ratio * reference, rearranged as value < ratio * (reference * quantity):
      // no division, so no rounding can move a case across the line.
      case UNDERVALUATION ->
          referenceValue != null
              && item.customsValueVnd().compareTo(ratioBelow.multiply(referenceValue)) < 0;
      case MISSING_DOCUMENT -> !facts.documents().contains(definition.document());
      default -> throw new IllegalStateException(type + " is not a per-item indicator");
    };
  }

  /**
   * The contribution of a per-item indicator that fired on {@code item} (1-based {@code itemNo}).
   */
  IndicatorContribution contributionForItem(
      DeclarationItem item, int itemNo, DeclarationFacts facts) {
    String hs = item.hsCode();
    return switch (type) {
      case HS_PREFIX ->
          contribution(
              hs, "item " + itemNo + " HS " + hs + " is in risk group " + matchedPrefix(hs));
      case ORIGIN ->
          contribution(
              item.origin(), "item " + itemNo + " HS " + hs + " originates in " + item.origin());
      case UNDERVALUATION -> {
        // Display only (the decision compared exact products); fixed scales keep it cheap
        // and identical whatever scale the amounts were declared with.
        BigDecimal unit = item.customsValueVnd().divide(item.quantity(), 0, RoundingMode.HALF_EVEN);
        BigDecimal ratio =
            item.customsValueVnd()
                .divide(
                    item.referenceUnitPriceVnd().multiply(item.quantity()),
                    2,
                    RoundingMode.HALF_EVEN);
        yield contribution(
            Amounts.plain(ratio),
            "item "
                + itemNo
                + " HS "
                + hs
                + " unit value "
                + Amounts.plain(unit)
                + " VND is "
                + Amounts.plain(ratio)
                + " of the reference price "
                + Amounts.plain(item.referenceUnitPriceVnd())
                + " VND (below "
                + Amounts.plain(ratioBelow)
                + ")");
      }
      case MISSING_DOCUMENT ->
          contribution(
              definition.document() + " missing",
              "item "
                  + itemNo
                  + " HS "
                  + hs
                  + " requires "
                  + definition.document()
                  + ", which is not attached");
      default -> throw new IllegalStateException(type + " is not a per-item indicator");
    };
  }

  /** The contribution of a declaration-level indicator, or null when it does not fire. */
  IndicatorContribution evaluateDeclaration(
      DeclarationFacts facts, TraderProfile profile, long ageMonths, BigDecimal totalValue) {
    IndicatorDefinition d = definition;
    switch (type) {
      case NEW_TRADER -> {
        if (ageMonths < d.ageBelowMonths()) {
          return contribution(
              ageMonths + " months",
              "enterprise registered "
                  + ageMonths
                  + " months before the decision (under "
                  + d.ageBelowMonths()
                  + ")");
        }
      }
      case VIOLATIONS -> {
        int count = profile.violations(d.minSeverity(), d.windowMonths());
        if (count >= d.countAtLeast()) {
          return contribution(
              Integer.toString(count),
              count
                  + " violation(s) of severity "
                  + d.minSeverity()
                  + " or worse in the last "
                  + d.windowMonths()
                  + " months (at least "
                  + d.countAtLeast()
                  + ")");
        }
      }
      case OVERDUE_DEBT -> {
        if (profile.overdueDebtVnd().compareTo(d.amountAboveVnd()) > 0) {
          return contribution(
              Amounts.plain(profile.overdueDebtVnd()),
              "overdue tax debt of "
                  + Amounts.plain(profile.overdueDebtVnd())
                  + " VND (above "
                  + Amounts.plain(d.amountAboveVnd())
                  + ")");
        }
      }
      case LOW_ACTIVITY -> {
        if (profile.declarationsLast12Months() < d.declarationsBelow()) {
          return contribution(
              Integer.toString(profile.declarationsLast12Months()),
              profile.declarationsLast12Months()
                  + " declaration(s) in the last 12 months (under "
                  + d.declarationsBelow()
                  + ")");
        }
      }
      case TRANSPORT_MODE -> {
        if (transportModes.contains(facts.transportMode())) {
          return contribution(
              facts.transportMode().name(), "goods carried by " + facts.transportMode());
        }
      }
      case ENTRY_POINT -> {
        if (officeCodes.contains(facts.officeCode())) {
          return contribution(facts.officeCode(), "declared at office " + facts.officeCode());
        }
        if (gateCodes.contains(facts.gateCode())) {
          return contribution(facts.gateCode(), "goods pass gate " + facts.gateCode());
        }
      }
      case HIGH_VALUE -> {
        if (totalValue.compareTo(d.amountAtLeastVnd()) >= 0) {
          return contribution(
              Amounts.plain(totalValue),
              "total customs value "
                  + Amounts.plain(totalValue)
                  + " VND (at least "
                  + Amounts.plain(d.amountAtLeastVnd())
                  + ")");
        }
      }
      case AMENDMENTS_AFTER_RELEASE -> {
        return countInLast12Months(
            profile.amendmentsAfterReleaseLast12Months(), "amendment(s) after release");
      }
      case LATE_PAYMENTS -> {
        return countInLast12Months(profile.latePaymentsLast12Months(), "late duty payment(s)");
      }
      default -> throw new IllegalStateException(type + " is a per-item indicator");
    }
    return null;
  }

  /** Fires when the profile's 12-month count reaches {@code countAtLeast}; null otherwise. */
  private IndicatorContribution countInLast12Months(int count, String what) {
    if (count < definition.countAtLeast()) {
      return null;
    }
    return contribution(
        Integer.toString(count),
        count + " " + what + " in the last 12 months (at least " + definition.countAtLeast() + ")");
  }

  private IndicatorContribution contribution(String observed, String explanation) {
    return new IndicatorContribution(definition.id(), type, weight, observed, explanation);
  }
}
