package vn.customs.digital.api.risk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import vn.customs.digital.risk.Channel;
import vn.customs.digital.risk.ruleset.InterventionRule;
import vn.customs.digital.risk.ruleset.Ruleset;

/**
 * The selectivity figures operations watch: channel shares per office and gate, and per
 * intervention rule how many declarations it selected and how many of those an inspection found in
 * violation (hit rate = violations / selected). Recorded in the global registry, which the api's
 * Prometheus registry joins at start. The series that can be known in advance (each registered gate
 * with its office, each rule of the ruleset in force) exist from the start at zero, so a rate or a
 * ratio over them is defined before the first event and an alert on them can fire.
 */
public final class RiskMetrics {
  /** The rule name of declarations picked by random selection rather than by a rule. */
  public static final String RANDOM_SELECTION = "random-selection";

  private RiskMetrics() {}

  /** One channel decision at submission. */
  public static void channelDecided(String office, String gate, Channel channel) {
    decisions(office, gate, channel).increment();
  }

  /**
   * An inspection concluded on a declaration the rule selected; {@code violation} when it found
   * one.
   */
  public static void inspected(String ruleId, boolean violation) {
    selected(ruleId).increment();
    if (violation) {
      violations(ruleId).increment();
    }
  }

  /** A registered gate's channel counters, at zero until its first decision. */
  public static void gateKnown(String office, String gate) {
    for (Channel channel : Channel.values()) {
      decisions(office, gate, channel);
    }
  }

  /** The ruleset's rules' inspection counters (and random selection's), at zero until used. */
  public static void rulesKnown(Ruleset ruleset) {
    for (InterventionRule rule : ruleset.interventions()) {
      selected(rule.id());
      violations(rule.id());
    }
    selected(RANDOM_SELECTION);
    violations(RANDOM_SELECTION);
  }

  private static Counter decisions(String office, String gate, Channel channel) {
    return Counter.builder("customs.channel.decisions")
        .description("Channel decisions at submission")
        .tag("office", office)
        .tag("gate", gate)
        .tag("channel", channel.name())
        .register(Metrics.globalRegistry);
  }

  private static Counter selected(String ruleId) {
    return byRule(
        "customs.inspections.selected",
        "Inspections concluded, by the intervention rule that selected the declaration",
        ruleId);
  }

  private static Counter violations(String ruleId) {
    return byRule(
        "customs.inspections.violations",
        "Inspections that found a violation, by the intervention rule that selected the declaration",
        ruleId);
  }

  private static Counter byRule(String name, String description, String ruleId) {
    return Counter.builder(name)
        .description(description)
        .tag("rule", ruleId)
        .register(Metrics.globalRegistry);
  }
}
