package vn.customs.digital.risk;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vn.customs.digital.risk.ruleset.ScoreThresholds;

/**
 * The channel of a declaration with everything needed to explain and replay it.
 *
 * <p>A value: two decisions are equal when every component is. Scores are sums of the ruleset's
 * double weights taken in document order, so they are bit-for-bit reproducible, and they round-trip
 * through {@link RiskJson} exactly.
 *
 * @param channel the final channel
 * @param reasonCodes the public reasons, strongest first (safe to show the trader)
 * @param score layer-1 score: the sum of the weights of the indicators that fired
 * @param thresholds the ruleset's yellow and red score thresholds
 * @param scoreChannel the channel the score alone gives
 * @param priorityEnterprise whether the declarant was a priority (AEO) enterprise
 * @param contributions the indicators that fired, in ruleset order
 * @param interventions the layer-2 rules that fired, in ruleset order
 * @param randomSelection layer 3: the draw, its thresholds and whether it applied
 */
public record ChannelDecision(
    String declarationNumber,
    LocalDate decisionDate,
    String rulesetId,
    String rulesetVersion,
    Channel channel,
    List<ReasonCode> reasonCodes,
    double score,
    ScoreThresholds thresholds,
    Channel scoreChannel,
    boolean priorityEnterprise,
    List<IndicatorContribution> contributions,
    List<InterventionFired> interventions,
    RandomSelection randomSelection) {

  public ChannelDecision {
    Objects.requireNonNull(declarationNumber, "declarationNumber");
    Objects.requireNonNull(channel, "channel");
    reasonCodes = List.copyOf(reasonCodes);
    contributions = List.copyOf(contributions);
    interventions = List.copyOf(interventions);
  }

  /** The part of the decision a trader may see. */
  public TraderNotice traderNotice() {
    return new TraderNotice(declarationNumber, channel, reasonCodes);
  }

  /** The full record as a JSON-friendly map (the same shape as {@link RiskJson#writeDecision}). */
  public Map<String, Object> toMap() {
    return RiskJson.toMap(this);
  }
}
