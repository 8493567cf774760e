package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.TestDatabase;

@ExtendWith(VertxExtension.class)
@DisplayName("Replaying a stored risk decision (ops/risk replay)")
class ReplayTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private record Run(int exit, String out) {}

  private static Run replay(String number) {
    TestDatabase db = TestDatabase.shared();
    Map<String, String> env =
        Map.of(
            "PGHOST",
            db.host,
            "PGPORT",
            String.valueOf(db.port),
            "PGUSER",
            db.user,
            "PGPASSWORD",
            db.password,
            "PGDATABASE",
            db.database);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ReplayMain.run(
            new String[] {"replay", "--declaration", number},
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "a stored decision recomputed from its stored facts, ruleset version and key matches")
  void match(Vertx vertx) {
    JsonObject d = Desk.submit(vertx);
    Run run = replay(d.getString("number"));
    assertThat(run.out())
        .startsWith("MATCH declaration " + d.getString("number"))
        .contains(d.getString("channel"));
    assertThat(run.exit()).isZero();
  }

  @Test
  @DisplayName(
      "a decision whose stored facts were tampered with is reported as a mismatch, naming what differs")
  void tampered(Vertx vertx) {
    JsonObject d = Desk.submit(vertx);
    UUID id = UUID.fromString(d.getString("id"));
    // Another number: the random draw and the record's own number no longer follow from the stored
    // facts.
    Desk.sql(
        "update risk_decisions set facts = jsonb_set(facts, '{declarationNumber}', '\"999999999999\"') where declaration_id = $1",
        id);
    Run run = replay(d.getString("number"));
    assertThat(run.out()).startsWith("MISMATCH declaration " + d.getString("number"));
    assertThat(run.out()).contains("declarationNumber");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  @DisplayName("an unknown declaration number is a usage error, not a match")
  void unknown(Vertx vertx) {
    Run run = replay("000000000001");
    assertThat(run.out()).startsWith("NOT FOUND");
    assertThat(run.exit()).isEqualTo(2);
  }
}
