package vn.customs.digital.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves forward: either stopped at an instant, moving only when the test moves it
 * ({@link #stoppedAt}), or the system clock plus what the test added ({@link #running}), for code
 * that also needs time to pass by itself (timers, token lifetimes). Read safely from any thread.
 * UTC.
 */
public final class MutableClock extends Clock {
  private final Instant stoppedAt;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  private MutableClock(Instant stoppedAt) {
    this.stoppedAt = stoppedAt;
  }

  public static MutableClock stoppedAt(Instant start) {
    return new MutableClock(start);
  }

  public static MutableClock running() {
    return new MutableClock(null);
  }

  public void advance(Duration by) {
    offset.updateAndGet(o -> o.plus(by));
  }

  @Override
  public Instant instant() {
    return (stoppedAt == null ? Instant.now() : stoppedAt).plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
