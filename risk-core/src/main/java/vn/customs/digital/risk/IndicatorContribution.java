package vn.customs.digital.risk;

import vn.customs.digital.risk.ruleset.IndicatorType;

/**
 * A layer-1 indicator that fired: it added {@code weight} points to the score.
 *
 * @param observed the value the indicator looked at, e.g. {@code 0.42} for a unit-value ratio
 * @param explanation one sentence for the officer, naming the item where one is concerned
 */
public record IndicatorContribution(
    String indicatorId, IndicatorType type, double weight, String observed, String explanation) {}
