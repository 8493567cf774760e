package vn.customs.digital.risk.ruleset;

/**
 * Layer-3 rates, applied only to declarations that layers 1 and 2 leave GREEN.
 *
 * @param redRate share selected for RED
 * @param yellowRate share selected for YELLOW
 * @param priorityEnterpriseFactor multiplier of both rates for priority (AEO) enterprises: 1 treats
 *     them like everyone, 0 exempts them; the law gives AEOs fewer inspections, not none, so the
 *     default ruleset uses a reduced rate rather than an exemption
 */
public record RandomRates(Double redRate, Double yellowRate, Double priorityEnterpriseFactor) {}
