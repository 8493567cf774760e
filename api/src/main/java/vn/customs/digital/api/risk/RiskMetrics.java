package vn.customs.digital.api.risk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import vn.customs.digital.risk.Channel;

/**
 * The selectivity figures operations watch: channel shares per office and gate, and per
 * intervention rule how many declarations it selected and how many of those an inspection found in
 * violation (hit rate = violations / selected). Recorded in the global registry, which the api's
 * Prometheus registry joins at start.
 */
public final class RiskMetrics {
  private RiskMetrics() {}

  /** One channel decision at submission. */
  public static void channelDecided(String office, String gate, Channel channel) {
    Counter.builder("customs.channel.decisions")
        .description("Channel decisions at submission")
        .tag("office", office)
        .tag("gate", gate)
        .tag("channel", channel.name())
        .register(Metrics.globalRegistry)
        .increment();
  }

  /**
   * An inspection concluded on a declaration the rule selected; {@code violation} when it found
   * one.
   */
  public static void inspected(String ruleId, boolean violation) {
    Counter.builder("customs.inspections.selected")
        .description(
            "Inspections concluded, by the intervention rule that selected the declaration")
        .tag("rule", ruleId)
        .register(Metrics.globalRegistry)
        .increment();
    if (violation) {
      Counter.builder("customs.inspections.violations")
          .description(
              "Inspections that found a violation, by the intervention rule that selected the declaration")
          .tag("rule", ruleId)
          .register(Metrics.globalRegistry)
          .increment();
    }
  }
}
