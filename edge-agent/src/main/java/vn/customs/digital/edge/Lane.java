package vn.customs.digital.edge;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.coap.LaneDisplayServer;
import vn.customs.digital.edge.coap.devices.DeviceObservation;
import vn.customs.digital.edge.config.GateConfig;
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
import vn.customs.digital.edge.uplink.ApiClient;
import vn.customs.digital.edge.uplink.DeviceToken;
import vn.customs.digital.edge.uplink.EventUplink;
import vn.customs.digital.edge.uplink.LaneReports;

/**
 * The composition root of one gate lane: builds the barrier's GPIO lines, the journal, the
 * clearance feed and the uplink to the api, the CoAP devices and the lane display, the health
 * endpoint and the lane's cycle ({@link LaneCycle}) that decides and drives the barrier between
 * them; starts them in order ({@link #start}) and stops them in reverse ({@link #stop}). Everything
 * runs on the event loop of the context it is given; CoAP, Pi4J and watchdog threads only post to
 * it, and Pi4J, the key file, SQLite and Californium's set-up run on its ordered workers.
 *
 * <p>Its accessors hand out the parts themselves (the lane's health as one {@link LaneHealth}
 * snapshot) for a launcher that adds to the lane and for tests.
 */
public final class Lane {
  private static final Logger log = LoggerFactory.getLogger(Lane.class);

  private final Vertx vertx;
  private final Context context;
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
  private LaneReports reports;
  private long relayRefreshTimer = -1;
  private Set<String> usedCommands = Set.of();

  /**
   * @param context the event loop the lane runs on (the agent verticle's)
   */
  public Lane(Vertx vertx, Context context, GateConfig config, Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.clock = clock;
    this.events = new LaneEvents(config.lane(), config.deviceId());
  }

  /** Builds and starts the parts, in order; call it on the lane's event loop. */
  public Future<Void> start() {
    // Pi4J (board probing, gpiod), the key file and SQLite all block: a worker does them, in this
    // order, and the barrier is closed (relay created in its idle state) before anything else can
    // happen.
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
              relayRefreshTimer =
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
                      camera = observe(config.devices().camera());
                      sealReader = observe(config.devices().sealReader());
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
              reports =
                  new LaneReports(vertx, api, config.gate(), config.lane(), clock, this::health);
              reports.start(config.policy().syncInterval());
              health = new HealthServer(vertx, this::health);
              return config.health().port() >= 0
                  ? health.start(config.health().host(), config.health().port()).<Void>mapEmpty()
                  : Future.<Void>succeededFuture();
            });
  }

  private DeviceObservation observe(GateConfig.CoapDevice device) {
    return new DeviceObservation(
            vertx, context, device, config.devices().observeCheckInterval(), cycle, clock)
        .open();
  }

  /**
   * Stops the parts in reverse: the barrier closed first, the journal, the clearance store and the
   * GPIO lines closed last (on a worker).
   */
  public Future<Void> stop() {
    if (barrier != null) {
      barrier.stop();
    }
    if (relayRefreshTimer >= 0) {
      vertx.cancelTimer(relayRefreshTimer);
    }
    if (reports != null) {
      reports.stop();
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
   * The lane as /health, /metrics and the report to the api show it, now; call it on the event loop
   * once the lane has started.
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
    return new LaneHealth.Device(
        d.device().id(), d.device().uri(), d.up(), d.observing(), d.lastSeen());
  }

  // ---- the parts

  public GateConfig config() {
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

  /** The barrier relay and the passage loop's line (a launcher drives the mock loop through it). */
  public GpioLane gpio() {
    return gpio;
  }

  /** The decision and barrier cycle: its seal states and its refusals of passage commands. */
  public LaneCycle cycle() {
    return cycle;
  }

  /** The debounced passage loop: whether a vehicle is on it. */
  public PassageLoop passageLoop() {
    return passageLoop;
  }

  public LaneDisplayServer display() {
    return display;
  }

  /** The health endpoint (its port once it listens). */
  public HealthServer healthServer() {
    return health;
  }

  /** Both the camera and the seal reader answer this lane's observations. */
  public boolean devicesObserved() {
    return camera != null && sealReader != null && camera.observing() && sealReader.observing();
  }
}
