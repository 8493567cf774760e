package vn.customs.digital.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

@DisplayName("The hash-chained audit log")
class AuditChainTest {

  /**
   * Runs ops/audit verify (psql only, independent of the api's code) against the given database.
   */
  static TestApi.OpsResult verify(TestDatabase db) throws IOException, InterruptedException {
    return verify(db, java.util.Map.of());
  }

  /** The same with more settings (AUDIT_BATCH, SERVICE_KEY_FILE, ...) and options (--full). */
  static TestApi.OpsResult verify(
      TestDatabase db, java.util.Map<String, String> settings, String... options)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("verify"));
    args.addAll(List.of(options));
    // The test apis' service key, never a developer's .data/service-keys of an ops/run in this
    // checkout.
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("SERVICE_KEY_FILE", TestApi.SERVICE_KEY_FILE.toString());
    env.putAll(settings);
    return TestApi.ops(
        db,
        "audit",
        args,
        env,
        List.of("SERVICE_RETIRED_KEYS_FILE", "AUDIT_JWKS"),
        Duration.ofSeconds(60));
  }

  /** Waits (bounded) until the sequencer has chained every committed audit record. */
  public static void awaitChained(Pool pool) {
    Await.until(
        "every committed audit record chained", Duration.ofSeconds(15), () -> unchained(pool) == 0);
  }

  private static long unchained(Pool pool) {
    return Await.result(
            pool.query("select count(*) from audit_log where chain_seq is null").execute())
        .iterator()
        .next()
        .getLong(0);
  }

  private static Future<Long> append(SqlConnection conn, String actor, int n) {
    return AuditLog.append(
        conn,
        new AuditLog.Entry(
            Instant.now(),
            actor,
            UUID.randomUUID(),
            "INSPECTED",
            new JsonObject().put("result", "COMPLIANT").put("n", n)));
  }

  private static Main.Running start(TestDatabase db) {
    var env = TestApi.baseEnv(db);
    return Await.result(Main.start(env));
  }

  private static void appendFive(Pool pool) throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      int n = i;
      Await.result(pool.withTransaction(conn -> append(conn, "officer-" + n, n)));
    }
    awaitChained(pool);
  }

  private static long seqAt(Pool pool, int offset) {
    return Await.result(
            pool.preparedQuery("select seq from audit_log order by chain_seq offset $1 limit 1")
                .execute(Tuple.of(offset)))
        .iterator()
        .next()
        .getLong(0);
  }

  /**
   * Shows that {@code refused} is refused by the table's guard, then runs {@code tampering} as only
   * someone bypassing triggers (a superuser) can.
   */
  private static void bypassingTriggers(TestDatabase db, String refused, String tampering)
      throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(refused)).hasMessageContaining("append-only");
      s.execute("set session_replication_role = replica");
      s.execute(tampering);
    }
  }

  private static void assertBroken(TestDatabase db, long seq, String why) throws Exception {
    TestApi.OpsResult broken = verify(db);
    assertThat(broken.exit()).as(broken.output()).isEqualTo(1);
    assertThat(broken.output()).contains("BROKEN at record " + seq).contains(why);
  }

  @Test
  @DisplayName(
      "ops/audit verify accepts an intact chain and names the first record edited behind the api's back")
  void editedRowIsCaught() throws Exception {
    TestDatabase db = TestDatabase.create("dc_audit");
    Main.Running api = start(db);
    try {
      Pool pool = api.pool();
      appendFive(pool);
      TestApi.OpsResult intact = verify(db);
      assertThat(intact.exit()).as(intact.output()).isZero();
      assertThat(intact.output()).contains("intact: 5 records").doesNotContain("pending");

      long third = seqAt(pool, 2);
      bypassingTriggers(
          db,
          "update audit_log set actor = 'nobody' where seq = " + third,
          "update audit_log set details = '{\"result\": \"VIOLATION\", \"n\": 2}' where seq = "
              + third);
      assertBroken(db, third, "edited");
    } finally {
      Await.result(api.close());
    }
  }

  @Test
  @DisplayName(
      "records of concurrent transactions, one committing late and three sequencers racing, are each chained exactly once in a valid chain")
  void concurrentAppendsAreChainedOnce() throws Exception {
    TestDatabase db = TestDatabase.create("dc_audit");
    Main.Running api = start(db);
    try {
      Pool pool = api.pool();
      // Two more sequencers, as other api instances would run, polling hard and in small batches.
      for (int i = 0; i < 2; i++) {
        Await.result(api.vertx().deployVerticle(new AuditSequencer(pool, Duration.ofMillis(1), 3)));
      }
      // A transaction that appends first (lowest seq) but commits last: its record is invisible
      // meanwhile.
      SqlConnection late = Await.result(pool.getConnection());
      var tx = Await.result(late.begin());
      long lateSeq = Await.result(append(late, "late", -1));

      List<Future<Long>> appends = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        int n = i;
        appends.add(
            pool.withTransaction(
                conn ->
                    append(conn, "officer-" + (n % 7), n)
                        .compose(seq -> append(conn, "officer-" + (n % 7), n + 1000))));
      }
      Await.result(Future.all(appends));
      awaitChained(pool);
      // The other 240 are chained; the late one, uncommitted, is not even visible yet.
      Row before =
          Await.result(
                  pool.preparedQuery(
                          "select count(*) filter (where seq = $1) as late, count(chain_seq) as chained from audit_log")
                      .execute(Tuple.of(lateSeq)))
              .iterator()
              .next();
      assertThat(before.getLong("late")).isZero();
      assertThat(before.getLong("chained")).isEqualTo(240);

      Await.result(tx.commit());
      Await.result(late.close());
      awaitChained(pool);

      Row stats =
          Await.result(
                  pool.query(
                          "select count(*) as n, count(distinct chain_seq) as chained, min(chain_seq) as lo, max(chain_seq) as hi,"
                              + " (select chain_seq from audit_chain_head) as head from audit_log")
                      .execute())
              .iterator()
              .next();
      assertThat(stats.getLong("n")).isEqualTo(241);
      assertThat(stats.getLong("chained")).isEqualTo(241);
      assertThat(stats.getLong("lo")).isEqualTo(1);
      assertThat(stats.getLong("hi")).isEqualTo(241);
      assertThat(stats.getLong("head")).isEqualTo(241);
      // Chain order is commit-visibility order, not seq order: the late record is the last link.
      assertThat(
              Await.result(
                      pool.preparedQuery("select chain_seq from audit_log where seq = $1")
                          .execute(Tuple.of(lateSeq)))
                  .iterator()
                  .next()
                  .getLong(0))
          .isEqualTo(241);

      TestApi.OpsResult intact = verify(db);
      assertThat(intact.exit()).as(intact.output()).isZero();
      assertThat(intact.output()).contains("intact: 241 records");
    } finally {
      Await.result(api.close());
    }
  }

  @Test
  @DisplayName(
      "ops/audit verify names the record after one deleted from the middle, and a chain cut short at its end")
  void deletedRowIsCaught() throws Exception {
    TestDatabase db = TestDatabase.create("dc_audit");
    Main.Running api = start(db);
    try {
      Pool pool = api.pool();
      appendFive(pool);
      long second = seqAt(pool, 1);
      long third = seqAt(pool, 2);
      long fifth = seqAt(pool, 4);
      bypassingTriggers(
          db,
          "delete from audit_log where seq = " + fifth,
          "delete from audit_log where seq = " + fifth);
      assertBroken(db, seqAt(pool, 3), "removed from the end");

      bypassingTriggers(
          db,
          "delete from audit_log where seq = " + second,
          "delete from audit_log where seq = " + second);
      assertBroken(db, third, "removed or inserted");
    } finally {
      Await.result(api.close());
    }
  }

  @Test
  @DisplayName(
      "ops/audit verify reports recent unchained records as pending and old ones as a stalled sequencer")
  void stalledSequencerIsCaught() throws Exception {
    TestDatabase db = TestDatabase.create("dc_audit");
    Main.Running api = start(db);
    try {
      appendFive(api.pool());
    } finally {
      Await.result(api.close());
    }
    // No api runs now, so nothing chains what follows.
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "insert into audit_log (at, actor, action, details) values (now(), 'officer-9', 'RULESET_UPLOADED', '{}')");
      TestApi.OpsResult pending = verify(db);
      assertThat(pending.exit()).as(pending.output()).isZero();
      assertThat(pending.output()).contains("intact: 5 records").contains("pending: 1 recent");

      s.execute(
          "insert into audit_log (at, actor, action, details) values (now() - interval '1 minute', 'officer-9', 'RULESET_UPLOADED', '{}')");
      long stale;
      try (ResultSet rs = s.executeQuery("select max(seq) from audit_log")) {
        rs.next();
        stale = rs.getLong(1);
      }
      TestApi.OpsResult stalled = verify(db);
      assertThat(stalled.exit()).as(stalled.output()).isEqualTo(1);
      assertThat(stalled.output())
          .contains("STALLED: 1 records unchained")
          .contains("oldest record " + stale);

      // A record cannot be inserted already chained, nor re-chained once chained.
      assertThatThrownBy(
              () ->
                  s.execute(
                      "insert into audit_log (at, actor, action, details, prev_hash, hash, chain_seq)"
                          + " values (now(), 'x', 'X', '{}', repeat('0', 64), repeat('1', 64), 99)"))
          .hasMessageContaining("inserted unchained");
      assertThatThrownBy(
              () -> s.execute("update audit_log set chain_seq = 100 where chain_seq = 1"))
          .hasMessageContaining("append-only");
    }
    // Once an api runs again, its sequencer catches up and the chain is whole.
    Main.Running again = start(db);
    try {
      awaitChained(again.pool());
      TestApi.OpsResult intact = verify(db);
      assertThat(intact.exit()).as(intact.output()).isZero();
      assertThat(intact.output()).contains("intact: 7 records");
    } finally {
      Await.result(again.close());
    }
  }

  @Test
  @DisplayName(
      "records chained the old way, under the lock, keep their hashes and order through V11, and new ones link on to them")
  void oldChainCarriesOver() throws Exception {
    TestDatabase db = TestDatabase.create("dc_audit");
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user, db.password)
        .locations("classpath:db/migration")
        .target("10")
        .load()
        .migrate();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        // V10's append, verbatim but for the lock (one writer here).
        s.execute(
            """
            with prev as (select coalesce((select hash from audit_log order by seq desc limit 1), repeat('0', 64)) as h)
            insert into audit_log (at, actor, declaration_id, action, details, prev_hash, hash)
            select now(), 'officer-%1$d', null, 'INSPECTED', '{"n": %1$d}'::jsonb, prev.h,
                   encode(sha256(convert_to(audit_canonical(prev.h, now(), 'officer-%1$d', null, 'INSPECTED', '{"n": %1$d}'::jsonb), 'UTF8')), 'hex')
              from prev"""
                .formatted(i));
      }
    }
    Main.Running api = start(db);
    try {
      appendFive(api.pool());
      TestApi.OpsResult intact = verify(db);
      assertThat(intact.exit()).as(intact.output()).isZero();
      assertThat(intact.output()).contains("intact: 8 records");
    } finally {
      Await.result(api.close());
    }
  }
}
