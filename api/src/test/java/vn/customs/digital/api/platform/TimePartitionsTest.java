package vn.customs.digital.api.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.notifications.Outbox;
import vn.customs.digital.notifications.OutboxMessage;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * The tables partitioned by time of their UUIDv7 key (notifications V7, api V23): versions and risk
 * decisions by year, the outbox by month. Where rows land, how a partition is made, and what
 * ops/retention drops. Years long past (2001-2004) are this test's own: no other test writes there.
 */
@DisplayName("Partitions by year of versions and risk decisions, by month of the outbox")
class TimePartitionsTest {
  private static Pool pool;

  @BeforeAll
  static void api() {
    pool = TestApi.shared().pool();
  }

  private static UUID idAt(String instant) {
    return new TimeOrderedIds().at(Instant.parse(instant).toEpochMilli());
  }

  /** A draft declaration with its version 1 and a risk decision, under the given id. */
  private static void declaration(UUID id) {
    Await.result(
        pool.preparedQuery(
                "insert into declarations (id, enterprise_tax_code, created_by, type, status, version,"
                    + " customs_office_code, border_gate_code, created_at, updated_at)"
                    + " values ($1, '0101234567', 'partitions', 'IMPORT', 'DRAFT', 1, '01CC', 'GATE1', now(), now())")
            .execute(Tuple.of(id)));
    Await.result(
        pool.preparedQuery(
                "insert into declaration_versions (declaration_id, version, document, created_by, created_at)"
                    + " values ($1, 1, '{}', 'partitions', now())")
            .execute(Tuple.of(id)));
    Await.result(
        pool.preparedQuery(
                "insert into risk_decisions (declaration_id, version, ruleset_id, ruleset_version,"
                    + " random_key_day, channel, decision, facts, profile, decided_at)"
                    + " values ($1, 1, 'r', '1', current_date, 'GREEN', '{}', '{}', '{}', now())")
            .execute(Tuple.of(id)));
  }

  private static String partitionOf(String table, UUID id) {
    Row row =
        Await.result(
                pool.preparedQuery(
                        "select tableoid::regclass::text from "
                            + table
                            + " where declaration_id = $1")
                    .execute(Tuple.of(id)))
            .iterator()
            .next();
    return row.getString(0);
  }

  private static boolean exists(String relation) {
    return Await.result(
            pool.preparedQuery("select to_regclass($1) is not null").execute(Tuple.of(relation)))
        .iterator()
        .next()
        .getBoolean(0);
  }

  /** The year's partition of a customs table, the month's of the outbox. */
  private static boolean create(String table, String day) {
    String function = table.equals("outbox") ? "month_partition_create" : "year_partition_create";
    return Await.result(
            pool.preparedQuery("select " + function + "($1::regclass, $2::date)")
                .execute(Tuple.of(table, java.time.LocalDate.parse(day))))
        .iterator()
        .next()
        .getBoolean(0);
  }

  @Test
  @DisplayName(
      "a declaration's versions and decisions land in the partition of its id's year; a UUIDv4 in the default")
  void landing() {
    UUID now = TimeOrderedIds.next();
    UUID legacy = UUID.randomUUID();
    declaration(now);
    declaration(legacy);
    // the UTC year of the id's own time
    String idYear =
        "_y"
            + java.time.Instant.ofEpochMilli(TimeOrderedIds.millisOf(now))
                .atZone(java.time.ZoneOffset.UTC)
                .getYear();
    assertThat(partitionOf("declaration_versions", now)).isEqualTo("declaration_versions" + idYear);
    assertThat(partitionOf("risk_decisions", now)).isEqualTo("risk_decisions" + idYear);
    // A random UUIDv4 could fall in a year's range (about one in 8,000 per year made): then it
    // lands there, which is as correct; the test tells which.
    boolean inAYear =
        TestApi.count(
                "select count(*) from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                    + " where i.inhparent = 'declaration_versions'::regclass"
                    + " and $1::uuid >= uuid_v7_floor((year_partition_year(c.oid))::timestamp at time zone 'UTC')"
                    + " and $1::uuid < uuid_v7_floor((year_partition_year(c.oid) + interval '1 year')"
                    + "::timestamp at time zone 'UTC')",
                legacy)
            > 0;
    if (!inAYear) {
      assertThat(partitionOf("declaration_versions", legacy))
          .isEqualTo("declaration_versions_default");
      assertThat(partitionOf("risk_decisions", legacy)).isEqualTo("risk_decisions_default");
    }
    // the primary key holds across partitions: the same (declaration, version) is refused
    assertThatThrownBy(
            () ->
                Await.result(
                    pool.preparedQuery(
                            "insert into declaration_versions (declaration_id, version, document, created_by,"
                                + " created_at) values ($1, 1, '{}', 'partitions', now())")
                        .execute(Tuple.of(now))))
        .hasMessageContaining("duplicate key");
  }

