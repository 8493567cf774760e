package vn.customs.digital.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/** What the uplink does when the api refuses a batch, rather than cannot be reached. */
class UplinkRefusalTest {
  private static final Instant TOMORROW = Instant.now().plus(Duration.ofDays(1));

  @TempDir Path dir;
  private LaneFixture lane;

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
  }

  private void passVehicle(String plate, String container) {
    long before = lane.agent.lane().metrics().passages.sum();
    lane.devices.arrive(plate, List.of(container), 0.99, null);
    Await.until("barrier open for " + plate, () -> lane.agent.lane().gpio().relayActive());
    lane.vehiclePassesLoop();
    Await.until(plate + " passed", () -> lane.agent.lane().metrics().passages.sum() == before + 1);
  }

  private int rejectedInJournal() throws Exception {
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal/events.db"));
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM events WHERE sent = 2")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  @DisplayName(
      "An event the api refuses as invalid is set aside; the events after it still reach the api, in order")
  void invalidEventDoesNotBlockTheLane() throws Exception {
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.api.clear("TGHU7654321", "D-2", null, null, TOMORROW);
    lane.api.refuseEventType("PLATE_READ");
    lane.startAgent();

    passVehicle("15C12345", "MSCU1234566");
    passVehicle("15C67890", "TGHU7654321");

    Await.until(
        "both passages stored",
        Duration.ofSeconds(15),
        () -> lane.api.events("PASSAGE_CONFIRMED").size() == 2);
    Await.until("nothing left unsent", () -> lane.agent.lane().health().uplink().unsent() == 0);
    assertThat(lane.api.events("PLATE_READ")).isEmpty();
    assertThat(lane.agent.lane().metrics().eventsRejected.sum()).isEqualTo(2);
    JsonObject uplink = lane.agent.lane().health().toJson().getJsonObject("uplink");
    assertThat(uplink.getLong("rejected")).isEqualTo(2);
    assertThat(rejectedInJournal()).as("kept in the journal for inspection").isEqualTo(2);
    assertThat(lane.api.events().stream().map(e -> e.getLong("seq")).toList())
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(lane.api.events().stream().map(e -> e.getString("type")).toList())
        .containsSubsequence(
            "VEHICLE_ARRIVED",
            "CONTAINER_READ",
            "BARRIER_OPENED",
            "PASSAGE_CONFIRMED",
            "VEHICLE_ARRIVED",
            "CONTAINER_READ",
            "BARRIER_OPENED",
            "PASSAGE_CONFIRMED");
  }

  @Test
  @DisplayName(
      "A backlog larger than the api's body limit goes in smaller batches (413 halves the batch), all of it, in order")
  void backlogFitsTheBodyLimit() throws Exception {
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    for (int i = 0; i < 6; i++) {
      lane.api.clear("MSCU%07d".formatted(i), "D-" + i, null, null, TOMORROW);
    }
    lane.startAgent();
    Await.until("agent online", () -> !lane.api.events("AGENT_ONLINE").isEmpty());
    lane.api.stop().await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 6; i++) {
      passVehicle("15C0000" + i, "MSCU%07d".formatted(i));
    }
    lane.api.maxBodyBytes(3 * 1024); // about a vehicle's worth of events
    lane.api.start().await(10, TimeUnit.SECONDS);

    Await.until(
        "backlog delivered",
        Duration.ofSeconds(30),
        () ->
            lane.api.events("PASSAGE_CONFIRMED").size() == 6
                && lane.agent.lane().health().uplink().unsent() == 0);
    assertThat(lane.api.tooLargeAnswers()).isPositive();
    assertThat(lane.agent.lane().metrics().eventsRejected.sum()).isZero();
    // the AGENT_ONLINE of the link's return is live and goes ahead of the backlog, which keeps
    // journal order
    assertThat(
            lane.api.events().stream()
                .filter(e -> !e.getString("type").equals("AGENT_ONLINE"))
                .map(e -> e.getLong("seq"))
                .toList())
        .isSorted()
        .doesNotHaveDuplicates();
  }
}
