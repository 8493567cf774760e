package vn.customs.digital.edge;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.coap.LaneDisplayServer;
import vn.customs.digital.edge.coap.devices.DeviceObservation;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.decision.SealState;
import vn.customs.digital.edge.feed.clearances.ClearanceCache;
import vn.customs.digital.edge.feed.clearances.ClearanceFeed;
import vn.customs.digital.edge.feed.clearances.ClearanceStore;
import vn.customs.digital.edge.gpio.barrier.BarrierController;
import vn.customs.digital.edge.gpio.barrier.GpioLane;
import vn.customs.digital.edge.gpio.barrier.PassageLoop;
import vn.customs.digital.edge.health.AgentMetrics;
import vn.customs.digital.edge.health.HealthServer;
import vn.customs.digital.edge.health.LaneHealth;
import vn.customs.digital.edge.journal.EventJournal;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.journal.JournalQuota;
import vn.customs.digital.edge.journal.JournalReconciliation;
import vn.customs.digital.edge.journal.LaneEvents;
import vn.customs.digital.edge.lane.LaneCycle;
import vn.customs.digital.edge.systemd.SystemdNotify;
import vn.customs.digital.edge.uplink.ApiClient;
import vn.customs.digital.edge.uplink.DeviceToken;
import vn.customs.digital.edge.uplink.EventUplink;

/**
 * One gate lane, wired: the barrier's GPIO lines, the journal, the clearance feed and the uplink to
 * the api, the CoAP devices and the lane display, the health endpoint, and the lane's cycle ({@link
 * LaneCycle}) that decides and drives the barrier between them. Starts them in order and stops them
 * in reverse. All state lives on this verticle's event loop; CoAP, Pi4J and watchdog threads only
 * post to it, and SQLite runs on workers.
 */
