package vn.customs.digital.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

@ExtendWith(VertxExtension.class)
@DisplayName("Readiness")
class ReadinessTest {

  @Test
  @DisplayName("names the server, database and role that answer (behind a balancer: the real one)")
  void namesTheDatabase(Vertx vertx, VertxTestContext t) throws Exception {
    TestDatabase db = TestDatabase.create("dc_ready_names");
    Main.Running api = Await.result(Main.start(TestApi.baseEnv(db)));
    WebClient.create(vertx)
        .get(api.port(), "127.0.0.1", "/health/ready")
        .send()
        .onComplete(
            t.succeeding(
                r ->
                    t.verify(
                        () -> {
                          assertThat(r.statusCode()).isEqualTo(200);
                          JsonObject check =
                              r.bodyAsJsonObject().getJsonArray("checks").stream()
                                  .map(JsonObject.class::cast)
                                  .filter(c -> "database".equals(c.getString("id")))
                                  .findFirst()
                                  .orElseThrow();
                          JsonObject data = check.getJsonObject("data");
                          assertThat(data.getString("server")).endsWith(":" + db.port);
                          assertThat(data.getString("database")).isEqualTo(db.database);
                          assertThat(data.getString("role")).isEqualTo("primary");
                          api.close().onComplete(x -> t.completeNow());
                        })));
  }

  @Test
  @DisplayName("is DOWN when the database no longer carries the schema version the api migrated to")
  void notReadyWithoutSchema(Vertx vertx, VertxTestContext t) throws Exception {
    TestDatabase db = TestDatabase.create("dc_ready");
    var env = TestApi.baseEnv(db);
    Main.Running api = Await.result(Main.start(env));
    WebClient client = WebClient.create(vertx);
    int before =
        Await.result(client.get(api.port(), "127.0.0.1", "/health/ready").send()).statusCode();
    try (var c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("delete from flyway_schema_history");
    }
    client
        .get(api.port(), "127.0.0.1", "/health/ready")
        .send()
        .onComplete(
            t.succeeding(
                r ->
                    t.verify(
                        () -> {
                          assertThat(before).isEqualTo(200);
                          assertThat(r.statusCode()).isEqualTo(503);
                          api.close().onComplete(x -> t.completeNow());
                        })));
  }
}
