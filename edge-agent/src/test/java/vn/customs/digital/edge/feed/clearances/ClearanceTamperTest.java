package vn.customs.digital.edge.feed.clearances;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

class ClearanceTamperTest {
  private static final Instant TOMORROW = Instant.now().plus(Duration.ofDays(1));

  @TempDir Path dir;
  private LaneFixture lane;

  @AfterEach
  void tearDown() throws Exception {
    lane.close();
  }

  @Test
  @DisplayName(
      "A local cache entry edited on disk fails re-verification at start and releases nothing")
  void tamperedLocalEntryIsDiscarded() throws Exception {
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    String jws = lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();
    lane.stopAgent();

    // the attacker rewrites the payload to release another container, keeping the original
    // signature
    String[] parts = jws.split("\\.");
    JsonObject payload =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
            .put("containerNumber", "TGHU7654321");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal/clearances.db"));
        PreparedStatement update =
            db.prepareStatement("UPDATE entries SET entry_key = ?, jws = ?")) {
      update.setString(1, "TGHU7654321/D-1");
      update.setString(2, forged);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    lane.api.stop().await(5, TimeUnit.SECONDS);

    lane.startAgent();
    assertThat(lane.agent.lane().metrics().clearancesRejected.sum()).isEqualTo(1);
    assertThat(lane.agent.lane().cache().size()).isZero();
    lane.devices.arrive("15C12345", List.of("TGHU7654321"), 0.99, null);

    Await.until("hold decided", () -> lane.agent.lane().metrics().decisionsHold.sum() == 1);
    assertThat(lane.agent.lane().health().display()).startsWith("HOLD NOT_RELEASED TGHU7654321");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
  }

  @Test
  @DisplayName(
      "A feed entry whose signature does not verify is refused and the container stays unreleased")
  void badlySignedFeedEntryIsRefused() throws Exception {
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    JsonObject payload =
        lane.api.entry("CLEARANCE", "MSCU1234566", "D-1", null, null, TOMORROW, null);
    String genuine = lane.api.sign(payload);
    String otherSignature =
        lane.api.sign(payload.copy().put("issuedAt", Instant.EPOCH.toString())).split("\\.")[2];
    String[] parts = genuine.split("\\.");
    lane.api.publishRaw(parts[0] + "." + parts[1] + "." + otherSignature, payload.getLong("seq"));

    lane.startAgent();

    assertThat(lane.agent.lane().metrics().clearancesRejected.sum()).isEqualTo(1);
    assertThat(lane.agent.lane().cache().status("MSCU1234566", Instant.now()).state())
        .isEqualTo(ClearanceCache.ContainerStatus.State.NOT_RELEASED);
  }
}
