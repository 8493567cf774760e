package vn.customs.digital.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.notifications.NotificationsSchema;
import vn.customs.digital.testing.TestDatabase;

/**
 * notifications V7 and api V23 on a database that has rows: a database at api V22 and notifications
 * V5 (migrated in the order the api used then), with versions, decisions, a document link and
 * outbox messages, brought up to date as the api does now.
 */
@DisplayName("Partitioning a populated database")
class PartitionMigrationTest {

  private static void migrateApi(TestDatabase db, String target) {
    var config =
        Flyway.configure()
            .dataSource(db.jdbcUrl(), db.user, db.password)
            .locations("classpath:db/migration")
            .baselineOnMigrate(true)
            .baselineVersion("0");
    (target == null ? config : config.target(target)).load().migrate();
  }

  private static Flyway notifications(TestDatabase db, String target) {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user, db.password)
        .table(NotificationsSchema.HISTORY_TABLE)
        .locations(NotificationsSchema.LOCATION)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .target(target)
        .load();
  }

  private static List<String> column(Statement s, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  @DisplayName(
      "rows move into their years' (customs) and months' (outbox) partitions, UUIDv4 into the default, links and"
          + " stream numbers kept, seq goes on")
  void populated() throws SQLException {
    TestDatabase db = TestDatabase.create("dc_partitions");
    migrateApi(db, "22");
    notifications(db, "5").migrate();
    UUID march = new TimeOrderedIds().at(Instant.parse("2025-03-10T00:00:00Z").toEpochMilli());
    UUID legacy = UUID.fromString("4a6f2c1e-9b3d-4e5f-8a7b-1c2d3e4f5a6b");
    UUID message = new TimeOrderedIds().at(Instant.parse("2026-03-11T00:00:00Z").toEpochMilli());
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (UUID id : List.of(march, legacy)) {
        s.execute(
            "insert into declarations (id, enterprise_tax_code, created_by, type, status, version,"
                + " customs_office_code, border_gate_code, created_at, updated_at) values ('"
                + id
                + "', '0101234567', 'm', 'IMPORT', 'DRAFT', 2, '01CC', 'G1', now(), now())");
        s.execute(
            "insert into declaration_versions (declaration_id, version, document, created_by, created_at)"
                + " select '"
                + id
                + "', v, '{}', 'm', now() from generate_series(1, 2) v");
        s.execute(
            "insert into risk_decisions (declaration_id, version, ruleset_id, ruleset_version,"
                + " random_key_day, channel, decision, facts, profile, decided_at) values ('"
                + id
                + "', 1, 'r', '1', current_date, 'GREEN', '{}', '{}', '{}', now())");
      }
      s.execute(
          "insert into documents (id, enterprise_tax_code, media_type, size_bytes, sha256, uploaded_by,"
              + " uploaded_at) values ('"
              + UUID.randomUUID()
              + "', '0101234567', 'application/pdf', 1, repeat('b', 64), 'm', now())");
      s.execute(
          "insert into declaration_documents (declaration_id, version, document_id)"
              + " select '"
              + march
              + "', 2, id from documents");
      s.execute(
          "insert into outbox (id, event_type, payload) values ('"
              + message
              + "', 'a', '{}'), ('"
              + legacy
              + "', 'b', '{}')");
      s.execute("select outbox_stream_sequence(10)");
    }

    notifications(db, "latest").migrate();
    migrateApi(db, null);

    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      assertThat(
              column(
                  s,
                  "select tableoid::regclass || ' ' || declaration_id || ' ' || version"
                      + " from declaration_versions order by 1"))
          .containsExactly(
              "declaration_versions_default " + legacy + " 1",
              "declaration_versions_default " + legacy + " 2",
              "declaration_versions_y2025 " + march + " 1",
              "declaration_versions_y2025 " + march + " 2");
      assertThat(column(s, "select tableoid::regclass::text from risk_decisions order by 1"))
          .containsExactly("risk_decisions_default", "risk_decisions_y2025");
      assertThat(column(s, "select declaration_id || ' ' || version from declaration_documents"))
          .containsExactly(march + " 2");
      assertThat(
              column(
                  s,
                  "select tableoid::regclass || ' ' || seq || ' ' || event_type from outbox order by seq"))
          .containsExactly("outbox_y2026m03 1 a", "outbox_default 2 b");
      assertThat(column(s, "select seq || ' ' || stream_seq from outbox_stream order by seq"))
          .containsExactly("1 1", "2 2");
      s.execute(
          "insert into outbox (id, event_type, payload) values (gen_random_uuid(), 'c', '{}')");
      assertThat(column(s, "select seq from outbox where event_type = 'c'")).containsExactly("3");
      // the foreign key from the links still holds against the partitioned versions
      assertThat(
              column(
                  s,
                  "select confrelid::regclass::text from pg_constraint"
                      + " where conname = 'declaration_documents_declaration_id_version_fkey'"))
          .containsExactly("declaration_versions");
    }
  }
}
