package vn.customs.digital.api.platform;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Keys for new rows: UUID version 7 (RFC 9562, section 5.7). The first 48 bits are the Unix time in
 * milliseconds, so rows written close together have keys close together and a B-tree index takes
 * each insert at its right edge, in pages already in memory, instead of at a random page of an
 * index that outgrew memory (as version 4 keys do). Within one millisecond the 12 bits after the
 * version count up from a random start (the RFC's "method 1"), so the keys one process makes are
 * strictly increasing; the last 62 bits are random from a {@link SecureRandom}, so a key cannot be
 * guessed from another (the time it reveals is the row's creation time, which every reader of the
 * row may see anyway).
 */
public final class TimeOrderedIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int COUNTER_MAX = 0xFFF;

  private static final TimeOrderedIds PROCESS = new TimeOrderedIds();

  private long lastMillis = -1;
  private int counter;

  /** A generator of its own (tests); the service uses the process's one through {@link #next()}. */
  TimeOrderedIds() {}

  /** A new key, greater than every key this process made before. */
  public static UUID next() {
    return PROCESS.at(System.currentTimeMillis());
  }

  /** A new key for the wall-clock time {@code wallMillis}, greater than this generator's last. */
  UUID at(long wallMillis) {
    long millis;
    int count;
    synchronized (this) {
      if (wallMillis > lastMillis) {
        lastMillis = wallMillis;
        // A random start below half the range leaves room to count up within the millisecond.
        counter = RANDOM.nextInt(COUNTER_MAX / 2);
      } else if (counter < COUNTER_MAX) {
        counter++; // same millisecond, or the clock stepped back: stay monotonic
      } else {
        lastMillis++; // counter exhausted: borrow the next millisecond
        counter = 0;
      }
      millis = lastMillis;
      count = counter;
    }
    long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | count;
    long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  /** The Unix time in milliseconds a version 7 key carries. */
  public static long millisOf(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a version 7 UUID: " + id);
    }
    return id.getMostSignificantBits() >>> 16;
  }
}
