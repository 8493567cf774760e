package vn.customs.digital.edge.simulation;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import vn.customs.digital.edge.GateAgent;
import vn.customs.digital.edge.gpio.barrier.GpioLane;
import vn.customs.digital.testing.Await;

/**
 * Vehicles on a lane without GPIO hardware (gpio mode mock): a vehicle put on the mock passage loop
 * and taken off it, by hand ({@link #vehiclePasses}) or after each opening of the barrier ({@link
 * #afterEachOpening}), so that a simulated lane completes its cycle as a real one does when the
 * truck drives through.
 */
public final class SimulatedPassage {
  private SimulatedPassage() {}

  /** Puts a vehicle on the loop, or takes it off. */
  public static void vehicleOnLoop(GpioLane gpio, boolean present) {
    mockLoop(gpio).mockState(GpioLane.level(gpio.config().passageLoop(), present));
  }

  /**
   * A vehicle rolls onto the agent's loop and, once the debounced loop reports it, off again: one
   * passage.
   */
  public static void vehiclePasses(GateAgent agent) {
    vehicleOnLoop(agent.lane().gpio(), true);
    Await.until(
        "the debounced loop reports the vehicle",
        Duration.ofSeconds(5),
        () -> agent.lane().passageLoop().occupied());
    vehicleOnLoop(agent.lane().gpio(), false);
  }

  /**
   * From now on a vehicle rolls onto the loop {@code after} each opening of the barrier, and off it
   * once the debounce has seen it. The barrier opens on the agent's event loop, so the timers are
   * the agent's: stopping the agent cancels those still pending.
   */
  public static void afterEachOpening(GpioLane gpio, Duration after) {
    mockLoop(gpio);
    DigitalState open = GpioLane.level(gpio.config().barrier(), true);
    long hold = gpio.config().passageDebounce().toMillis() * 2 + 10;
    gpio.relay()
        .addListener(
            event -> {
              if (event.state() != open) {
                return;
              }
              Context agent = Vertx.currentContext();
              if (agent == null) {
                throw new IllegalStateException("the barrier opened off the agent's event loop");
              }
              agent
                  .owner()
                  .setTimer(
                      Math.max(1, after.toMillis()),
                      a -> {
                        vehicleOnLoop(gpio, true);
                        agent.owner().setTimer(hold, b -> vehicleOnLoop(gpio, false));
                      });
            });
  }

  private static MockDigitalInput mockLoop(GpioLane gpio) {
    if (!(gpio.loop() instanceof MockDigitalInput loop)) {
      throw new IllegalStateException(
          "the passage loop can only be simulated with gpio mode 'mock'");
    }
    return loop;
  }
}
