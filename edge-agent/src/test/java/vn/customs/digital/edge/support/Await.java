package vn.customs.digital.edge.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; never a fixed sleep standing in for synchronisation. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what, last);
  }

  public static void until(String what, Callable<Boolean> condition) {
    until(what, Duration.ofSeconds(10), condition);
  }

  public static <T> T value(String what, Duration timeout, Supplier<T> supplier) {
    Object[] holder = new Object[1];
    until(what, timeout, () -> (holder[0] = supplier.get()) != null);
    @SuppressWarnings("unchecked")
    T t = (T) holder[0];
    return t;
  }
}
