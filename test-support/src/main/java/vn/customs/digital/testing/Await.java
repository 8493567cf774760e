package vn.customs.digital.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Polls until something holds or a deadline passes: what a test does instead of sleeping for
 * synchronisation. A probe that throws counts as "not yet"; at the deadline the failure names what
 * was awaited, the last value seen and the last exception. Call it from the test's thread, never
 * from an event loop (it sleeps between polls).
 */
public final class Await {
  /** The deadline when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final long POLL_MILLIS = 10;

  private Await() {}

  public static void until(String what, Callable<Boolean> condition) {
    until(what, DEFAULT_TIMEOUT, condition);
  }

  public static void until(String what, Duration timeout, Callable<Boolean> condition) {
    until(what, timeout, condition, Boolean.TRUE::equals);
  }

  /** The probe's first value that is not null. */
  public static <T> T value(String what, Duration timeout, Callable<T> probe) {
    return until(what, timeout, probe, Objects::nonNull);
  }

  /** The probe's first value that {@code done} accepts. */
  public static <T> T until(
      String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    Exception failure = null;
    while (true) {
      try {
        last = probe.call();
        failure = null;
        if (done.test(last)) {
          return last;
        }
      } catch (Exception e) {
        failure = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "timed out after "
                + timeout.toMillis()
                + " ms waiting for "
                + what
                + (failure == null ? "; last seen: " + last : ""),
            failure);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
