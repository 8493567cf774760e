package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Problems of the notifications routes mounted in the api")
class LiveRoutesProblemTest {

  @Test
  @DisplayName(
      "a refused push-token registration is a problem with its instance and the request id the api answered with")
  void requestIdInProblem(Vertx vertx) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/me/push-tokens")
                .putHeader("Authorization", "Bearer " + TestTokens.trader("0101234567"))
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("instance")).isEqualTo("/api/v1/me/push-tokens");
    assertThat(r.getHeader("X-Request-Id")).isNotBlank();
    assertThat(problem.getString("requestId")).isEqualTo(r.getHeader("X-Request-Id"));
  }
}
