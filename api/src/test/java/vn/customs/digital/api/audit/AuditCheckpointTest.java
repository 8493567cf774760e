package vn.customs.digital.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.signing.ServiceKeys;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

@DisplayName("Signed checkpoints of the audit chain")
class AuditCheckpointTest {

  /**
   * An api of its own database, with the service key file ops/audit is given to check signatures.
   */
  private record Api(TestDatabase db, Main.Running running, Path serviceKey)
      implements AutoCloseable {
    Pool pool() {
      return running.pool();
    }

    @Override
    public void close() {
      Await.result(running.close());
    }
  }

  private static Api start(String interval) {
    TestDatabase db = TestDatabase.create("dc_audit");
    Map<String, String> env = TestApi.baseEnv(db);
    if (interval != null) {
      env.put("AUDIT_CHECKPOINT_INTERVAL", interval);
    }
    return new Api(db, Await.result(Main.start(env)), Path.of(env.get("SERVICE_KEY_FILE")));
  }

  /** Takes a checkpoint of the head now, as the api does when one is due. */
  private static AuditCheckpoints.Checkpoint checkpoint(Api api) throws Exception {
    AuditChainTest.awaitChained(api.pool());
    ServiceKeys keys =
        Await.result(ServiceKeys.load(api.running().vertx(), api.serviceKey(), null, false));
    return Await.result(
        new AuditCheckpoints(api.pool(), keys, Clock.systemUTC(), Duration.ofHours(1)).take());
  }

