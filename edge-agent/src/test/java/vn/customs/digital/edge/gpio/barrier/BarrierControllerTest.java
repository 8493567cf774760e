package vn.customs.digital.edge.gpio.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.testing.Await;

class BarrierControllerTest {
  private final GateConfig.Gpio config =
      new GateConfig.Gpio(
          GateConfig.GpioMode.MOCK,
          new GateConfig.Pin(17, false),
          new GateConfig.Pin(27, true),
          Duration.ofMillis(20),
          Duration.ofMillis(200),
          Duration.ofSeconds(60));
  private final GpioLane lane = GpioLane.open(config);
  private final CopyOnWriteArrayList<String> forced = new CopyOnWriteArrayList<>();
  private final BarrierController barrier = new BarrierController(lane, forced::add);

  @AfterEach
  void tearDown() {
    barrier.stop();
    lane.close();
  }

  @Test
  @DisplayName("The barrier starts closed, honouring an active-low relay")
  void startsClosedWithActiveLowRelay() {
    assertThat(lane.relayActive()).isFalse();
    assertThat(lane.relay().state().isHigh()).as("active-low relay idle level").isTrue();

    barrier.open();

    assertThat(lane.relay().state().isLow()).isTrue();
    assertThat(lane.relayActive()).isTrue();
  }

  @Test
  @DisplayName("The watchdog closes an open barrier when the agent stops refreshing it")
  void watchdogClosesWhenNotRefreshed() {
    barrier.open();

    Await.until("watchdog dropped the relay", Duration.ofSeconds(5), () -> !lane.relayActive());
    Await.until(
        "watchdog reported the forced closure", Duration.ofSeconds(5), () -> !forced.isEmpty());
    assertThat(barrier.isOpen()).isFalse();
    assertThat(forced).containsExactly("WATCHDOG");
  }

  @Test
  @DisplayName("The watchdog leaves the barrier open while it is refreshed")
  void refreshedBarrierStaysOpen() throws InterruptedException {
    barrier.open();
    long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
    while (System.nanoTime() < until) {
      barrier.refresh();
      assertThat(lane.relayActive()).isTrue();
      Thread.sleep(20); // pacing the refreshes like the agent's timer, not synchronisation
    }
    assertThat(forced).isEmpty();
  }

  @Test
  @DisplayName("Stopping the controller closes the barrier")
  void stopCloses() {
    barrier.open();
    barrier.stop();
    assertThat(lane.relayActive()).isFalse();
  }
}
