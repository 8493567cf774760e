package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.config.GateConfigLoader;
import vn.customs.digital.edge.journal.EventJournal;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.journal.JournalQuota;
import vn.customs.digital.edge.support.JournalFile;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/**
 * Sizes the default journal quota on the rows the agent really writes: vehicles with two sealed
 * containers pass a lane, then their events are journaled again, with fresh ids, as a busy lane's
 * week of outage would leave them (2,000 vehicles a day, all undelivered). The README's arithmetic
 * comes from this test's log line.
 */
class JournalSizingTest {
  private static final Logger log = LoggerFactory.getLogger(JournalSizingTest.class);
  private static final int VEHICLES = 20;
  private static final int WEEK_OF_VEHICLES = 7 * 2_000;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "The default journal quota keeps 7 days of a lane passing 2,000 vehicles a day, below its warning level")
  void defaultQuotaHoldsAWeekOfABusyLane() throws Exception {
    List<GateEvent> written = new ArrayList<>();
    try (LaneFixture lane =
        new LaneFixture(
            Vertx.vertx(),
            Files.createDirectories(dir.resolve("lane")),
            LaneFixture.Options.defaults().withSimulatedPassage(Duration.ofMillis(20)))) {
      for (int i = 0; i < VEHICLES; i++) {
        lane.api.clear(
            "MSCU%07d".formatted(2 * i),
            "D-" + i,
            "15C%05d".formatted(i),
            "SEAL-A-" + i,
            tomorrow());
        lane.api.clear(
            "MSCU%07d".formatted(2 * i + 1),
            "D-" + i,
            "15C%05d".formatted(i),
            "SEAL-B-" + i,
            tomorrow());
      }
      lane.startAgent();
      for (int i = 0; i < VEHICLES; i++) {
        int passed = i + 1;
        String sealA = "SEAL-A-" + i;
        String sealB = "SEAL-B-" + i;
        // A reader reports again what it has not seen acknowledged: on a loaded machine a CoAP
        // notification
        // may wait out its retransmissions (2, 4, 8 s ...) longer than this test wants to wait for
        // one.
        for (int attempt = 0;
            !(lane.agent.lane().cycle().sealStates().containsKey(sealA)
                && lane.agent.lane().cycle().sealStates().containsKey(sealB));
            attempt++) {
          if (attempt == 10) {
            throw new AssertionError(
                "the agent did not see the seals of vehicle " + i + " after 10 reports");
          }
          lane.devices.seal(sealA, "SEALED", "MSCU%07d".formatted(2 * i));
          lane.devices.seal(sealB, "SEALED", "MSCU%07d".formatted(2 * i + 1));
          try {
            Await.until(
                "seals of vehicle " + i,
                Duration.ofSeconds(3),
                () ->
                    lane.agent.lane().cycle().sealStates().containsKey(sealA)
                        && lane.agent.lane().cycle().sealStates().containsKey(sealB));
          } catch (AssertionError notYet) {
            // report again
          }
        }
        lane.devices.arrive(
            "15C%05d".formatted(i),
            List.of("MSCU%07d".formatted(2 * i), "MSCU%07d".formatted(2 * i + 1)),
            0.97,
            "cam1/2026-12-04/08/%07d.jpg".formatted(i));
        Await.until(
            "vehicle " + i + " passed",
            Duration.ofSeconds(10),
            () -> lane.agent.lane().metrics().passages.sum() == passed);
      }
      lane.stopAgent();
      // a vehicle's events; link and device events are another matter (a device fault may come from
      // the load)
      JournalFile.events(dir.resolve("lane/journal")).stream()
          .filter(
              e ->
                  !Set.of(EventType.AGENT_ONLINE, EventType.AGENT_OFFLINE, EventType.DEVICE_FAULT)
                      .contains(e.type()))
          .forEach(written::add);
    }
    assertThat(written).hasSize(9 * VEHICLES);

    try (EventJournal week = EventJournal.open(dir.resolve("week"), quota())) {
      List<GateEvent> hundredVehicles = new ArrayList<>();
      for (int copy = 0; copy < WEEK_OF_VEHICLES / VEHICLES; copy++) {
        written.forEach(
            e ->
                hundredVehicles.add(
                    GateEvent.of(e.type(), e.occurredAt(), e.lane(), e.deviceId(), e.data())));
        if (hundredVehicles.size() == 5 * written.size()) {
          week.append(hundredVehicles);
          hundredVehicles.clear();
        }
      }
      long used = week.usedBytes();
      long events = week.unsentCount();
      log.atInfo()
          .addKeyValue("events", events)
          .addKeyValue("usedBytes", used)
          .addKeyValue("bytesPerEvent", used / events)
          .addKeyValue("bytesPerVehicle", used / WEEK_OF_VEHICLES)
          .addKeyValue("percentOfDefaultQuota", used * 100 / GateConfigLoader.DEFAULT_JOURNAL_BYTES)
          .log("a week of a busy lane, undelivered");
      assertThat(events).isEqualTo(9L * WEEK_OF_VEHICLES);
      assertThat(week.quota().level()).isEqualTo(JournalQuota.Level.OK);
      assertThat(used).isLessThan(GateConfigLoader.DEFAULT_JOURNAL_BYTES / 100 * 80);
    }
  }

  private static JournalQuota quota() {
    return new JournalQuota(
        GateConfigLoader.DEFAULT_JOURNAL_BYTES, 80, "L1", LaneFixture.DEVICE, Clock.systemUTC());
  }

  private static Instant tomorrow() {
    return Instant.now().plus(Duration.ofDays(1));
  }
}
