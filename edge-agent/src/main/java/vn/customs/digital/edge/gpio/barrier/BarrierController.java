package vn.customs.digital.edge.gpio.barrier;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the barrier relay, fail-safe: closed unless told to open, and a watchdog on its own thread
 * drops the relay (closes the barrier) when the agent's event loop stops refreshing it - a hung
 * agent cannot hold a barrier open.
 */
public final class BarrierController {
  private static final Logger log = LoggerFactory.getLogger(BarrierController.class);

  private final GpioLane lane;
  private final long watchdogNanos;
  private final ScheduledExecutorService watchdog;
  private final Consumer<String> onForcedClose;
  private volatile long lastRefresh = System.nanoTime();
  private volatile boolean open;

  public BarrierController(GpioLane lane, Consumer<String> onForcedClose) {
    this.lane = lane;
    this.onForcedClose = onForcedClose;
    this.watchdogNanos = lane.config().watchdogTimeout().toNanos();
    close();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "barrier-watchdog");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(10, lane.config().watchdogTimeout().toMillis() / 5);
    watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** Called by the agent's event loop, more often than the watchdog timeout, to say it is alive. */
  public void refresh() {
    lastRefresh = System.nanoTime();
  }

  public synchronized void open() {
    refresh();
    lane.relay().state(GpioLane.level(lane.config().barrier(), true));
    open = true;
  }

  public synchronized void close() {
    lane.relay().state(GpioLane.level(lane.config().barrier(), false));
    open = false;
  }

  public boolean isOpen() {
    return open;
  }

  private void check() {
    if (open && System.nanoTime() - lastRefresh > watchdogNanos) {
      close();
      log.atError()
          .addKeyValue("timeoutMs", watchdogNanos / 1_000_000)
          .log("watchdog: the agent stopped refreshing; barrier forced closed");
      try {
        onForcedClose.accept("WATCHDOG");
      } catch (RuntimeException e) {
        log.warn("watchdog listener failed", e);
      }
    }
  }

  /** Closes the barrier and stops the watchdog (agent shutdown). */
  public void stop() {
    watchdog.shutdownNow();
    close();
  }
}
