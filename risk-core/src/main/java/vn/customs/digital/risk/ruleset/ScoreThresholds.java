package vn.customs.digital.risk.ruleset;

/**
 * Layer-1 thresholds: a score at or above {@code red} gives RED, at or above {@code yellow} gives
 * YELLOW, below {@code yellow} GREEN. Boxed so that a missing value is reported by the validator
 * rather than read as zero.
 */
public record ScoreThresholds(Double yellow, Double red) {}
