package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.risk.RandomKey;

@ExtendWith(VertxExtension.class)
@DisplayName("The public random keys")
class RandomKeysTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  @Test
  @DisplayName(
      "commitments are published for today and tomorrow, and a key only once its day has ended")
  void commitThenReveal(Vertx vertx) {
    LocalDate today = LocalDate.now(RiskService.CUSTOMS_ZONE);
    LocalDate yesterday = today.minusDays(1);
    byte[] past = new byte[32];
    past[0] = 7;
    Desk.sql(
        "insert into random_keys (day, key, commitment) values ($1, $2, $3) on conflict (day) do nothing",
        yesterday,
        Buffer.buffer(past),
        RandomKey.commitmentOf(past));
    var r =
        Desk.get(
            vertx, null, "/api/v1/risk/random-keys?from=" + yesterday + "&to=" + today.plusDays(5));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray days = r.bodyAsJsonObject().getJsonArray("days");
    assertThat(days.stream().map(d -> ((JsonObject) d).getString("day")).toList())
        .containsExactly(yesterday.toString(), today.toString(), today.plusDays(1).toString());
    JsonObject ended = days.getJsonObject(0);
    byte[] revealed = HexFormat.of().parseHex(ended.getString("key"));
    assertThat(RandomKey.commitmentOf(revealed)).isEqualTo(ended.getString("commitment"));
    assertThat(days.getJsonObject(1).getString("key")).isNull();
    assertThat(days.getJsonObject(1).getString("commitment")).matches("[0-9a-f]{64}");
    assertThat(days.getJsonObject(2).getString("key")).isNull();
    assertThat(days.getJsonObject(2).getString("commitment")).matches("[0-9a-f]{64}");
  }

  @Test
  @DisplayName("a reversed range is refused with 422")
  void reversedRange(Vertx vertx) {
    var r = Desk.get(vertx, null, "/api/v1/risk/random-keys?from=2026-11-20&to=2026-11-10");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
  }
}
