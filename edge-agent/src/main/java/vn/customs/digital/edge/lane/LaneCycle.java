package vn.customs.digital.edge.lane;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
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
import vn.customs.digital.edge.feed.clearances.PassageCommand;
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

  private static final String USED_BEFORE = "used before";

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
  private LaneEvents.Authorised passingAuthorised;
  private Held held;
  private final Set<String> usedCommands;

  /** The last refusal of each recent command: its id -> why. */
  private final java.util.SequencedMap<String, String> refusedCommands =
      new java.util.LinkedHashMap<>();

  private long openTimer = -1;

  /** The vehicle at the barrier now, held: the HOLD event that held it and what was read. */
  private record Held(String holdEventId, String plate, List<String> containerNumbers) {}

  /**
   * @param quota the journal's: at the quota every vehicle is held (GateDecision.journalFull)
   * @param usedCommands the one-time passage commands the journal says were used (by earlier runs)
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
      Journal journal,
      Set<String> usedCommands) {
    this.usedCommands = new HashSet<>(usedCommands);
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
    held = null;
    if (decision.open()) {
      passing = decision.clearances();
      passingAuthorised = null;
      barrier.open();
      scheduleOpenTimeout();
    }
    metrics.recordDecisionLatency(System.nanoTime() - receivedNanos);
    List<GateEvent> decided =
        new ArrayList<>(events.vehicleRead(now, config.devices().camera().id(), read));
    GateEvent outcome =
        decision.open()
            ? events.barrierOpened(now, read.plate(), decision.clearances())
            : events.hold(now, read, decision);
    decided.add(outcome);
    if (!decision.open()) {
      held = new Held(outcome.id(), read.plate(), read.containerNumbers());
    }
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
    passage.add(events.passageConfirmed(now, passing, passingAuthorised));
    barrier.close();
    cancelOpenTimeout();
    passage.add(events.barrierClosed(now, "PASSAGE"));
    passing = List.of();
    passingAuthorised = null;
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
    passingAuthorised = null;
    display.show("READY");
    journal.append(List.of(events.barrierClosed(clock.instant(), reason)));
  }

  // ---- one-time passages

  /**
   * An officer's one-time passage, verified by the feed: the barrier opens once for the vehicle
   * held now if the command is for this lane, has not expired by this agent's clock, was never used
   * (by this run or, per the journal, an earlier one), and names the hold of the vehicle at the
   * barrier (a vehicle read since replaces it). The opening is journaled with the command's id
   * before the relay moves: a journal that refuses it (the id is there already) opens nothing.
   * Anything else is refused, logged once per command and reason, and counted.
   */
  public void onPassageCommand(PassageCommand command) {
    Instant now = clock.instant();
    String refusal = null;
    if (!config.lane().equals(command.lane())) {
      refusal = "for lane " + command.lane();
    } else if (usedCommands.contains(command.id())) {
      refusal = USED_BEFORE;
    } else if (!now.isBefore(command.expiresAt())) {
      refusal = "expired at " + command.expiresAt();
    } else if (held == null || !held.holdEventId().equals(command.holdEventId())) {
      refusal = "the vehicle it is for is not held at the barrier";
    } else if (barrier.isOpen()) {
      refusal = "the barrier is open";
    }
    if (refusal != null) {
      refused(command, refusal);
      return;
    }
    Held vehicle = held;
    held = null;
    usedCommands.add(command.id());
    LaneEvents.Authorised authorised =
        new LaneEvents.Authorised(command.id(), vehicle.containerNumbers());
    journal
        .append(List.of(events.barrierOpened(now, vehicle.plate(), List.of(), authorised)))
        .onSuccess(
            stored -> {
              if (barrier.isOpen()) {
                return;
              }
              passing = List.of();
              passingAuthorised = authorised;
              metrics.passageCommandsUsed.increment();
              display.show("OPEN AUTHORISED " + vehicle.plate());
              barrier.open();
              scheduleOpenTimeout();
              log.atInfo()
                  .addKeyValue("command", command.id())
                  .addKeyValue("plate", vehicle.plate())
                  .addKeyValue("containers", vehicle.containerNumbers())
                  .log("one-time passage: barrier opened");
            })
        .onFailure(e -> refused(command, "the journal refused it: " + e.getMessage()));
  }

  /** Why the command was last refused, if it was lately. */
  public java.util.Optional<String> refusal(String commandId) {
    return java.util.Optional.ofNullable(refusedCommands.get(commandId));
  }

  private void refused(PassageCommand command, String why) {
    (why.equals(USED_BEFORE) ? metrics.passageCommandsReplayed : metrics.passageCommandsRefused)
        .increment();
    String before = refusedCommands.put(command.id(), why);
    if (refusedCommands.size() > REMEMBERED_READS) {
      refusedCommands.pollFirstEntry();
    }
    if (!why.equals(before)) {
      log.atWarn()
          .addKeyValue("command", command.id())
          .addKeyValue("lane", command.lane())
          .addKeyValue("why", why)
          .log("one-time passage refused");
    }
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
