package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.risk.Desk.get;
import static vn.customs.digital.api.risk.Desk.post;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.TestTokens;

/**
 * Officers read (and act on) whole declarations - the declaration, its versions with the signed
 * bytes, its history, its decision record and its payments - of their own offices and those handed
 * to them; an officer of another office reads nothing of it (404, as across enterprises).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("What an officer may read of a declaration")
class OfficerReadsTest {
  private static final List<String> READS =
      List.of("", "/versions", "/history", "/decision", "/payments");

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  /** A customs office code no other test uses, so that its queue and rotation are this test's. */
  private static String freshOffice() {
    String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder b = new StringBuilder("Q");
    for (int i = 0; i < 3; i++) {
      b.append(digits.charAt(ThreadLocalRandom.current().nextInt(digits.length())));
    }
    return b.toString();
  }

  private static int status(Vertx vertx, String token, String id, String read) {
    return get(vertx, token, "/api/v1/declarations/" + id + read).statusCode();
  }

  @Test
  @DisplayName(
      "an officer of the declaration's office reads it all; one of another office, or of none, reads nothing (404)")
  void byOffice(Vertx vertx) {
    String office = freshOffice();
    JsonObject d =
        Desk.submit(vertx, Desk.HANOI, new JsonObject().put("customsOfficeCode", office));
    String id = d.getString("id");
    String ours = TestTokens.officer("officer-reads-" + office, office);
    String theirs = TestTokens.officer("officer-reads-other", freshOffice(), "01AB");
    String nowhere = TestTokens.officer("officer-reads-nowhere");
    for (String read : READS) {
      assertThat(status(vertx, ours, id, read)).as("own office " + read).isEqualTo(200);
      assertThat(status(vertx, theirs, id, read)).as("other office " + read).isEqualTo(404);
      assertThat(status(vertx, nowhere, id, read)).as("no office " + read).isEqualTo(404);
    }
    // The 404 is the same as for a declaration that does not exist: nothing tells them apart.
    var other = get(vertx, theirs, "/api/v1/declarations/" + id);
    assertThat(other.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:not-found");

    var full = get(vertx, ours, "/api/v1/declarations/" + id);
    assertThat(full.bodyAsJsonObject().getJsonObject("declaration").getJsonArray("items"))
        .isNotEmpty();
    assertThat(full.getHeader("ETag")).isNotBlank();
    var versions = get(vertx, ours, "/api/v1/declarations/" + id + "/versions").bodyAsJsonObject();
    assertThat(versions.getJsonArray("items")).hasSize(1);
    JsonObject v1 = versions.getJsonArray("items").getJsonObject(0);
    assertThat(v1.getInteger("version")).isEqualTo(1);
    assertThat(v1.getString("signedJws")).contains(".");
    assertThat(v1.getString("signerTaxCode")).isEqualTo(Desk.HANOI);
    assertThat(v1.getJsonObject("declaration").getString("customsOfficeCode")).isEqualTo(office);
    var history = get(vertx, ours, "/api/v1/declarations/" + id + "/history").bodyAsJsonObject();
    assertThat(history.getJsonArray("entries").getJsonObject(0).getString("action"))
        .isEqualTo("SUBMITTED");
  }

  @Test
  @DisplayName(
      "the officer a declaration was handed to reads it from any office; others of that other office do not")
  void byAssignment(Vertx vertx) {
    String office = freshOffice();
    JsonObject d = Desk.submitIn(vertx, "YELLOW", office);
    String id = d.getString("id");
    String subject = "officer-assigned-" + office;
    // The only officer on duty at the office reads its queue and is handed the declaration.
    var queue =
        get(vertx, TestTokens.officer(subject, office), "/api/v1/officer/queue?channel=yellow");
    assertThat(
            queue.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("assignedTo"))
        .isEqualTo(subject);
    // Moved to another office since, the officer still reads what it holds; a colleague there does
    // not.
    String elsewhere = freshOffice();
    String moved = TestTokens.officer(subject, elsewhere);
    String colleague = TestTokens.officer("officer-colleague-" + elsewhere, elsewhere);
    for (String read : READS) {
      assertThat(status(vertx, moved, id, read)).as("assigned " + read).isEqualTo(200);
      assertThat(status(vertx, colleague, id, read)).as("colleague " + read).isEqualTo(404);
    }
  }

  @Test
  @DisplayName(
      "traders of another enterprise read nothing (404); a risk manager reads the decision record, not the declaration (403)")
  void otherRoles(Vertx vertx) {
    JsonObject d = Desk.submit(vertx);
    String id = d.getString("id");
    String stranger = TestTokens.trader("0309999992");
    for (String read : READS) {
      // The decision record is customs' own: a trader is refused it by role, whoever's it is.
      assertThat(status(vertx, stranger, id, read))
          .as("stranger " + read)
          .isEqualTo(read.equals("/decision") ? 403 : 404);
    }
    String riskManager = TestTokens.token(Role.RISK_MANAGER, null, "risk-manager-reads");
    assertThat(status(vertx, riskManager, id, "/decision")).isEqualTo(200);
    assertThat(status(vertx, riskManager, id, "")).isEqualTo(403);
    assertThat(status(vertx, riskManager, id, "/versions")).isEqualTo(403);
    assertThat(status(vertx, TestTokens.trader(Desk.HANOI), id, "/versions")).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "an officer of another office changes nothing either: reroute, inspection, cancellation, hold and exit gate answer 404 and the declaration stays as it was")
  void actionsByOffice(Vertx vertx) {
    String office = freshOffice();
    JsonObject d = Desk.submitIn(vertx, "RED", office);
    String id = d.getString("id");
    String theirs = TestTokens.officer("officer-acts-other", freshOffice());
    String uri = "/api/v1/declarations/" + id;
    JsonObject reason = new JsonObject().put("reason", "another office's decision");
    assertThat(
            post(vertx, theirs, uri + "/reroute", reason.copy().put("channel", "GREEN"))
                .statusCode())
        .isEqualTo(404);
    assertThat(
            post(vertx, theirs, uri + "/inspection", new JsonObject().put("result", "COMPLIANT"))
                .statusCode())
        .isEqualTo(404);
    assertThat(post(vertx, theirs, uri + "/cancellation", reason).statusCode()).isEqualTo(404);
    long audited =
        Desk.count("select count(*) from audit_log where declaration_id = $1", UUID.fromString(id));

    // The office's own officer records the inspection: the goods are released.
    String ours = TestTokens.officer("officer-acts-" + office, office);
    var inspected =
        post(vertx, ours, uri + "/inspection", new JsonObject().put("result", "COMPLIANT"));
    assertThat(inspected.statusCode()).as(inspected.bodyAsString()).isEqualTo(200);
    String status = get(vertx, ours, uri).bodyAsJsonObject().getString("status");
    assertThat(status).isIn("RELEASED", "AWAITING_PAYMENT");
    assertThat(
            Desk.count(
                "select count(*) from audit_log where declaration_id = $1", UUID.fromString(id)))
        .as("only the own office's inspection was recorded")
        .isGreaterThan(audited);

    // After release, post-release actions are the office's too.
    if (status.equals("RELEASED")) {
      assertThat(post(vertx, theirs, uri + "/hold", reason).statusCode()).isEqualTo(404);
      assertThat(
              post(
                      vertx,
                      theirs,
                      uri + "/border-gate",
                      reason.copy().put("borderGateCode", "VNLSN"))
                  .statusCode())
          .isEqualTo(404);
      assertThat(get(vertx, ours, uri).bodyAsJsonObject().getString("status"))
          .isEqualTo("RELEASED");
    }
  }
}
