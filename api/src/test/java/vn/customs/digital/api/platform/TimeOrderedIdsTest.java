package vn.customs.digital.api.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void keysAreVersion7WithTheRfcVariantAndCarryTheirMillisecond() {
    long now = 1_765_000_000_123L;
    UUID id = new TimeOrderedIds().at(now + 10_000_000);
    assertEquals(7, id.version());
    assertEquals(2, id.variant(), "RFC 9562 variant (binary 10)");
    assertEquals(now + 10_000_000, TimeOrderedIds.millisOf(id));
    // The text form sorts as the time does: the first 12 hex digits are the millisecond.
    assertEquals(
        String.format("%012x", now + 10_000_000), id.toString().replace("-", "").substring(0, 12));
  }

  @Test
  void keysOfOneProcessStrictlyIncreaseEvenWithinOneMillisecondAndWhenTheClockStepsBack() {
    long base = 1_900_000_000_000L;
    TimeOrderedIds ids = new TimeOrderedIds();
    UUID previous = ids.at(base);
    Set<UUID> seen = new HashSet<>();
    // 10,000 keys in the same millisecond exhaust the 12-bit counter twice over, then the clock
    // steps back a second: the keys go on increasing in both the numeric and the text order.
    for (int i = 0; i < 10_000; i++) {
      UUID next = ids.at(i < 9_000 ? base : base - 1_000);
      assertTrue(
          Long.compareUnsigned(next.getMostSignificantBits(), previous.getMostSignificantBits())
              > 0,
          "key " + i + " " + next + " must follow " + previous);
      assertTrue(next.toString().compareTo(previous.toString()) > 0);
      assertTrue(seen.add(next));
      previous = next;
    }
    assertTrue(
        TimeOrderedIds.millisOf(previous) > base, "an exhausted counter borrows the next ms");
  }

  @Test
  void theRandomPartDiffersBetweenKeys() {
    Set<Long> low = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      low.add(TimeOrderedIds.next().getLeastSignificantBits());
    }
    assertEquals(1_000, low.size());
  }

  @Test
  void aVersion4KeyHasNoTime() {
    assertThrows(IllegalArgumentException.class, () -> TimeOrderedIds.millisOf(UUID.randomUUID()));
  }
}