  @Test
  @DisplayName(
      "a year's partition made late takes that year's rows out of the default, links to documents included")
  void madeLate() {
    UUID id = idAt("2003-05-10T08:00:00Z");
    declaration(id);
    UUID document = TimeOrderedIds.next();
    Await.result(
        pool.preparedQuery(
                "insert into documents (id, enterprise_tax_code, media_type, size_bytes, sha256, uploaded_by,"
                    + " uploaded_at) values ($1, '0101234567', 'application/pdf', 1, repeat('a', 64), 'partitions', now())")
            .execute(Tuple.of(document)));
    Await.result(
        pool.preparedQuery(
                "insert into declaration_documents (declaration_id, version, document_id) values ($1, 1, $2)")
            .execute(Tuple.of(id, document)));
    assertThat(partitionOf("declaration_versions", id)).isEqualTo("declaration_versions_default");

    assertThat(create("declaration_versions", "2003-01-01")).isTrue();
    assertThat(create("risk_decisions", "2003-05-17")).isTrue();
    assertThat(create("declaration_versions", "2003-12-31")).as("made already").isFalse();

    assertThat(partitionOf("declaration_versions", id)).isEqualTo("declaration_versions_y2003");
    assertThat(partitionOf("risk_decisions", id)).isEqualTo("risk_decisions_y2003");
    assertThat(
            TestApi.count(
                "select count(*) from declaration_documents where declaration_id = $1", id))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "the api's retention job makes the outbox's partitions of this month and the next three, the"
          + " customs records' of this year and the next")
  void ahead() {
    long made =
        Await.result(
            new Retention(
                    pool,
                    java.time.Clock.systemUTC(),
                    new RetentionConfig(
                        java.time.Duration.ofDays(30), java.time.Duration.ofDays(7)),
                    10)
                .makePartitions());
    assertThat(made).as("made by the migrations already").isZero();
    java.time.YearMonth month = java.time.YearMonth.now(java.time.ZoneOffset.UTC);
    for (int i = 0; i <= Retention.OUTBOX_MONTHS_AHEAD; i++) {
      String suffix =
          month.plusMonths(i).format(java.time.format.DateTimeFormatter.ofPattern("'_y'yyyy'm'MM"));
      assertThat(exists("outbox" + suffix)).as("outbox" + suffix).isTrue();
    }
    for (int year = month.getYear(); year <= month.getYear() + 1; year++) {
      for (String table : List.of("declaration_versions", "risk_decisions")) {
        assertThat(exists(table + "_y" + year)).as(table + "_y" + year).isTrue();
        assertThat(exists(table + "_y" + year + "m01")).as("no monthly partitions").isFalse();
      }
    }
  }

