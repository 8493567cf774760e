package vn.customs.digital.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BacklogPacerTest {
  private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // nanoTime may be negative

  @Test
  @DisplayName("A batch is a second's worth of the rate, at most a full batch")
  void batchIsASecondsWorth() {
    assertThat(new BacklogPacer(100, nanos::get).batchSize()).isEqualTo(100);
    assertThat(new BacklogPacer(2_000, nanos::get).batchSize()).isEqualTo(EventUplink.MAX_BATCH);
  }

  @Test
  @DisplayName(
      "After a batch the next one waits as long as its events take at the rate; the first goes at once")
  void spacesBatchesAtTheRate() {
    BacklogPacer pacer = new BacklogPacer(100, nanos::get);
    assertThat(pacer.waitMillis()).isZero();

    pacer.sent(100);
    assertThat(pacer.waitMillis()).isEqualTo(1_000);
    nanos.addAndGet(400_000_000L);
    assertThat(pacer.waitMillis()).isEqualTo(600);
    nanos.addAndGet(600_000_000L);
    assertThat(pacer.waitMillis()).isZero();

    pacer.sent(50);
    assertThat(pacer.waitMillis()).isEqualTo(500);
  }

  @Test
  @DisplayName(
      "Idle time is not saved up: after a long pause one batch goes at once and the next waits")
  void noBurstAfterIdle() {
    BacklogPacer pacer = new BacklogPacer(100, nanos::get);
    nanos.addAndGet(60_000_000_000L);
    assertThat(pacer.waitMillis()).isZero();

    pacer.sent(100);

    assertThat(pacer.waitMillis()).isEqualTo(1_000);
  }
}
