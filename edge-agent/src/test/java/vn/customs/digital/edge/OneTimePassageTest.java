package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/**
 * An officer's one-time passage on a lane of simulated CoAP devices and the Pi4J mock, the commands
 * signed as the api signs them and delivered by the fake api's feed (push and pull).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A held vehicle passes once on an officer's signed command")
class OneTimePassageTest {
  private static final String CONTAINER = "TGHU7654321";

  @TempDir Path dir;
  private LaneFixture lane;

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
  }

  private String heldNow() {
    lane.devices.arrive("15C12345", List.of(CONTAINER), 0.98, null);
    int before = lane.api.events("HOLD").size();
    return Await.value(
            "a HOLD event stored by the api",
            Duration.ofSeconds(10),
            () ->
                lane.api.events("HOLD").size() > before
                    ? lane.api.events("HOLD").get(lane.api.events("HOLD").size() - 1)
                    : null)
        .getString("id");
  }

  /** Delivers the command and waits for the lane to refuse it for {@code why}. */
  private void refusedBecause(String jws, String why) throws Exception {
    String id =
        new JsonObject(com.nimbusds.jose.JWSObject.parse(jws).getPayload().toString())
            .getString("id");
    lane.api.deliverCommand(jws);
    String refusal =
        Await.value(
            "command " + id + " refused",
            Duration.ofSeconds(10),
            () -> lane.agent.lane().cycle().refusal(id).orElse(null));
    assertThat(refusal).startsWith(why);
  }

  private long replayed() {
    return lane.agent.lane().metrics().passageCommandsReplayed.sum();
  }

  @Test
  @DisplayName(
      "refused for another lane, expired, another hold or a bad signature; opens once for the held vehicle; a replay is refused, after a restart too")
  void oncePerCommand() throws Exception {
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    lane.startAgent();
    String hold = heldNow();
    Instant soon = Instant.now().plusSeconds(300);

    refusedBecause(
        lane.api.command(UUID.randomUUID().toString(), "L2", hold, List.of(CONTAINER), soon),
        "for lane L2");
    refusedBecause(
        lane.api.command(
            UUID.randomUUID().toString(),
            "L1",
            hold,
            List.of(CONTAINER),
            Instant.now().minusSeconds(1)),
        "expired at");
    refusedBecause(
        lane.api.command(
            UUID.randomUUID().toString(),
            "L1",
            UUID.randomUUID().toString(),
            List.of(CONTAINER),
            soon),
        "the vehicle it is for is not held");
    String forged =
        lane.api.command(UUID.randomUUID().toString(), "L1", hold, List.of(CONTAINER), soon);
    lane.api.deliverCommand(forged.substring(0, forged.length() - 4) + "AAAA");
    Await.until(
        "a command with a broken signature rejected",
        () -> lane.agent.lane().metrics().passageCommandsRejected.sum() == 1);
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    assertThat(lane.api.events("BARRIER_OPENED")).isEmpty();

    String id = UUID.randomUUID().toString();
    String command = lane.api.command(id, "L1", hold, List.of(CONTAINER), soon);
    lane.api.deliverCommand(command);
    Await.until("barrier opened on the command", () -> lane.agent.lane().gpio().relayActive());
    assertThat(lane.agent.lane().health().display()).startsWith("OPEN AUTHORISED");
    lane.vehiclePassesLoop();
    Await.until("barrier closed after the passage", () -> !lane.agent.lane().gpio().relayActive());
    Await.until("passage reported", () -> lane.api.events("PASSAGE_CONFIRMED").size() == 1);
    JsonObject opened = lane.api.events("BARRIER_OPENED").get(0).getJsonObject("data");
    assertThat(opened.getString("authorisationId")).isEqualTo(id);
    assertThat(opened.getJsonArray("containerNumbers")).containsExactly(CONTAINER);
    JsonObject passed = lane.api.events("PASSAGE_CONFIRMED").get(0).getJsonObject("data");
    assertThat(passed.getString("authorisationId")).isEqualTo(id);
    assertThat(passed.getJsonArray("containerNumbers")).containsExactly(CONTAINER);
    assertThat(lane.agent.lane().metrics().passageCommandsUsed.sum()).isEqualTo(1);

    // pushed again while the same kind of vehicle is held again: used, so refused
    heldNow();
    lane.api.deliverCommand(command);
    Await.until("the replay refused", () -> replayed() >= 1);
    assertThat(lane.agent.lane().cycle().refusal(id)).contains("used before");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();

    // after a restart the journal remembers it: every pull carries it and every pull is refused
    lane.stopAgent();
    lane.startAgent();
    Await.until("the replay refused after the restart", () -> replayed() >= 1);
    assertThat(lane.agent.lane().cycle().refusal(id)).contains("used before");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    assertThat(lane.api.events("BARRIER_OPENED")).hasSize(1);
  }
}