public final class GateAgent extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GateAgent.class);

  private final GateConfig config;
  private final Clock clock;
  private final AgentMetrics metrics = new AgentMetrics();
  private final ClearanceCache cache = new ClearanceCache();
  private final LaneEvents events;

  private EventJournal journal;
  private ClearanceStore store;
  private ApiClient api;
  private ClearanceFeed feed;
  private EventUplink uplink;
  private GpioLane gpio;
  private BarrierController barrier;
  private PassageLoop passageLoop;
  private LaneDisplayServer display;
  private LaneCycle cycle;
  private DeviceObservation camera;
  private DeviceObservation sealReader;
  private HealthServer health;
  private long watchdogTimer = -1;
  private long reportTimer = -1;
  private java.util.Set<String> usedCommands = java.util.Set.of();
  private final SystemdNotify systemd;
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
    this.events = new LaneEvents(config.lane(), config.deviceId());
    this.systemd = systemd;
  }

  @Override
  public Future<?> start() {
    // Pi4J (board probing, gpiod), the key file and SQLite all block: a worker does them, in this
    // order, and
    // the barrier is closed (relay created in its idle state) before anything else can happen.
    return vertx
        .executeBlocking(
            () -> {
              gpio = GpioLane.open(config.gpio());
              // only the cycle opens the barrier, so there is a cycle by the time the watchdog can
              // force it closed
              barrier =
                  new BarrierController(
                      gpio, reason -> context.runOnContext(v -> cycle.barrierClosed(reason)));
              DeviceToken token =
                  new DeviceToken(
                      config.deviceId(),
                      config.api().audience(),
                      DeviceToken.readPrivateKey(config.api().deviceKeyFile()),
                      clock);
              journal =
                  EventJournal.open(
                      config.journal().directory(),
                      new JournalQuota(
                          config.journal().maxBytes(),
                          config.journal().warnPercent(),
                          config.lane(),
                          config.deviceId(),
                          clock));
              // before any decision, with the relay already closed: an opening the last run left
              // without its close
              List<GateEvent> reconciled =
                  JournalReconciliation.reconcile(journal, config.deviceId(), clock.instant());
              metrics.eventsJournaled.add(reconciled.size());
              metrics.passagesInterrupted.add(
                  reconciled.stream()
                      .filter(e -> e.type() == EventType.PASSAGE_INTERRUPTED)
                      .count());
              store = ClearanceStore.open(config.journal().directory());
              usedCommands = journal.usedCommands();
              return token;
            },
            true)
        .compose(
            token -> {
              watchdogTimer =
                  vertx.setPeriodic(
                      Math.max(10, config.gpio().watchdogTimeout().toMillis() / 4),
                      id -> barrier.refresh());
              api = new ApiClient(vertx, config.api(), token);
              feed =
                  new ClearanceFeed(
                      vertx,
                      api,
                      store,
                      cache,
                      config.gate(),
                      config.policy().syncInterval(),
                      clock,
                      metrics,
                      applied ->
                          log.atDebug()
                              .addKeyValue("entries", applied.size())
                              .log("cache updated"));
              uplink =
                  new EventUplink(
                      vertx,
                      api,
                      journal,
                      config.gate(),
                      events,
                      clock,
                      metrics,
                      this::journal,
                      config.uplink().backlogRate());
              feed.onApiReachability(uplink::apiAnswered, uplink::apiUnreachable);
              return feed.loadLocal();
            })
        .compose(
            loaded ->
                vertx.executeBlocking(
                    () -> {
                      // Californium's first configuration and its endpoints take hundreds of
                      // milliseconds: not on the loop
                      display =
                          new LaneDisplayServer(
                              config.laneDisplay().host(), config.laneDisplay().coapPort());
                      display.start();
                      cycle =
                          new LaneCycle(
                              vertx,
                              config,
                              clock,
                              cache,
                              barrier,
                              display,
                              metrics,
                              journal.quota(),
                              events,
                              this::journal,
                              usedCommands);
                      feed.onCommands(cycle::onPassageCommand);
                      camera =
                          new DeviceObservation(
                                  vertx,
                                  context,
                                  config.devices().camera(),
                                  config.devices().observeCheckInterval(),
                                  cycle,
                                  clock)
                              .open();
                      sealReader =
                          new DeviceObservation(
                                  vertx,
                                  context,
                                  config.devices().sealReader(),
                                  config.devices().observeCheckInterval(),
                                  cycle,
                                  clock)
                              .open();
                      return null;
                    },
                    true))
        .compose(
            v -> {
              passageLoop = new PassageLoop(vertx, context, gpio, cycle::onPassage);
              camera.start();
              sealReader.start();
              feed.start();
              uplink.kick();
              reportTimer =
                  vertx.setPeriodic(
                      1, config.policy().syncInterval().toMillis(), id -> reportToApi());
              health = new HealthServer(vertx, this::health);
              return config.health().port() >= 0
                  ? health.start(config.health().host(), config.health().port())
                  : Future.succeededFuture();
            })
        .onSuccess(
            v -> {
              log.atInfo()
                  .addKeyValue("gate", config.gate())
                  .addKeyValue("lane", config.lane())
                  .addKeyValue("laneDisplayPort", display.port())
                  .addKeyValue("cachedClearances", cache.size())
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
    if (barrier != null) {
      barrier.stop();
    }
    if (watchdogTimer >= 0) {
      vertx.cancelTimer(watchdogTimer);
    }
    if (reportTimer >= 0) {
      vertx.cancelTimer(reportTimer);
    }
    if (cycle != null) {
      cycle.stop();
    }
    for (DeviceObservation d : new DeviceObservation[] {camera, sealReader}) {
      if (d != null) {
        d.stop();
      }
    }
    if (feed != null) {
      feed.stop();
    }
    if (uplink != null) {
      uplink.stop();
    }
    if (passageLoop != null) {
      passageLoop.stop();
    }
    if (display != null) {
      display.stop();
    }
    Future<?> closing = health != null ? health.stop() : Future.succeededFuture();
    return closing
        .compose(v -> api != null ? api.close() : Future.succeededFuture())
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      if (journal != null) {
                        journal.close();
                      }
                      if (store != null) {
                        store.close();
                      }
                      if (gpio != null) {
                        gpio.close();
                      }
                      systemd.close();
                      return null;
                    },
                    true));
  }

  /** Commits events to the journal (ordered worker), then wakes the uplink. */
  private Future<List<GateEvent>> journal(List<GateEvent> events) {
    return vertx
        .executeBlocking(() -> journal.append(events), true)
        .onSuccess(
            stored -> {
              metrics.eventsJournaled.add(stored.size());
              uplink.journaled(stored);
            })
        .onFailure(
            e ->
                log.atError()
                    .addKeyValue("events", events.size())
                    .setCause(e)
                    .log("journal write failed; events lost"));
  }

  /**
   * Tells the api how the lane is (the gate's status shows it to officers), every sync interval; a
   * report that does not get through is simply the next one's to make.
   */
  private void reportToApi() {
    api.putJson(
            "/api/v1/gates/" + config.gate() + "/lanes/" + config.lane() + "/report",
            health().toReport(clock.instant()))
        .onFailure(
            e -> log.atDebug().addKeyValue("problem", e.getMessage()).log("lane report failed"));
  }

  /**
   * The lane as /health and /metrics report it, now; call it on the event loop (tests: once the
   * agent runs).
   */
  public LaneHealth health() {
    Instant now = clock.instant();
    return new LaneHealth(
        config.gate(),
        config.lane(),
        config.deviceId(),
        barrier.isOpen(),
        display.current(),
        new LaneHealth.Uplink(uplink.online(), uplink.unsent(), uplink.backlog()),
        journal.quota().usage(),
        new LaneHealth.Clearances(
            cache.size(),
            cache.syncedAt(),
            cache.age(now),
            cache.age(now).compareTo(config.policy().cacheMaxAge()) <= 0,
            feed.pushConnected()),
        device(camera),
        device(sealReader),
        metrics);
  }

  private static LaneHealth.Device device(DeviceObservation d) {
    return new LaneHealth.Device(d.device().id(), d.device().uri(), d.up(), d.lastSeen());
  }

  // ---- what tests look at besides health()

  public GateConfig gateConfig() {
    return config;
  }

  /** The event loop the lane runs on (a test blocks it to play a hung agent). */
  public Context loop() {
    return context;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  public ClearanceCache cache() {
    return cache;
  }

  public GpioLane gpio() {
    return gpio;
  }

  /** Why the lane last refused this one-time passage command, if it did lately. */
  public Optional<String> passageRefusal(String commandId) {
    return cycle.refusal(commandId);
  }

  public Map<String, SealState> sealStates() {
    return cycle.sealStates();
  }

  public int laneDisplayPort() {
    return display.port();
  }

  public Optional<Integer> healthPort() {
    return health == null ? Optional.empty() : health.port();
  }

  /** Both the camera and the seal reader answer this agent's observations. */
  public boolean devicesObserved() {
    return camera != null && sealReader != null && camera.observing() && sealReader.observing();
  }

  public boolean vehicleOnLoop() {
    return passageLoop.occupied();
  }
}
