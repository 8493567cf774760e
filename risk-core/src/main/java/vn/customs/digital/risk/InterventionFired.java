package vn.customs.digital.risk;

import vn.customs.digital.risk.ruleset.InterventionKind;

/**
 * A layer-2 intervention that fired, with the channel it demanded. Confidential kinds (targeting,
 * watch list) appear here for officers and auditors; the trader only sees the reason codes.
 */
public record InterventionFired(
    String ruleId, InterventionKind kind, Channel channel, String explanation) {}
