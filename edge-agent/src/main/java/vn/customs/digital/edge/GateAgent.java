package vn.customs.digital.edge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.coap.LaneDisplayServer;
import vn.customs.digital.edge.coap.devices.DeviceObservation;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.decision.GateDecision;
import vn.customs.digital.edge.decision.GateDecision.Decision;
import vn.customs.digital.edge.decision.Recognition;
import vn.customs.digital.edge.decision.SealState;
import vn.customs.digital.edge.feed.clearances.Clearance;
import vn.customs.digital.edge.feed.clearances.ClearanceCache;
import vn.customs.digital.edge.feed.clearances.ClearanceFeed;
import vn.customs.digital.edge.feed.clearances.ClearanceStore;
import vn.customs.digital.edge.gpio.barrier.BarrierController;
import vn.customs.digital.edge.gpio.barrier.GpioLane;
import vn.customs.digital.edge.gpio.barrier.PassageLoop;
import vn.customs.digital.edge.health.AgentMetrics;
import vn.customs.digital.edge.health.HealthServer;
import vn.customs.digital.edge.journal.EventJournal;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.journal.JournalQuota;
import vn.customs.digital.edge.journal.JournalReconciliation;
import vn.customs.digital.edge.uplink.ApiClient;
import vn.customs.digital.edge.uplink.DeviceToken;
import vn.customs.digital.edge.uplink.EventUplink;

/**
 * One gate lane: camera reads and seal states in (CoAP), open/hold decisions out (GPIO, lane
 * display), every event journaled then forwarded to the api. All state lives on this verticle's
 * event loop; CoAP, Pi4J and watchdog threads only post to it, and SQLite runs on workers.
 */
public final class GateAgent extends VerticleBase implements DeviceObservation.Listener {
  private static final Logger log = LoggerFactory.getLogger(GateAgent.class);
  private static final int REMEMBERED_READS = 256;

  private final GateConfig config;
  private final Clock clock;
  private final AgentMetrics metrics = new AgentMetrics();
  private final Map<String, SealState> seals = new HashMap<>();
  private final SequencedSet<String> recentReads = new LinkedHashSet<>();
  private final ClearanceCache cache = new ClearanceCache();

  private EventJournal journal;
  private ClearanceStore store;
  private ApiClient api;
  private ClearanceFeed feed;
  private EventUplink uplink;
  private GpioLane gpio;
  private BarrierController barrier;
  private PassageLoop passageLoop;
  private LaneDisplayServer display;
  private DeviceObservation camera;
  private DeviceObservation sealReader;
  private HealthServer health;
  private String lastPayloadWithoutId;
  private List<Clearance> passing = List.of();
  private long openTimer = -1;
  private long watchdogTimer = -1;

