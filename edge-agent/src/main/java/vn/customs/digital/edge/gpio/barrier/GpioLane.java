package vn.customs.digital.edge.gpio.barrier;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import vn.customs.digital.edge.config.GateConfig;

/**
 * The lane's GPIO lines through Pi4J: the barrier relay (digital output, created closed, and closed
 * again by Pi4J at shutdown) and the passage loop (digital input). The gpiod provider serves a
 * Raspberry Pi; the mock provider a lane without GPIO hardware (development, tests), whose loop
 * only what drives the mock moves.
 */
public final class GpioLane implements AutoCloseable {
  private final Context pi4j;
  private final DigitalOutput relay;
  private final DigitalInput loop;
  private final GateConfig.Gpio config;

  private GpioLane(Context pi4j, DigitalOutput relay, DigitalInput loop, GateConfig.Gpio config) {
    this.pi4j = pi4j;
    this.relay = relay;
    this.loop = loop;
    this.config = config;
  }

  public static GpioLane open(GateConfig.Gpio config) {
    boolean mock = config.mode() == GateConfig.GpioMode.MOCK;
    Context pi4j =
        mock
            ? Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(
                    MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
                .build()
            : Pi4J.newContextBuilder().autoDetect().build();
    DigitalState closed = level(config.barrier(), false);
    DigitalOutput relay =
        pi4j.create(
            DigitalOutput.newConfigBuilder(pi4j)
                .id("barrier-relay")
                .name("Barrier relay")
                .address(config.barrier().address())
                .initial(closed)
                .shutdown(closed)
                .provider(mock ? "mock-digital-output" : "gpiod-digital-output"));
    DigitalInput loop =
        pi4j.create(
            DigitalInput.newConfigBuilder(pi4j)
                .id("passage-loop")
                .name("Passage loop")
                .address(config.passageLoop().address())
                .pull(
                    config.passageLoop().activeHigh()
                        ? PullResistance.PULL_DOWN
                        : PullResistance.PULL_UP)
                .provider(mock ? "mock-digital-input" : "gpiod-digital-input"));
    if (mock) {
      ((MockDigitalInput) loop).mockState(level(config.passageLoop(), false));
    }
    return new GpioLane(pi4j, relay, loop, config);
  }

  /** The level of {@code pin} that means active (barrier open, vehicle on the loop) or not. */
  public static DigitalState level(GateConfig.Pin pin, boolean active) {
    return active == pin.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
  }

  public DigitalOutput relay() {
    return relay;
  }

  public DigitalInput loop() {
    return loop;
  }

  public GateConfig.Gpio config() {
    return config;
  }

  public boolean relayActive() {
    return relay.state() == level(config.barrier(), true);
  }

  @Override
  public void close() {
    relay.state(level(config.barrier(), false));
    pi4j.shutdown();
  }
}