  private static void append(Api api, int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      int k = i;
      Await.result(
          api.pool()
              .withTransaction(
                  conn ->
                      AuditLog.append(
                          conn,
                          new AuditLog.Entry(
                              Instant.now(),
                              "officer-" + k,
                              UUID.randomUUID(),
                              "INSPECTED",
                              new JsonObject().put("result", "COMPLIANT").put("n", k)))));
    }
    AuditChainTest.awaitChained(api.pool());
  }

  private static long seqAt(Api api, long chainSeq) {
    return Await.result(
            api.pool()
                .preparedQuery("select seq from audit_log where chain_seq = $1")
                .execute(Tuple.of(chainSeq)))
        .iterator()
        .next()
        .getLong(0);
  }

  /**
   * Runs ops/audit verify with the api's service key (to check checkpoint signatures) and these
   * settings.
   */
  private static TestApi.OpsResult verify(Api api, Map<String, String> settings, String... args)
      throws Exception {
    Map<String, String> env = new HashMap<>(settings);
    env.putIfAbsent("SERVICE_KEY_FILE", api.serviceKey().toString());
    return AuditChainTest.verify(api.db(), env, args);
  }

  private static void tamper(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("set session_replication_role = replica");
      s.execute(sql);
    }
  }

  @Test
  @DisplayName(
      "the api signs the chain head at its interval and publishes the checkpoint, verifiable with its public keys")
  void published() throws Exception {
    try (Api api = start("1s")) {
      append(api, 4);
      Vertx vertx = api.running().vertx();
      WebClient client =
          WebClient.create(
              vertx,
              new WebClientOptions()
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(api.running().port()));
      JsonObject latest =
          Await.until(
              "a checkpoint of the 4 records",
              Duration.ofSeconds(15),
              () -> {
                var r = Await.result(client.get("/api/v1/audit/checkpoints").send());
                assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
                return items.isEmpty() ? null : items.getJsonObject(items.size() - 1);
              },
              c -> c != null && c.getLong("chainSeq") >= 4);
      String head =
          Await.result(api.pool().query("select hash from audit_chain_head").execute())
              .iterator()
              .next()
              .getString(0);
      assertThat(latest.getString("hash")).isEqualTo(head);
      JWKSet published =
          JWKSet.parse(
              Await.result(client.get("/api/v1/.well-known/jwks.json").send()).bodyAsString());
      JWSObject jws = JWSObject.parse(latest.getString("jws"));
      assertThat(jws.getHeader().getType().toString()).isEqualTo(AuditCheckpoints.TYPE);
      assertThat(
              jws.verify(
                  new ECDSAVerifier((ECKey) published.getKeyByKeyId(jws.getHeader().getKeyID()))))
          .isTrue();
      JsonObject signed = new JsonObject(jws.getPayload().toString());
      assertThat(signed.getLong("chainSeq")).isEqualTo(4L);
      assertThat(signed.getString("hash")).isEqualTo(head);
      // Nothing chained since: no second checkpoint of the same head, however often the interval
      // passes.
      Thread.sleep(2_500);
      JsonArray all =
          Await.result(client.get("/api/v1/audit/checkpoints?from=4").send())
              .bodyAsJsonObject()
              .getJsonArray("items");
      assertThat(all).hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "checkpoints are listed in chain order from a position, a page at a time, without signing in")
  void paged() throws Exception {
    try (Api api = start(null)) {
      for (int i = 0; i < 3; i++) {
        append(api, 1);
        checkpoint(api);
      }
      WebClient client =
          WebClient.create(
              api.running().vertx(),
              new WebClientOptions()
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(api.running().port()));
      JsonObject first =
          Await.result(client.get("/api/v1/audit/checkpoints?limit=2").send()).bodyAsJsonObject();
      assertThat(
              first.getJsonArray("items").stream()
                  .map(o -> ((JsonObject) o).getLong("chainSeq"))
                  .toList())
          .containsExactly(1L, 2L);
      JsonObject second =
          Await.result(
                  client
                      .get("/api/v1/audit/checkpoints?limit=2&from=" + first.getLong("next"))
                      .send())
              .bodyAsJsonObject();
      assertThat(second.getJsonArray("items").getJsonObject(0).getLong("chainSeq")).isEqualTo(3L);
      assertThat(second.getValue("next")).isNull();
      var bad = Await.result(client.get("/api/v1/audit/checkpoints?limit=0").send());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.getHeader("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("ops/audit verify starts from the last checkpoint and finds a broken link after it")
  void brokenAfterCheckpoint() throws Exception {
    try (Api api = start(null)) {
      append(api, 5);
      checkpoint(api);
      append(api, 5);
      TestApi.OpsResult intact = verify(api, Map.of());
      assertThat(intact.exit()).as(intact.output()).isZero();
      assertThat(intact.output())
          .contains("intact: 10 records")
          .contains("verified the 5 from checkpoint 5")
          .contains("signature checked");

      long eighth = seqAt(api, 8);
      tamper(
          api.db(),
          "update audit_log set details = '{\"result\": \"VIOLATION\"}' where seq = " + eighth);
      TestApi.OpsResult broken = verify(api, Map.of());
      assertThat(broken.exit()).as(broken.output()).isEqualTo(1);
      assertThat(broken.output()).contains("BROKEN at record " + eighth).contains("edited");
    }
  }

  @Test
  @DisplayName(
      "records before the last checkpoint are not read again by default; --full reads them all, in batches, with progress")
  void fullVerification() throws Exception {
    try (Api api = start(null)) {
      append(api, 4);
      checkpoint(api);
      append(api, 3);
      long second = seqAt(api, 2);
      tamper(api.db(), "update audit_log set actor = 'nobody' where seq = " + second);

      TestApi.OpsResult incremental = verify(api, Map.of());
      assertThat(incremental.exit()).as(incremental.output()).isZero();
      assertThat(incremental.output()).contains("verified the 3 from checkpoint 4");

      TestApi.OpsResult full = verify(api, Map.of("AUDIT_BATCH", "2"), "--full");
      assertThat(full.exit()).as(full.output()).isEqualTo(1);
      assertThat(full.output()).contains("BROKEN at record " + second).contains("edited");

      tamper(api.db(), "update audit_log set actor = 'officer-1' where seq = " + second);
      TestApi.OpsResult whole = verify(api, Map.of("AUDIT_BATCH", "2"), "--full");
      assertThat(whole.exit()).as(whole.output()).isZero();
      assertThat(whole.output())
          .contains("verified 2 of 7 records")
          .contains("verified 6 of 7 records")
          .contains("verified 7 of 7 records")
          .contains("verified the 7 from the first record");
    }
  }

  @Test
  @DisplayName(
      "a history rewritten after a checkpoint, every hash recomputed, no longer matches the checkpoint and is reported")
  void rewrittenHistory() throws Exception {
    try (Api api = start(null)) {
      append(api, 3);
      checkpoint(api);
      append(api, 3);
      AuditCheckpoints.Checkpoint latest = checkpoint(api);
      assertThat(latest.chainSeq()).isEqualTo(6);
      // Record 2 edited and the chain from it recomputed: internally consistent, and head moved
      // accordingly.
      tamper(
          api.db(),
          """
          update audit_log set details = '{"result": "VIOLATION"}' where chain_seq = 2;
          do $$
          declare r record; h char(64);
          begin
            select hash into h from audit_log where chain_seq = 1;
            for r in select * from audit_log where chain_seq >= 2 order by chain_seq loop
              update audit_log set prev_hash = h,
                hash = encode(sha256(convert_to(audit_canonical(h, r.at, r.actor, r.declaration_id, r.action, r.details), 'UTF8')), 'hex')
               where seq = r.seq returning hash into h;
            end loop;
            update audit_chain_head set hash = h;
          end $$;""");
      TestApi.OpsResult latestCheckpoint = verify(api, Map.of());
      assertThat(latestCheckpoint.exit()).as(latestCheckpoint.output()).isEqualTo(1);
      assertThat(latestCheckpoint.output())
          .contains("audit checkpoint 6")
          .contains("does not match the chain");

      TestApi.OpsResult full = verify(api, Map.of(), "--full");
      assertThat(full.exit()).as(full.output()).isEqualTo(1);
      assertThat(full.output())
          .contains("audit checkpoint 3")
          .contains("does not match the chain")
          .contains("rewritten after it");
    }
  }

  @Test
  @DisplayName("a checkpoint not signed by the service is reported, not trusted")
  void forgedCheckpoint() throws Exception {
    try (Api api = start(null)) {
      append(api, 3);
      AuditCheckpoints.Checkpoint real = checkpoint(api);
      append(api, 2);
      Path otherKey = Files.createTempDirectory("dc-other-key").resolve("key.jwk");
      ServiceKeys other =
          Await.result(ServiceKeys.load(api.running().vertx(), otherKey, null, true));
      String head =
          Await.result(api.pool().query("select hash from audit_chain_head").execute())
              .iterator()
              .next()
              .getString(0);
      String forged =
          other.sign(
              new JsonObject()
                  .put("chainSeq", 5)
                  .put("hash", head)
                  .put("takenAt", Instant.now().toString()),
              AuditCheckpoints.TYPE);
      Await.result(
          api.pool()
              .preparedQuery(
                  "insert into audit_checkpoints (chain_seq, hash, taken_at, kid, jws) values (5, $1, now(), $2, $3)")
              .execute(Tuple.of(head, other.currentKeyId(), forged)));
      TestApi.OpsResult r = verify(api, Map.of());
      assertThat(r.exit()).as(r.output()).isEqualTo(1);
      assertThat(r.output())
          .contains("audit checkpoint 5")
          .contains("BAD")
          .contains("not a known ES256 service key");
      assertThat(real.chainSeq()).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("checkpoints cannot be changed or removed")
  void appendOnly() throws Exception {
    try (Api api = start(null)) {
      append(api, 2);
      checkpoint(api);
      try (Connection c = api.db().connect();
          Statement s = c.createStatement()) {
        for (String sql :
            List.of(
                "update audit_checkpoints set hash = repeat('0', 64)",
                "delete from audit_checkpoints")) {
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(sql))
              .hasMessageContaining("append-only");
        }
      }
    }
  }
}
