package vn.customs.digital.risk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.customs.digital.risk.ruleset.InterventionKind;
import vn.customs.digital.risk.ruleset.InterventionRule;

/** A layer-2 rule with its criteria turned into fast lookups. */
final class CompiledIntervention implements ItemRule {

  final InterventionRule rule;
  final InterventionKind kind;
  final Channel channel;

  /** Slot in the item-rule table when the rule has item criteria, -1 otherwise. */
  int slot = -1;

  private final List<String> hsPrefixes;

  /** Null when the rule does not restrict origins. */
  private final boolean[] origins;

  private final Set<String> taxCodes;
  private final Set<String> officeCodes;
  private final Set<String> gateCodes;
  private final Set<TransportMode> transportModes;
  private final Set<DeclarationType> declarationTypes;
  private final LocalDate validFrom;
  private final LocalDate validUntil;

  CompiledIntervention(InterventionRule rule, LocalDate rulesetValidFrom) {
    this.rule = rule;
    this.kind = rule.kind();
    this.channel = rule.effectiveChannel();
    this.hsPrefixes = rule.hsPrefixes() == null ? List.of() : List.copyOf(rule.hsPrefixes());
    this.origins = rule.origins() == null ? null : Countries.mask(rule.origins());
    this.taxCodes = setOf(rule.taxCodes());
    this.officeCodes = setOf(rule.officeCodes());
    this.gateCodes = setOf(rule.gateCodes());
    this.transportModes = setOf(rule.transportModes());
    this.declarationTypes = setOf(rule.declarationTypes());
    this.validFrom = rule.validFrom() == null ? rulesetValidFrom : rule.validFrom();
    this.validUntil = rule.validUntil();
  }

  private static <T> Set<T> setOf(List<T> list) {
    return list == null ? Set.of() : new HashSet<>(list);
  }

  /** Whether the rule looks at items (HS code or origin) and so is reached through the trie. */
  boolean perItem() {
    return !hsPrefixes.isEmpty() || origins != null;
  }

  @Override
  public List<String> hsPrefixes() {
    return hsPrefixes;
  }

  @Override
  public boolean matchesItem(
      DeclarationItem item, BigDecimal referenceValue, DeclarationFacts facts) {
    return (origins == null || origins[Countries.index(item.origin())])
        && matchesDeclaration(facts);
  }

  /** Declaration-level criteria (every criterion a rule does not set holds). */
  boolean matchesDeclaration(DeclarationFacts facts) {
    if (kind == InterventionKind.TARGETING
        && (facts.decisionDate().isBefore(validFrom) || facts.decisionDate().isAfter(validUntil))) {
      return false;
    }
    return (taxCodes.isEmpty()
            || taxCodes.contains(facts.declarantTaxCode())
            || taxCodes.contains(facts.consigneeTaxCode()))
        && (officeCodes.isEmpty() || officeCodes.contains(facts.officeCode()))
        && (gateCodes.isEmpty() || gateCodes.contains(facts.gateCode()))
        && (transportModes.isEmpty() || transportModes.contains(facts.transportMode()))
        && (declarationTypes.isEmpty() || declarationTypes.contains(facts.type()));
  }

  InterventionFired firedOnItem(DeclarationItem item, int itemNo) {
    String hs = item.hsCode();
    String group = hsPrefixes.isEmpty() ? "" : " (group " + matchedPrefix(hs) + ")";
    String what =
        switch (kind) {
          case PROHIBITED -> "is prohibited";
          case QUARANTINE -> "is subject to quarantine";
          case SPECIALISED_INSPECTION -> "is subject to specialised inspection";
          case TARGETING ->
              "matches targeting rule "
                  + rule.id()
                  + ", in force "
                  + validFrom
                  + " to "
                  + validUntil;
          case WATCH_LIST -> throw new IllegalStateException("watch-list rules are not per item");
        };
    String origin = origins == null ? "" : " from " + item.origin();
    return new InterventionFired(
        rule.id(), kind, channel, "item " + itemNo + " HS " + hs + group + origin + " " + what);
  }

  /** The rule fired without item criteria, or null when it does not fire. */
  InterventionFired evaluateDeclaration(DeclarationFacts facts) {
    if (!matchesDeclaration(facts)) {
      return null;
    }
    String explanation =
        switch (kind) {
          case WATCH_LIST ->
              taxCodes.contains(facts.declarantTaxCode())
                  ? "declarant " + facts.declarantTaxCode() + " is on watch list " + rule.id()
                  : "consignee " + facts.consigneeTaxCode() + " is on watch list " + rule.id();
          case TARGETING ->
              "declaration matches targeting rule "
                  + rule.id()
                  + ", in force "
                  + validFrom
                  + " to "
                  + validUntil;
          default -> throw new IllegalStateException(kind + " rules look at items");
        };
    return new InterventionFired(rule.id(), kind, channel, explanation);
  }
}
