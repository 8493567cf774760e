package vn.customs.digital.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

@ExtendWith(VertxExtension.class)
@DisplayName("PostgreSQL settings the service depends on")
class DatabaseSettingsTest {
  private static final Map<String, String> GOOD =
      Map.of(
          "autovacuum",
          "on",
          "synchronous_commit",
          "on",
          "fsync",
          "on",
          "full_page_writes",
          "on",
          "shared_buffers",
          "16384 8kB");

  @Test
  @DisplayName("PostgreSQL's defaults raise no warning")
  void defaults() {
    assertThat(DatabaseSettings.warnings(GOOD)).isEmpty();
  }

  @Test
  @DisplayName(
      "autovacuum, synchronous_commit, fsync or full_page_writes off, and shared_buffers under 128 MB, are each named")
  void each() {
    for (var bad :
        Map.of(
                "autovacuum",
                "off",
                "synchronous_commit",
                "off",
                "fsync",
                "off",
                "full_page_writes",
                "off",
                "shared_buffers",
                "1024 8kB")
            .entrySet()) {
      Map<String, String> settings = new java.util.HashMap<>(GOOD);
      settings.put(bad.getKey(), bad.getValue());
      assertThat(DatabaseSettings.warnings(settings))
          .as(bad.getKey())
          .singleElement()
          .asString()
          .startsWith(bad.getKey());
    }
    assertThat(DatabaseSettings.warnings(Map.of("shared_buffers", "1024 8kB")).get(0))
        .contains("is 8 MB");
  }

  @Test
  @DisplayName(
      "/health/ready names the settings that hurt, as the api's connections see them, and stays ready")
  void readiness(Vertx vertx) throws Exception {
    TestDatabase db = TestDatabase.create("dc_settings");
    try (var c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("alter database " + db.database + " set synchronous_commit = off");
    }
    var env = TestApi.baseEnv(db);
    Main.Running api = Await.result(Main.start(env));
    try {
      var r =
          Await.result(
              WebClient.create(vertx).get(api.port(), "127.0.0.1", "/health/ready").send());
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject check =
          r.bodyAsJsonObject().getJsonArray("checks").stream()
              .map(JsonObject.class::cast)
              .filter(o -> "database-settings".equals(o.getString("id")))
              .findFirst()
              .orElseThrow();
      assertThat(check.getString("status")).isEqualTo("UP");
      JsonArray warnings = check.getJsonObject("data").getJsonArray("warnings");
      assertThat(warnings.stream().map(String.class::cast))
          .anyMatch(w -> w.startsWith("synchronous_commit is off"));
      assertThat(warnings)
          .containsExactlyElementsOf(Await.result(DatabaseSettings.warnings(api.pool())));
    } finally {
      Await.result(api.close());
    }
  }
}
