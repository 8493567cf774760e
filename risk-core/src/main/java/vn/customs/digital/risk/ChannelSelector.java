package vn.customs.digital.risk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import vn.customs.digital.risk.ruleset.IndicatorDefinition;
import vn.customs.digital.risk.ruleset.IndicatorType;
import vn.customs.digital.risk.ruleset.InterventionRule;
import vn.customs.digital.risk.ruleset.Ruleset;
import vn.customs.digital.risk.ruleset.RulesetValidator;

/**
 * Selects the channel of a declaration under one ruleset: facts in, {@link ChannelDecision} out.
 *
 * <h2>Layers and precedence</h2>
 *
 * Every layer demands a channel; the final channel is the strictest demand, with one exception, the
 * priority enterprise. From strongest to weakest:
 *
 * <ol>
 *   <li><b>Prohibited goods</b>: RED.
 *   <li><b>Targeting rules</b> in force on the decision date and <b>watch-listed</b> declarant or
 *       consignee: the rule's channel.
 *   <li><b>Quarantine</b> and <b>specialised inspection</b>: at least YELLOW (or the rule's
 *       channel).
 *   <li><b>Priority enterprise</b> (when the ruleset grants it): GREEN instead of what the score
 *       demands. It cannot lower any demand above it.
 *   <li><b>Score</b>: YELLOW at or above the yellow threshold, RED at or above the red one.
 *   <li><b>Random selection</b>: only for a declaration all the above leave GREEN; priority
 *       enterprises are drawn at the rates times {@code priorityEnterpriseFactor}.
 * </ol>
 *
 * An intervention raises the channel and never lowers it: a targeting rule asking for YELLOW on a
 * declaration whose score demands RED gives RED. Reason codes list every demand that reached the
 * final channel, in this order, so the first is the strongest.
 *
 * <p>The selector is immutable and thread-safe: build one per ruleset version and share it (between
 * event loops, and beside a candidate ruleset's selector in shadow mode). It does no I/O, reads no
 * clock and draws no randomness of its own.
 */
public final class ChannelSelector {

  private final Ruleset ruleset;
  private final double yellowThreshold;
  private final double redThreshold;
  private final double redRate;
  private final double yellowRate;
  private final double priorityEnterpriseFactor;
  private final boolean priorityEnterpriseGreen;

  private final CompiledIndicator[] indicators;
  private final CompiledIntervention[] interventions;

  /** Item rules (indicators and interventions with item criteria) by slot. */
  private final ItemRule[] itemRules;

  private final HsPrefixTrie trie = new HsPrefixTrie();
  private final boolean needsTotalValue;

  private ChannelSelector(Ruleset ruleset) {
    this.ruleset = ruleset;
    this.yellowThreshold = ruleset.thresholds().yellow();
    this.redThreshold = ruleset.thresholds().red();
    this.redRate = ruleset.random().redRate();
    this.yellowRate = ruleset.random().yellowRate();
    this.priorityEnterpriseFactor = ruleset.random().priorityEnterpriseFactor();
    this.priorityEnterpriseGreen = ruleset.priorityEnterpriseGreen();

    List<ItemRule> items = new ArrayList<>();
    indicators = new CompiledIndicator[ruleset.indicators().size()];
    boolean total = false;
    for (int i = 0; i < indicators.length; i++) {
      IndicatorDefinition d = ruleset.indicators().get(i);
      CompiledIndicator ci = new CompiledIndicator(d);
      if (d.type().perItem()) {
        ci.slot = index(ci, items);
      }
      total |= d.type() == IndicatorType.HIGH_VALUE;
      indicators[i] = ci;
    }
    needsTotalValue = total;
    interventions = new CompiledIntervention[ruleset.interventions().size()];
    for (int i = 0; i < interventions.length; i++) {
      InterventionRule r = ruleset.interventions().get(i);
      CompiledIntervention ci = new CompiledIntervention(r, ruleset.validFrom());
      if (ci.perItem()) {
        ci.slot = index(ci, items);
      }
      interventions[i] = ci;
    }
    itemRules = items.toArray(ItemRule[]::new);
  }

  private int index(ItemRule rule, List<ItemRule> items) {
    int slot = items.size();
    items.add(rule);
    if (rule.hsPrefixes().isEmpty()) {
      trie.add("", slot);
    } else {
      for (String prefix : rule.hsPrefixes()) {
        trie.add(prefix, slot);
      }
    }
    return slot;
  }

  /**
   * Validates and compiles a ruleset.
   *
   * @throws vn.customs.digital.risk.ruleset.RulesetValidationException listing every problem
   */
  public static ChannelSelector of(Ruleset ruleset) {
    RulesetValidator.validate(ruleset);
    return new ChannelSelector(ruleset);
  }

  public Ruleset ruleset() {
    return ruleset;
  }

