package vn.customs.digital.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.TestDatabase;

@DisplayName("The hash-chained audit log")
class AuditChainTest {

  /** Runs ops/audit verify (psql only, independent of the api's code) against the given database. */
  static Result verify(TestDatabase db) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("user.dir")).resolve("../ops/audit").normalize();
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "verify").redirectErrorStream(true);
    pb.environment().put("PGHOST", db.host);
    pb.environment().put("PGPORT", String.valueOf(db.port));
    pb.environment().put("PGUSER", db.user);
    pb.environment().put("PGPASSWORD", db.password);
    pb.environment().put("PGDATABASE", db.database);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  record Result(int exit, String output) {}

  @Test
  @DisplayName("ops/audit verify accepts an intact chain and names the first record edited behind the api's back")
  void editedRowIsCaught() throws Exception {
    TestDatabase db = TestDatabase.create("dc_audit");
    var env = TestApi.baseEnv(db);
    Main.Running api = Main.start(ApiConfig.fromEnv(env), env).join();
    try {
      Pool pool = api.pool();
      for (int i = 0; i < 5; i++) {
        int n = i;
        pool.withTransaction(conn -> AuditLog.append(conn, new AuditLog.Entry(Instant.now(), "officer-" + n, UUID.randomUUID(),
            "INSPECTED", new JsonObject().put("result", "COMPLIANT").put("n", n)))).await();
      }
      Result intact = verify(db);
      assertThat(intact.exit()).as(intact.output()).isZero();
      assertThat(intact.output()).contains("intact: 5 records");

      long third = pool.preparedQuery("select seq from audit_log order by seq offset 2 limit 1").execute(Tuple.tuple())
          .await().iterator().next().getLong(0);
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        // The table refuses updates; only someone bypassing triggers (a superuser) can edit it.
        assertThatThrownBy(() -> s.execute("update audit_log set actor = 'nobody' where seq = " + third))
            .hasMessageContaining("append-only");
        s.execute("set session_replication_role = replica");
        s.execute("update audit_log set details = '{\"result\": \"VIOLATION\", \"n\": 2}' where seq = " + third);
      }
      Result broken = verify(db);
      assertThat(broken.exit()).isEqualTo(1);
      assertThat(broken.output()).contains("BROKEN at record " + third).contains("edited");
    } finally {
      api.close().await();
    }
  }
}
