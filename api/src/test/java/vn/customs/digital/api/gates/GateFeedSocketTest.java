package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Connected gate agents are pushed new clearances and revocations")
class GateFeedSocketTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static WebSocketConnectOptions feed(String gate, String token) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(TestApi.port())
            .setURI("/api/v1/gates/" + gate + "/feed");
    return token == null ? options : options.addHeader("Authorization", "Bearer " + token);
  }

  /** The next pushed frame, waited for at most {@code seconds} after the change was committed. */
  private static JsonObject next(BlockingQueue<String> frames, long seconds)
      throws InterruptedException {
    String frame = frames.poll(seconds, TimeUnit.SECONDS);
    assertThat(frame).as("a frame pushed within " + seconds + " s").isNotNull();
    return new JsonObject(frame);
  }

  @Test
  @DisplayName(
      "a release committed after connecting is pushed within 1 s, and so is its revocation, each entry verified")
  void pushesReleaseAndRevocation(Vertx vertx) throws Exception {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.awaitingPayment(vertx, gate, container);

    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocket ws =
          Await.result(
              client
                  .connect(feed(gate, device.token()))
                  .onSuccess(w -> w.textMessageHandler(frames::add)));
      GateFixture.pay(vertx, d);
      JsonObject pushed = next(frames, 1);
      assertThat(pushed.getString("type")).isEqualTo("entries");
      List<JsonObject> entries = GateFixture.payloads(vertx, pushed);
      assertThat(entries)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getString("kind")).isEqualTo("CLEARANCE");
                assertThat(e.getString("containerNumber")).isEqualTo(container);
                assertThat(e.getString("declarationId")).isEqualTo(d.getString("id"));
              });
      assertThat(pushed.getString("cursor"))
          .isEqualTo(String.valueOf(entries.get(0).getLong("seq")));

      GateFixture.officerActs(
          vertx, d, "cancellation", GateFixture.because("goods found to be prohibited for export"));
      JsonObject revoked = next(frames, 1);
      assertThat(GateFixture.payloads(vertx, revoked))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getString("kind")).isEqualTo("REVOCATION");
                assertThat(e.getString("reason")).isEqualTo("CANCELLED");
              });
      // The pushed cursor continues the pull: nothing was missed.
      assertThat(device.feed(vertx, revoked.getString("cursor")).getJsonArray("entries")).isEmpty();
      Await.result(ws.close());
    } finally {
      Await.result(client.close());
    }
  }

  @Test
  @DisplayName(
      "the handshake is refused without a device token (401) and for another gate's device (403)")
  void refusedHandshake(Vertx vertx) {
    String gate = GateFixture.registerGate(vertx);
    GateFixture.Device other = GateFixture.deviceAtNewGate(vertx);
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      Throwable anonymous = catchThrowable(() -> Await.result(client.connect(feed(gate, null))));
      assertThat(anonymous).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) anonymous).getStatus()).isEqualTo(401);
      Throwable foreign =
          catchThrowable(() -> Await.result(client.connect(feed(gate, other.token()))));
      assertThat(foreign).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) foreign).getStatus()).isEqualTo(403);
    } finally {
      Await.result(client.close());
    }
  }

  @Test
  @DisplayName(
      "a plain GET of the feed (no upgrade) is answered 426 with a problem, not a server error")
  void plainGet(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    var r = GateFixture.get(vertx, device.token(), "/api/v1/gates/" + gate + "/feed");
    GateFixture.assertProblem(r, 426);
    assertThat(r.getHeader("Upgrade")).isEqualTo("websocket");
  }
}