  /**
   * Decides the channel of a declaration.
   *
   * @param profile the declarant's profile; its tax code must be the declarant's
   * @param key the random-selection key of the decision date
   * @throws IllegalArgumentException when the profile or the key does not belong to the facts
   */
  public ChannelDecision decide(DeclarationFacts facts, TraderProfile profile, RandomKey key) {
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(key, "key");
    if (!profile.taxCode().equals(facts.declarantTaxCode())) {
      throw new IllegalArgumentException(
          "profile of "
              + profile.taxCode()
              + " given for a declaration by "
              + facts.declarantTaxCode());
    }
    if (!key.date().equals(facts.decisionDate())) {
      throw new IllegalArgumentException(
          "random key "
              + key.keyId()
              + " is for "
              + key.date()
              + ", the decision is dated "
              + facts.decisionDate());
    }

    // Per-item rules: walk each item's HS code down the trie once; remember the first item
    // each rule fired on (1-based, 0 = not fired), which is the one its explanation names.
    int[] firstItem = new int[itemRules.length];
    int[] candidates = new int[trie.entries()];
    List<DeclarationItem> items = facts.items();
    for (int i = 0; i < items.size(); i++) {
      DeclarationItem item = items.get(i);
      BigDecimal reference = item.referenceUnitPriceVnd();
      BigDecimal referenceValue = reference == null ? null : reference.multiply(item.quantity());
      int n = trie.collect(item.hsCode(), candidates);
      for (int c = 0; c < n; c++) {
        int slot = candidates[c];
        if (firstItem[slot] == 0 && itemRules[slot].matchesItem(item, referenceValue, facts)) {
          firstItem[slot] = i + 1;
        }
      }
    }

    // Layer 1: indicators in document order, so that the double sum is reproducible.
    long ageMonths = profile.ageInMonths(facts.decisionDate());
    BigDecimal totalValue = needsTotalValue ? totalValue(items) : null;
    List<IndicatorContribution> contributions = new ArrayList<>();
    double score = 0.0;
    boolean documentsCounted = false;
    for (CompiledIndicator ci : indicators) {
      IndicatorContribution c;
      if (ci.slot >= 0) {
        int itemNo = firstItem[ci.slot];
        c = itemNo == 0 ? null : ci.contributionForItem(items.get(itemNo - 1), itemNo, facts);
      } else {
        c = ci.evaluateDeclaration(facts, profile, ageMonths, totalValue);
      }
      if (c != null) {
        contributions.add(c);
        score += ci.weight;
        documentsCounted |= ci.type == IndicatorType.MISSING_DOCUMENT;
      }
    }
    Channel scoreChannel =
        score >= redThreshold
            ? Channel.RED
            : score >= yellowThreshold ? Channel.YELLOW : Channel.GREEN;

    // Layer 2: collect the demand of each precedence level.
    List<InterventionFired> fired = new ArrayList<>();
    Channel prohibited = Channel.GREEN;
    Channel forced = Channel.GREEN;
    Channel quarantine = Channel.GREEN;
    Channel inspection = Channel.GREEN;
    for (CompiledIntervention ci : interventions) {
      InterventionFired f;
      if (ci.slot >= 0) {
        int itemNo = firstItem[ci.slot];
        f = itemNo == 0 ? null : ci.firedOnItem(items.get(itemNo - 1), itemNo);
      } else {
        f = ci.evaluateDeclaration(facts);
      }
      if (f == null) {
        continue;
      }
      fired.add(f);
      switch (ci.kind) {
        case PROHIBITED -> prohibited = prohibited.atLeast(ci.channel);
        case TARGETING, WATCH_LIST -> forced = forced.atLeast(ci.channel);
        case QUARANTINE -> quarantine = quarantine.atLeast(ci.channel);
        case SPECIALISED_INSPECTION -> inspection = inspection.atLeast(ci.channel);
      }
    }

    boolean priorityGreen = priorityEnterpriseGreen && profile.priorityEnterprise();
    Channel scoreDemand = priorityGreen ? Channel.GREEN : scoreChannel;
    Channel channel =
        prohibited.atLeast(forced).atLeast(quarantine).atLeast(inspection).atLeast(scoreDemand);

    // Layer 3: the draw is always computed and recorded, so an auditor can check that a
    // declaration that was not drawn really was not; it only counts when all else is GREEN.
    double factor = profile.priorityEnterprise() ? priorityEnterpriseFactor : 1.0;
    double redBelow = redRate * factor;
    double yellowBelow = redBelow + yellowRate * factor;
    double draw = RandomDraw.draw(key, facts.declarationNumber());
    boolean applied = channel == Channel.GREEN;
    Channel randomChannel = Channel.GREEN;
    if (applied) {
      randomChannel =
          draw < redBelow ? Channel.RED : draw < yellowBelow ? Channel.YELLOW : Channel.GREEN;
      channel = randomChannel;
    }
    RandomSelection random =
        new RandomSelection(key.keyId(), draw, redBelow, yellowBelow, applied, randomChannel);

    List<ReasonCode> reasons = new ArrayList<>(3);
    if (channel == Channel.GREEN) {
      reasons.add(priorityGreen ? ReasonCode.PRIORITY_ENTERPRISE : ReasonCode.LOW_RISK);
    } else {
      addIf(reasons, prohibited == channel, ReasonCode.PROHIBITED);
      addIf(reasons, forced == channel, ReasonCode.CONTROL);
      addIf(reasons, quarantine == channel, ReasonCode.QUARANTINE);
      addIf(reasons, inspection == channel, ReasonCode.SPECIALISED_INSPECTION);
      addIf(reasons, scoreDemand == channel, ReasonCode.SCORE);
      addIf(reasons, scoreDemand == channel && documentsCounted, ReasonCode.DOCUMENTS);
      addIf(reasons, randomChannel == channel, ReasonCode.RANDOM);
    }

    return new ChannelDecision(
        facts.declarationNumber(),
        facts.decisionDate(),
        ruleset.id(),
        ruleset.version(),
        channel,
        reasons,
        score,
        ruleset.thresholds(),
        scoreChannel,
        profile.priorityEnterprise(),
        contributions,
        fired,
        random);
  }

  private static void addIf(List<ReasonCode> reasons, boolean condition, ReasonCode code) {
    if (condition) {
      reasons.add(code);
    }
  }

  private static BigDecimal totalValue(List<DeclarationItem> items) {
    BigDecimal total = BigDecimal.ZERO;
    for (DeclarationItem item : items) {
      total = total.add(item.customsValueVnd());
    }
    return total;
  }
}