  public GateAgent(GateConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
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
              barrier =
                  new BarrierController(
                      gpio, reason -> context.runOnContext(v -> barrierClosed(reason)));
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
              return token;
            },
            true)
        .compose(
            token -> {
              watchdogTimer =
                  vertx.setPeriodic(
                      Math.max(10, config.gpio().watchdogTimeout().toMillis() / 4),
                      id -> barrier.refresh());
              passageLoop = new PassageLoop(vertx, context, gpio, this::onPassage);
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
                      config.lane(),
                      config.deviceId(),
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
                      camera =
                          new DeviceObservation(
                                  vertx,
                                  context,
                                  config.devices().camera(),
                                  config.devices().observeCheckInterval(),
                                  this,
                                  clock)
                              .open();
                      sealReader =
                          new DeviceObservation(
                                  vertx,
                                  context,
                                  config.devices().sealReader(),
                                  config.devices().observeCheckInterval(),
                                  this,
                                  clock)
                              .open();
                      return null;
                    },
                    true))
        .compose(
            v -> {
              camera.start();
              sealReader.start();
              feed.start();
              uplink.kick();
              health = new HealthServer(vertx, this);
              return config.health().port() >= 0
                  ? health.start(config.health().host(), config.health().port())
                  : Future.succeededFuture();
            })
        .onSuccess(
            v ->
                log.atInfo()
                    .addKeyValue("gate", config.gate())
                    .addKeyValue("lane", config.lane())
                    .addKeyValue("laneDisplayPort", display.port())
                    .addKeyValue("cachedClearances", cache.size())
                    .log("gate agent started"));
  }

  @Override
  public Future<?> stop() {
    if (barrier != null) {
      barrier.stop();
    }
    if (watchdogTimer >= 0) {
      vertx.cancelTimer(watchdogTimer);
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

  // ---- devices

  @Override
  public void onPayload(
      GateConfig.CoapDevice device, String payload, boolean initial, long receivedNanos) {
    if (device == config.devices().camera()) {
      onCameraPayload(payload, initial, receivedNanos);
    } else {
      onSealPayload(payload);
    }
  }

  @Override
  public void onDown(GateConfig.CoapDevice device, String problem) {
    log.atWarn()
        .addKeyValue("device", device.id())
        .addKeyValue("problem", problem)
        .log("device down");
    journal(
        List.of(
            event(
                EventType.DEVICE_FAULT,
                device.id(),
                new JsonObject()
                    .put("reason", problem)
                    .put("deviceUri", device.uri().toString()))));
  }

  @Override
  public void onUp(GateConfig.CoapDevice device) {
    log.atInfo().addKeyValue("device", device.id()).log("device back; observing again");
  }

  private void onCameraPayload(String payload, boolean initial, long receivedNanos) {
    if (payload.strip().equals("{}")) {
      return; // a camera that has read nothing yet
    }
    Recognition read;
    try {
      read = Recognition.parse(payload);
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("problem", e.getMessage())
          .log("camera sent an unreadable recognition");
      return;
    }
    if (!firstSight(read, payload) || initial) {
      // a registration answer repeats the camera's last read: that vehicle is not arriving now
      return;
    }
    Instant now = clock.instant();
    Decision decision =
        journal.quota().full()
            ? GateDecision.journalFull()
            : GateDecision.decide(read, cache, seals, config.policy(), now);
    // Count and display first, actuate last: whoever sees the relay move sees the decision
    // recorded.
    (decision.open() ? metrics.decisionsOpen : metrics.decisionsHold).increment();
    display.show(decision.display());
    if (decision.open()) {
      passing = decision.clearances();
      barrier.open();
      scheduleOpenTimeout();
    }
    metrics.recordDecisionLatency(System.nanoTime() - receivedNanos);
    String cameraId = config.devices().camera().id();
    List<GateEvent> events = new ArrayList<>();
    events.add(
        event(
            EventType.VEHICLE_ARRIVED,
            cameraId,
            new JsonObject()
                .put("readId", read.readId().orElse(null))
                .put("plate", read.plate())
                .put("containerNumbers", new JsonArray(read.containerNumbers()))
                .put("confidence", read.confidence())
                .put("imageRef", read.imageRef().orElse(null))));
    events.add(
        event(
            EventType.PLATE_READ,
            cameraId,
            new JsonObject()
                .put("plate", read.plate())
                .put("confidence", read.confidence())
                .put("imageRef", read.imageRef().orElse(null))));
    for (String container : read.containerNumbers()) {
      events.add(
          event(
              EventType.CONTAINER_READ,
              cameraId,
              new JsonObject()
                  .put("containerNumbers", new JsonArray().add(container))
                  .put("confidence", read.confidence())
                  .put("imageRef", read.imageRef().orElse(null))));
    }
    if (decision.open()) {
      events.add(
          event(
              EventType.BARRIER_OPENED,
              config.deviceId(),
              passageData(read.plate(), decision.clearances())));
    } else {
      JsonObject hold =
          new JsonObject()
              .put("reason", decision.reason().orElseThrow().name())
              .put("detail", decision.detail())
              .put("plate", read.plate())
              .put("containerNumbers", new JsonArray(read.containerNumbers()));
      decision.container().ifPresent(c -> hold.put("containerNumber", c));
      events.add(event(EventType.HOLD, config.deviceId(), hold));
    }
    log.atInfo()
        .addKeyValue("plate", read.plate())
        .addKeyValue("containers", read.containerNumbers())
        .addKeyValue("decision", decision.open() ? "OPEN" : "HOLD")
        .addKeyValue("reason", decision.reason().map(Enum::name).orElse(null))
        .addKeyValue("detail", decision.detail())
        .log("vehicle decided");
    journal(events);
  }

  private boolean firstSight(Recognition read, String payload) {
    if (read.readId().isEmpty()) {
      boolean fresh = !payload.equals(lastPayloadWithoutId);
      lastPayloadWithoutId = payload;
      return fresh;
    }
    if (!recentReads.add(read.readId().get())) {
      return false;
    }
    if (recentReads.size() > REMEMBERED_READS) {
      recentReads.removeFirst();
    }
    return true;
  }

  private void onSealPayload(String payload) {
    JsonArray reports;
    try {
      JsonObject json = new JsonObject(payload);
      reports = json.containsKey("seals") ? json.getJsonArray("seals") : new JsonArray().add(json);
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("problem", e.getMessage())
          .log("seal reader sent an unreadable report");
      return;
    }
    List<GateEvent> events = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      JsonObject report = reports.getJsonObject(i);
      String sealId = report.getString("sealId");
      SealState state;
      try {
        state = SealState.valueOf(report.getString("state", ""));
      } catch (IllegalArgumentException e) {
        log.atWarn()
            .addKeyValue("sealId", sealId)
            .addKeyValue("state", report.getString("state"))
            .log("unknown seal state ignored");
        continue;
      }
      if (sealId == null || state == seals.get(sealId)) {
        continue;
      }
      seals.put(sealId, state);
      events.add(
          event(
              EventType.SEAL_STATE,
              config.devices().sealReader().id(),
              new JsonObject()
                  .put("sealId", sealId)
                  .put("sealState", state.name())
                  .put("containerNumber", report.getString("containerNumber"))));
      if (!state.intact()) {
        log.atWarn()
            .addKeyValue("sealId", sealId)
            .addKeyValue("state", state)
            .log("seal not intact");
      }
    }
    if (!events.isEmpty()) {
      journal(events);
    }
  }

  // ---- barrier cycle

  private void onPassage() {
    if (!barrier.isOpen()) {
      log.warn("passage on the loop with the barrier closed");
      return;
    }
    List<GateEvent> events = new ArrayList<>();
    events.add(event(EventType.PASSAGE_CONFIRMED, config.deviceId(), passageData(null, passing)));
    barrier.close();
    cancelOpenTimeout();
    events.add(
        event(
            EventType.BARRIER_CLOSED,
            config.deviceId(),
            new JsonObject().put("reason", "PASSAGE")));
    passing = List.of();
    display.show("READY");
    // a passage counts once it is durable: whoever reads the counter may pull the plug
    journal(events).onSuccess(stored -> metrics.passages.increment());
  }

  private void barrierClosed(String reason) {
    cancelOpenTimeout();
    if ("WATCHDOG".equals(reason)) {
      metrics.watchdogTrips.increment();
    }
    passing = List.of();
    display.show("READY");
    journal(
        List.of(
            event(
                EventType.BARRIER_CLOSED,
                config.deviceId(),
                new JsonObject().put("reason", reason))));
  }

  private void scheduleOpenTimeout() {
    cancelOpenTimeout();
    openTimer =
        vertx.setTimer(
            config.gpio().openTimeout().toMillis(),
            id -> {
              openTimer = -1;
              if (barrier.isOpen()) {
                barrier.close();
                log.warn("no passage before the open timeout; barrier closed");
                barrierClosed("TIMEOUT");
              }
            });
  }

  private void cancelOpenTimeout() {
    if (openTimer >= 0) {
      vertx.cancelTimer(openTimer);
      openTimer = -1;
    }
  }

  private static JsonObject passageData(String plate, List<Clearance> clearances) {
    JsonArray containers = new JsonArray();
    JsonArray declarations = new JsonArray();
    for (Clearance c : clearances) {
      containers.add(c.containerNumber());
      declarations.add(c.declarationNumber());
    }
    JsonObject data =
        new JsonObject()
            .put("containerNumbers", containers)
            .put("declarationNumbers", declarations);
    if (plate != null) {
      data.put("plate", plate);
    }
    return data;
  }

  // ---- journal

  private GateEvent event(EventType type, String deviceId, JsonObject data) {
    return GateEvent.of(type, clock.instant(), config.lane(), deviceId, data);
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

  // ---- for health and tests

  public AgentMetrics metrics() {
    return metrics;
  }

  public GateConfig gateConfig() {
    return config;
  }

  public ClearanceCache cache() {
    return cache;
  }

  public BarrierController barrier() {
    return barrier;
  }

  public GpioLane gpio() {
    return gpio;
  }

  public String laneDisplay() {
    return display.current();
  }

  public int laneDisplayPort() {
    return display.port();
  }

  public Optional<Integer> healthPort() {
    return health == null ? Optional.empty() : health.port();
  }

  public Map<String, SealState> sealStates() {
    return Map.copyOf(seals);
  }

  /** A snapshot for /health, built on the event loop. */
  public JsonObject healthSnapshot() {
    Instant now = clock.instant();
    boolean cacheFresh = cache.age(now).compareTo(config.policy().cacheMaxAge()) <= 0;
    boolean devicesUp = camera.up() && sealReader.up();
    JournalQuota quota = journal.quota();
    return new JsonObject()
        .put("status", cacheFresh && devicesUp && !quota.full() ? "UP" : "DEGRADED")
        .put("gate", config.gate())
        .put("lane", config.lane())
        .put("deviceId", config.deviceId())
        .put(
            "barrier",
            new JsonObject().put("open", barrier.isOpen()).put("display", display.current()))
        .put(
            "uplink",
            new JsonObject()
                .put("online", uplink.online())
                .put("unsent", uplink.unsent())
                .put("backlog", uplink.backlog())
                .put("journaled", metrics.eventsJournaled.sum())
                .put("sent", metrics.eventsSent.sum())
                .put("rejected", metrics.eventsRejected.sum()))
        .put("journal", quota.health())
        .put(
            "clearances",
            new JsonObject()
                .put("entries", cache.size())
                .put("syncedAt", cache.syncedAt().map(Instant::toString).orElse(null))
                .put(
                    "ageSeconds",
                    cache.syncedAt().map(s -> cache.age(now).toSeconds()).orElse(null))
                .put("fresh", cacheFresh)
                .put("pushConnected", feed.pushConnected()))
        .put(
            "devices",
            new JsonObject().put("camera", device(camera)).put("sealReader", device(sealReader)))
        .put(
            "decisions",
            new JsonObject()
                .put("open", metrics.decisionsOpen.sum())
                .put("hold", metrics.decisionsHold.sum())
                .put("passages", metrics.passages.sum())
                .put("passagesInterrupted", metrics.passagesInterrupted.sum()));
  }

  private static JsonObject device(DeviceObservation d) {
    return new JsonObject()
        .put("id", d.device().id())
        .put("uri", d.device().uri().toString())
        .put("up", d.up())
        .put("lastSeen", d.lastSeen().map(Instant::toString).orElse(null));
  }

  /** Both the camera and the seal reader answer this agent's observations. */
  public boolean devicesObserved() {
    return camera != null && sealReader != null && camera.observing() && sealReader.observing();
  }

  public boolean vehicleOnLoop() {
    return passageLoop.occupied();
  }

  public long unsentEvents() {
    return uplink.unsent();
  }

  public long backlogEvents() {
    return uplink.backlog();
  }

  public JournalQuota journalQuota() {
    return journal.quota();
  }

  public ClearanceFeed feed() {
    return feed;
  }
}
