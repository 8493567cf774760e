package vn.customs.digital.edge.uplink;

import java.util.function.LongSupplier;

/**
 * Spaces the backlog's batches so that the journal of a long outage drains at no more than {@code
 * rate} events a second: one api, many lanes coming back at once after a network outage, must not
 * be flooded (issue 13 cites Eclipse Kura adding the same after a backlog flush overloaded its
 * brokers). Live events are not paced. No credit is saved up while idle: after a pause the next
 * batch may go at once, the one after waits its turn.
 */
final class BacklogPacer {
  private final int rate;
  private final LongSupplier nanoTime;
  private long nextNanos;

  BacklogPacer(int eventsPerSecond, LongSupplier nanoTime) {
    if (eventsPerSecond < 1) {
      throw new IllegalArgumentException("the backlog rate must be at least 1 event a second");
    }
    this.rate = eventsPerSecond;
    this.nanoTime = nanoTime;
    this.nextNanos = nanoTime.getAsLong();
  }

  /** A second's worth of events, at most a full batch. */
  int batchSize() {
    return Math.min(EventUplink.MAX_BATCH, rate);
  }

  /** How long until the next backlog batch may go; 0: now. */
  long waitMillis() {
    long wait = nextNanos - nanoTime.getAsLong();
    return wait <= 0 ? 0 : (wait + 999_999) / 1_000_000;
  }

  /**
   * A backlog batch of {@code events} was delivered: the next one waits for the time these took at
   * the rate.
   */
  void sent(int events) {
    long now = nanoTime.getAsLong();
    long from = nextNanos - now > 0 ? nextNanos : now; // nanoTime values compare by difference only
    nextNanos = from + events * 1_000_000_000L / rate;
  }
}
