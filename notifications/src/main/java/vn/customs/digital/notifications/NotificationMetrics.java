package vn.customs.digital.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/** Counters of the push worker, registered in Micrometer's global registry. */
final class NotificationMetrics {

  final Counter sent;
  final Counter failed;
  final Counter deadLetter;
  final Counter retried;

  NotificationMetrics(MeterRegistry registry) {
    sent =
        Counter.builder("notifications.sent")
            .description("Outbox messages pushed to every device of their recipients")
            .register(registry);
    failed =
        Counter.builder("notifications.failed")
            .description("Push attempts that failed (retried or dead-lettered)")
            .register(registry);
    deadLetter =
        Counter.builder("notifications.dead_letter")
            .description("Outbox messages given up after the last attempt")
            .register(registry);
    retried =
        Counter.builder("notifications.retried")
            .description("Outbox messages scheduled for another attempt")
            .register(registry);
  }

  static NotificationMetrics global() {
    return new NotificationMetrics(Metrics.globalRegistry);
  }
}
