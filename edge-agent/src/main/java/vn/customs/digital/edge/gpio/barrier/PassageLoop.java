package vn.customs.digital.edge.gpio.barrier;

import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The induction loop behind the barrier, debounced in software: a level counts only once it has
 * held for the debounce time. A vehicle that was on the loop and has left it is one passage. Pi4J's
 * listener thread only hands the raw level over to the agent's event loop.
 */
public final class PassageLoop {
  private final Vertx vertx;
  private final GpioLane lane;
  private final long debounceMs;
  private final Runnable onPassage;
  private final DigitalStateChangeListener listener;
  private long pendingTimer = -1;
  private volatile boolean occupied;

  public PassageLoop(Vertx vertx, Context context, GpioLane lane, Runnable onPassage) {
    this.vertx = vertx;
    this.lane = lane;
    this.debounceMs = Math.max(1, lane.config().passageDebounce().toMillis());
    this.onPassage = onPassage;
    this.listener =
        event -> {
          boolean active = event.state() == GpioLane.level(lane.config().passageLoop(), true);
          context.runOnContext(v -> rawLevel(active));
        };
    lane.loop().addListener(listener);
  }

  private void rawLevel(boolean active) {
    if (pendingTimer >= 0) {
      vertx.cancelTimer(pendingTimer);
    }
    pendingTimer =
        vertx.setTimer(
            debounceMs,
            id -> {
              pendingTimer = -1;
              settled(active);
            });
  }

  private void settled(boolean active) {
    if (active == occupied) {
      return;
    }
    occupied = active;
    if (!active) {
      onPassage.run();
    }
  }

  public boolean occupied() {
    return occupied;
  }

  public void stop() {
    lane.loop().removeListener(listener);
  }
}
