package vn.customs.digital.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.journal.EventJournal;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.journal.JournalQuota;
import vn.customs.digital.edge.support.FakeGateApi;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/**
 * The agent starts on a journal holding the backlog of a long outage (written by the journal
 * itself, as an earlier run would have), against the fake api, with {@code uplink.backlogRate:
 * 100}.
 */
class BacklogPacingTest {
  private static final int RATE = 100;

  @TempDir Path dir;
  private LaneFixture lane;

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
  }

  private LaneFixture laneWithBacklog(int events) throws Exception {
    LaneFixture.Options options = LaneFixture.Options.defaults();
    lane =
        new LaneFixture(
            Vertx.vertx(),
            dir,
            new LaneFixture.Options(
                options.pskSecret(),
                options.simulatePassage(),
                options.minConfidence(),
                options.cacheMaxAge(),
                options.observeCheck(),
                "uplink:\n  backlogRate: " + RATE));
    try (EventJournal journal =
        EventJournal.open(
            dir.resolve("journal"),
            new JournalQuota(128L << 20, 80, "L1", LaneFixture.DEVICE, Clock.systemUTC()))) {
      List<GateEvent> backlog = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        backlog.add(
            GateEvent.of(
                EventType.PLATE_READ,
                Instant.now(),
                "L1",
                "vnhph-l1-cam",
                new JsonObject()
                    .put("plate", "15C%05d".formatted(i))
                    .put("confidence", 0.97)
                    .put("imageRef", "cam1/%06d.jpg".formatted(i))));
      }
      journal.append(backlog);
    }
    return lane;
  }

  private List<JsonObject> backlogAtTheApi() {
    return lane.api.events("PLATE_READ").stream()
        .filter(e -> e.getJsonObject("data").getString("imageRef").startsWith("cam1/"))
        .toList();
  }

  @Test
  @DisplayName(
      "With a large backlog, a vehicle arriving now reaches the api long before the backlog has drained")
  void liveEventsOvertakeTheBacklog() throws Exception {
    int backlog = 1_500;
    laneWithBacklog(backlog);
    lane.api.clear("MSCU1234566", "D-1", null, null, Instant.now().plus(Duration.ofDays(1)));
    lane.startAgent();
    Await.until("the backlog started draining", () -> !backlogAtTheApi().isEmpty());

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);

    Await.until(
        "the opening reported to the api",
        Duration.ofSeconds(5),
        () -> !lane.api.events("BARRIER_OPENED").isEmpty());
    int drained = backlogAtTheApi().size();
    assertThat(drained)
        .as("backlog events at the api when the opening got there")
        .isLessThan(backlog / 2);
    assertThat(lane.agent.lane().health().uplink().backlog()).isPositive();
    // and the backlog, journaled long before, goes on arriving after it
    Await.until("more of the backlog delivered", () -> backlogAtTheApi().size() > drained);
    List<String> ids = FakeGateApi.ids(lane.api.events());
    List<JsonObject> later = backlogAtTheApi();
    assertThat(ids.indexOf(lane.api.events("BARRIER_OPENED").get(0).getString("id")))
        .isLessThan(ids.indexOf(later.get(later.size() - 1).getString("id")));
  }

  @Test
  @DisplayName("The backlog drains in journal order, once, no faster than uplink.backlogRate")
  void backlogDrainsAtTheConfiguredRate() throws Exception {
    int backlog = 3 * RATE;
    laneWithBacklog(backlog);
    lane.startAgent();

    Await.until(
        "the backlog drained", Duration.ofSeconds(15), () -> backlogAtTheApi().size() == backlog);

    List<JsonObject> drained = backlogAtTheApi();
    assertThat(drained.stream().map(e -> e.getLong("seq")).toList())
        .isSorted()
        .doesNotHaveDuplicates();
    Instant first = lane.api.storedAt(drained.get(0).getString("id"));
    Instant last = lane.api.storedAt(drained.get(backlog - 1).getString("id"));
    // a second's worth per batch: the first at once, the other two a second apart each
    assertThat(Duration.between(first, last)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    assertThat(FakeGateApi.ids(lane.api.events())).doesNotHaveDuplicates();
    Await.until(
        "the agent counts nothing left",
        () ->
            lane.agent.lane().health().uplink().backlog() == 0
                && lane.agent.lane().health().uplink().unsent() == 0);
  }
}
