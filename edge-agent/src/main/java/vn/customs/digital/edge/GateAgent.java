package vn.customs.digital.edge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.systemd.SystemdNotify;

/**
 * The agent of one gate lane as a verticle: the {@link Lane} built and started on this verticle's
 * event loop, systemd told when it is up, pinged from that loop while it turns, and told when it
 * stops. All of the lane's state lives on this event loop.
 */
public final class GateAgent extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GateAgent.class);

  private final GateConfig config;
  private final Clock clock;
  private final SystemdNotify systemd;
  private Lane lane;
  private long systemdTimer = -1;

  public GateAgent(GateConfig config, Clock clock) {
    this(config, clock, SystemdNotify.fromEnvironment(System.getenv()));
  }

  /**
   * @param systemd the service manager to tell of readiness, and to ping from the lane's event loop
   *     while it turns when systemd set a watchdog ({@code WatchdogSec}): a hung loop stops the
   *     pings, systemd kills and restarts the agent, and the barrier relay's own watchdog has
   *     closed the barrier by then
   */
  public GateAgent(GateConfig config, Clock clock, SystemdNotify systemd) {
    this.config = config;
    this.clock = clock;
    this.systemd = systemd;
  }

  @Override
  public Future<?> start() {
    lane = new Lane(vertx, context, config, clock);
    return lane.start()
        .onSuccess(
            v -> {
              log.atInfo()
                  .addKeyValue("gate", config.gate())
                  .addKeyValue("lane", config.lane())
                  .addKeyValue("laneDisplayPort", lane.display().port())
                  .addKeyValue("cachedClearances", lane.cache().size())
                  .log("gate agent started");
              systemdStarted();
            });
  }

  /**
   * READY=1 once the lane is up, then WATCHDOG=1 from a timer on this verticle's event loop - the
   * loop every decision, barrier command and relay refresh runs on - at a third of systemd's
   * timeout, so that two pings may be late before systemd acts. Nothing else sends them: while the
   * loop is blocked or starved, no ping leaves.
   */
  private void systemdStarted() {
    systemd.send("READY=1\nSTATUS=gate " + config.gate() + " lane " + config.lane() + " up");
    systemd
        .watchdog()
        .ifPresent(
            timeout -> {
              systemdTimer =
                  vertx.setPeriodic(
                      Math.max(1, timeout.toMillis() / 3), id -> systemd.send("WATCHDOG=1"));
              log.atInfo()
                  .addKeyValue("timeoutMs", timeout.toMillis())
                  .log("systemd watchdog: pinging from the lane's event loop");
            });
  }

  @Override
  public Future<?> stop() {
    if (systemdTimer >= 0) {
      vertx.cancelTimer(systemdTimer);
    }
    systemd.send("STOPPING=1");
    Future<Void> stopping = lane != null ? lane.stop() : Future.succeededFuture();
    return stopping.compose(
        v ->
            vertx.executeBlocking(
                () -> {
                  systemd.close();
                  return null;
                },
                true));
  }

  /** The lane this agent runs, once started: its parts and its health. */
  public Lane lane() {
    return lane;
  }
}
