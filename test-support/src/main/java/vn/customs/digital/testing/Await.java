package vn.customs.digital.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Polls until something holds or a deadline passes: what a test does instead of sleeping for
 * synchronisation. A probe that throws counts as "not yet"; at the deadline the failure names what
 * was awaited, the last value seen and the last exception. Call it from the test's thread, never
 * from an event loop (it sleeps between polls).
 *
 * <p>{@link #result} waits for a future the same way, with a deadline: what a test does instead of
 * {@code Future.await()} or {@code CompletableFuture.join()}, which wait for ever, so that a hang
 * fails the test rather than stalls the build.
 */
public final class Await {
  /** The deadline when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The deadline of {@link #result} when none is given: far beyond what any test's future takes, so
   * it only ends a hang.
   */
  public static final Duration FUTURE_TIMEOUT = Duration.ofMinutes(2);

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

  /**
   * The future's result within {@link #FUTURE_TIMEOUT}; see {@link #result(CompletionStage,
   * Duration)}.
   */
  public static <T> T result(Future<T> future) {
    return result(future.toCompletionStage(), FUTURE_TIMEOUT);
  }

  /** The future's result within {@code timeout}; see {@link #result(CompletionStage, Duration)}. */
  public static <T> T result(Future<T> future, Duration timeout) {
    return result(future.toCompletionStage(), timeout);
  }

  /** The stage's result within {@link #FUTURE_TIMEOUT}. */
  public static <T> T result(CompletionStage<T> stage) {
    return result(stage, FUTURE_TIMEOUT);
  }

  /**
   * The stage's result, waiting at most {@code timeout}. A failure is thrown as it is, as {@code
   * Future.await()} throws it; no result by the deadline is an {@link AssertionError}. Call it from
   * the test's thread, never from an event loop.
   */
  public static <T> T result(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw Await.<RuntimeException>unchecked(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(
          "timed out after " + timeout.toMillis() + " ms waiting for a future", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for a future", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable failure) throws E {
    throw (E) failure;
  }
}
