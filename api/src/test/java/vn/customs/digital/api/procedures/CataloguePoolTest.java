package vn.customs.digital.api.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

@ExtendWith(VertxExtension.class)
@DisplayName("The public catalogue's own pool")
class CataloguePoolTest {

  @Test
  @DisplayName(
      "citizens' searches are answered while every connection of the main pool is taken, and the"
          + " main pool's requests wait their turn")
  void bulkhead(Vertx vertx) {
    TestDatabase db = TestDatabase.create("dc_catalogue_pool");
    Map<String, String> env = new HashMap<>(TestApi.baseEnv(db));
    env.put("PG_POOL_SIZE", "4");
    env.put("PG_CATALOGUE_POOL_SIZE", "1");
    env.put("PG_POOL_WAIT_TIMEOUT_MS", "500");
    Main.Running api = Await.result(Main.start(env));
    List<SqlConnection> held = new ArrayList<>();
    try {
      // Take what the LISTEN connections and the background jobs leave of the main pool.
      while (held.size() < 8) {
        try {
          held.add(Await.result(api.pool().getConnection()));
        } catch (RuntimeException poolExhausted) {
          break;
        }
      }
      assertThat(held).isNotEmpty().hasSizeLessThan(8);
      assertThatThrownBy(() -> Await.result(api.pool().getConnection()))
          .as("the main pool has no connection left")
          .isInstanceOf(RuntimeException.class);

      WebClient client = WebClient.create(vertx);
      var search =
          Await.result(
              client
                  .get(api.port(), "127.0.0.1", "/api/v1/procedures?q=hai%20quan&lang=vi")
                  .send());
      assertThat(search.statusCode()).as(search.bodyAsString()).isEqualTo(200);
      assertThat(search.bodyAsJsonObject().getJsonArray("items")).isNotEmpty();
      var procedure =
          Await.result(client.get(api.port(), "127.0.0.1", "/api/v1/procedures/HQ-001").send());
      assertThat(procedure.statusCode()).as(procedure.bodyAsString()).isEqualTo(200);

      var ready = Await.result(client.get(api.port(), "127.0.0.1", "/health/ready").send());
      assertThat(ready.statusCode())
          .as("readiness needs the main pool, which has nothing left")
          .isEqualTo(503);
    } finally {
      held.forEach(SqlConnection::close);
      Await.result(api.close());
    }
  }
}