  @Test
  @DisplayName(
      "ops/retention archives and drops exactly what expired: customs years past RETENTION_CUSTOMS_YEARS,"
          + " outbox months all sent before NOTIFY_RETENTION_DAYS")
  void retention(@TempDir Path archive) throws Exception {
    UUID january = idAt("2001-01-20T00:00:00Z");
    UUID february = idAt("2001-02-20T00:00:00Z");
    UUID kept = idAt("2004-03-20T00:00:00Z"); // 24 years' retention: kept
    for (String year : List.of("2001-01-01", "2004-01-01")) {
      assertThat(create("declaration_versions", year)).isTrue();
      assertThat(create("risk_decisions", year)).isTrue();
    }
    declaration(january);
    declaration(february);
    declaration(kept);
    UUID legacy = UUID.randomUUID();
    declaration(legacy);
    // outbox: a month all sent long ago (dropped), a month with a dead letter (kept)
    assertThat(create("outbox", "2001-03-01")).isTrue();
    assertThat(create("outbox", "2001-04-01")).isTrue();
    UUID sent = message(idAt("2001-03-03T00:00:00Z"), "SENT");
    UUID dead = message(idAt("2001-04-03T00:00:00Z"), "FAILED");
    long sentSeq = TestApi.count("select seq from outbox where id = $1", sent);
    assertThat(TestApi.count("select count(*) from outbox_stream where seq = $1", sentSeq))
        .isEqualTo(1);

    TestApi.OpsResult dry =
        run(
            Map.of("RETENTION_CUSTOMS_YEARS", "24", "RETENTION_ARCHIVE_DIR", archive.toString()),
            "--dry-run");
    assertThat(dry.exit()).as(dry.output()).isZero();
    assertThat(exists("declaration_versions_y2001")).isTrue();

    TestApi.OpsResult result =
        run(Map.of("RETENTION_CUSTOMS_YEARS", "24", "RETENTION_ARCHIVE_DIR", archive.toString()));
    assertThat(result.exit()).as(result.output()).isZero();
    for (String table : List.of("declaration_versions", "risk_decisions")) {
      assertThat(exists(table + "_y2001")).isFalse();
      assertThat(exists(table + "_y2004")).as("24 years ago is 2002: 2004 is kept").isTrue();
      assertThat(partitionOf(table, kept)).isEqualTo(table + "_y2004");
      assertThat(Files.size(archive.resolve(table + "_y2001.dump"))).isPositive();
      assertThat(partitionOf(table, legacy)).as("the default is never dropped").isNotNull();
    }
    assertThat(exists("outbox_y2001m03")).isFalse();
    assertThat(exists("outbox_y2001m04")).as("holds a dead letter").isTrue();
    assertThat(TestApi.count("select count(*) from outbox where id = $1", dead)).isEqualTo(1);
    assertThat(TestApi.count("select count(*) from outbox_stream where seq = $1", sentSeq))
        .as("the dropped messages' stream numbers went with them")
        .isZero();
    // the declarations stay (their number, status, dates); only their versions and decisions went
    assertThat(TestApi.count("select count(*) from declarations where id = $1", january))
        .isEqualTo(1);
    assertThat(
            TestApi.count(
                "select count(*) from declaration_versions where declaration_id = any($1)",
                (Object) new UUID[] {january, february}))
        .isZero();
    // this year's and this month's partitions are untouched
    java.time.YearMonth current = java.time.YearMonth.now(java.time.ZoneOffset.UTC);
    assertThat(exists("declaration_versions_y" + current.getYear())).isTrue();
    assertThat(
            exists(
                "outbox"
                    + current.format(
                        java.time.format.DateTimeFormatter.ofPattern("'_y'yyyy'm'MM"))))
        .isTrue();

    TestApi.OpsResult unset = run(Map.of());
    assertThat(unset.exit()).as(unset.output()).isZero();
    assertThat(unset.output()).contains("RETENTION_CUSTOMS_YEARS not set, nothing dropped");
  }

  private static UUID message(UUID id, String status) {
    Await.result(
        Outbox.append(
            pool,
            new OutboxMessage(
                id,
                UUID.randomUUID().toString(),
                null,
                "declaration.released",
                "RELEASED",
                "green",
                List.of(),
                List.of(),
                false,
                new JsonObject())));
    Await.result(
        pool.preparedQuery(
                "update outbox set status = $2, sent_at = case when $2 = 'SENT' then created_at - interval '25 years' end,"
                    + " failed_at = case when $2 = 'FAILED' then now() end where id = $1")
            .execute(Tuple.of(id, status)));
    return id;
  }

  private static TestApi.OpsResult run(Map<String, String> settings, String... options)
      throws IOException, InterruptedException {
    return TestApi.ops(
        TestDatabase.shared(),
        "retention",
        List.of(options),
        settings,
        List.of("RETENTION_CUSTOMS_YEARS", "RETENTION_ARCHIVE_DIR"),
        java.time.Duration.ofSeconds(120));
  }
}
