package vn.customs.digital.edge.lane;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.coap.LaneDisplayServer;
import vn.customs.digital.edge.coap.devices.DeviceObservation;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.decision.GateDecision;
import vn.customs.digital.edge.decision.GateDecision.Decision;
import vn.customs.digital.edge.decision.Recognition;
import vn.customs.digital.edge.decision.SealReport;
import vn.customs.digital.edge.decision.SealState;
import vn.customs.digital.edge.feed.clearances.Clearance;
import vn.customs.digital.edge.feed.clearances.ClearanceCache;
import vn.customs.digital.edge.gpio.barrier.BarrierController;
import vn.customs.digital.edge.health.AgentMetrics;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.journal.JournalQuota;
import vn.customs.digital.edge.journal.LaneEvents;

/**
 * The lane's cycle, on the agent's event loop: a camera read is decided ({@link GateDecision}) and
 * the barrier opens or the vehicle is held; the passage loop, the open timeout or the relay's
 * watchdog closes it again; the seal reader's reports are kept for the decisions. Every step is
 * journaled (the journal then wakes the uplink).
 */
public final class LaneCycle implements DeviceObservation.Listener {
  private static final Logger log = LoggerFactory.getLogger(LaneCycle.class);

  /** Read ids remembered to tell a vehicle's first notification from the camera's repeats of it. */
  private static final int REMEMBERED_READS = 256;

  private final Vertx vertx;
  private final GateConfig config;
  private final Clock clock;
  private final ClearanceCache cache;
  private final BarrierController barrier;
  private final LaneDisplayServer display;
  private final AgentMetrics metrics;
  private final JournalQuota quota;
  private final LaneEvents events;
  private final Journal journal;
  private final Map<String, SealState> seals = new HashMap<>();
  private final SequencedSet<String> recentReads = new LinkedHashSet<>();
  private String lastPayloadWithoutId;
  private List<Clearance> passing = List.of();
  private long openTimer = -1;

  /**
   * @param quota the journal's: at the quota every vehicle is held (GateDecision.journalFull)
   */
  public LaneCycle(
      Vertx vertx,
      GateConfig config,
      Clock clock,
      ClearanceCache cache,
      BarrierController barrier,
      LaneDisplayServer display,
      AgentMetrics metrics,
      JournalQuota quota,
      LaneEvents events,
      Journal journal) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.cache = cache;
    this.barrier = barrier;
    this.display = display;
    this.metrics = metrics;
    this.quota = quota;
    this.events = events;
    this.journal = journal;
  }

  /**
   * Commits events to the journal, in order, then wakes the uplink. It reports a failed write
   * itself, so the cycle waits for the result only where it has more to do (a passage counts once
   * journaled).
   */
  public interface Journal {
    Future<List<GateEvent>> append(List<GateEvent> events);
  }

  // ---- devices

  @Override
  public void onPayload(
      GateConfig.CoapDevice device, String payload, boolean initial, long receivedNanos) {
    if (device.equals(config.devices().camera())) {
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
    journal.append(
        List.of(events.deviceFault(clock.instant(), device.id(), device.uri(), problem)));
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
        quota.full()
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
    List<GateEvent> decided =
        new ArrayList<>(events.vehicleRead(now, config.devices().camera().id(), read));
    decided.add(
        decision.open()
            ? events.barrierOpened(now, read.plate(), decision.clearances())
            : events.hold(now, read, decision));
    log.atInfo()
        .addKeyValue("plate", read.plate())
        .addKeyValue("containers", read.containerNumbers())
        .addKeyValue("decision", decision.open() ? "OPEN" : "HOLD")
        .addKeyValue("reason", decision.reason().map(Enum::name).orElse(null))
        .addKeyValue("detail", decision.detail())
        .log("vehicle decided");
    journal.append(decided);
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
    List<SealReport> reports;
    try {
      reports = SealReport.parse(payload);
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("problem", e.getMessage())
          .log("seal reader sent an unreadable report");
      return;
    }
    List<GateEvent> changed = new ArrayList<>();
    for (SealReport report : reports) {
      SealState state = report.knownState().orElse(null);
      if (state == null) {
        log.atWarn()
            .addKeyValue("sealId", report.sealId())
            .addKeyValue("state", report.state())
            .log("unknown seal state ignored");
        continue;
      }
      if (report.sealId() == null || state == seals.get(report.sealId())) {
        continue;
      }
      seals.put(report.sealId(), state);
      changed.add(
          events.sealState(
              clock.instant(),
              config.devices().sealReader().id(),
              report.sealId(),
              state,
              report.containerNumber()));
      if (!state.intact()) {
        log.atWarn()
            .addKeyValue("sealId", report.sealId())
            .addKeyValue("state", state)
            .log("seal not intact");
      }
    }
    if (!changed.isEmpty()) {
      journal.append(changed);
    }
  }

  /** The seal states reported so far, by seal id. */
  public Map<String, SealState> sealStates() {
    return Map.copyOf(seals);
  }

  // ---- barrier

  /** The passage loop saw a vehicle go through. */
  public void onPassage() {
    if (!barrier.isOpen()) {
      log.warn("passage on the loop with the barrier closed");
      return;
    }
    Instant now = clock.instant();
    List<GateEvent> passage = new ArrayList<>();
    passage.add(events.passageConfirmed(now, passing));
    barrier.close();
    cancelOpenTimeout();
    passage.add(events.barrierClosed(now, "PASSAGE"));
    passing = List.of();
    display.show("READY");
    // a passage counts once it is durable: whoever reads the counter may pull the plug
    journal.append(passage).onSuccess(stored -> metrics.passages.increment());
  }

  /**
   * The barrier closed without a passage: TIMEOUT, or WATCHDOG (the relay's watchdog forced it).
   */
  public void barrierClosed(String reason) {
    cancelOpenTimeout();
    if ("WATCHDOG".equals(reason)) {
      metrics.watchdogTrips.increment();
    }
    passing = List.of();
    display.show("READY");
    journal.append(List.of(events.barrierClosed(clock.instant(), reason)));
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

  /** Stops the open timeout (agent shutdown). */
  public void stop() {
    cancelOpenTimeout();
  }

  private void cancelOpenTimeout() {
    if (openTimer >= 0) {
      vertx.cancelTimer(openTimer);
      openTimer = -1;
    }
  }
}
