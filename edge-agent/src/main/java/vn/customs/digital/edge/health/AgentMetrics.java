package vn.customs.digital.edge.health;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and the recent camera-to-barrier latencies, rendered as Prometheus text by the health
 * endpoint.
 */
public final class AgentMetrics {
  public final LongAdder decisionsOpen = new LongAdder();
  public final LongAdder decisionsHold = new LongAdder();
  public final LongAdder eventsJournaled = new LongAdder();
  public final LongAdder eventsSent = new LongAdder();
  public final LongAdder uplinkFailures = new LongAdder();
  public final LongAdder eventsRejected = new LongAdder();
  public final LongAdder clearancesApplied = new LongAdder();
  public final LongAdder clearancesRejected = new LongAdder();
  public final LongAdder passages = new LongAdder();
  public final LongAdder passagesInterrupted = new LongAdder();
  public final LongAdder watchdogTrips = new LongAdder();

  /** One-time passage commands that failed verification (signature, key, type, gate). */
  public final LongAdder passageCommandsRejected = new LongAdder();

  /** Verified commands the lane refused: another lane's, expired, no such hold. */
  public final LongAdder passageCommandsRefused = new LongAdder();

  /** Verified commands refused because an opening used them before (this run or an earlier). */
  public final LongAdder passageCommandsReplayed = new LongAdder();

  /** Commands the lane opened for. */
  public final LongAdder passageCommandsUsed = new LongAdder();

  private final long[] decisionNanos = new long[2048];
  private int decisionCount;

  /** Time from the camera's notification reaching the agent to the barrier command (or hold). */
  public synchronized void recordDecisionLatency(long nanos) {
    decisionNanos[decisionCount % decisionNanos.length] = nanos;
    decisionCount++;
  }

  /**
   * The q-quantile (0..1) of the recent decision latencies in nanoseconds, or -1 with no samples.
   */
  public synchronized long decisionLatencyQuantile(double q) {
    int n = Math.min(decisionCount, decisionNanos.length);
    if (n == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(decisionNanos, n);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(n - 1, Math.ceil(q * n) - 1)];
  }

  public synchronized int decisionSamples() {
    return decisionCount;
  }
}
