package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.risk.Desk.count;
import static vn.customs.digital.api.risk.Desk.get;
import static vn.customs.digital.api.risk.Desk.officer;
import static vn.customs.digital.api.risk.Desk.post;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;

@ExtendWith(VertxExtension.class)
@DisplayName("The officer's desk")
class OfficerDeskTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static UUID id(JsonObject d) {
    return UUID.fromString(d.getString("id"));
  }

  @Test
  @DisplayName(
      "the yellow queue lists declarations in document check, oldest submitted first, each assigned to an officer on duty")
  void yellowQueue(Vertx vertx) {
    JsonObject first = Desk.submitIn(vertx, "YELLOW");
    JsonObject second = Desk.submitIn(vertx, "YELLOW");
    var r = get(vertx, officer(), "/api/v1/officer/queue?channel=yellow");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
    List<String> ids = new ArrayList<>();
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      assertThat(item.getString("status")).isEqualTo("DOCUMENT_CHECK");
      assertThat(item.getString("assignedTo")).isNotNull();
      ids.add(item.getString("id"));
      submitted.add(item.getString("submittedAt"));
    }
    assertThat(ids).containsSubsequence(first.getString("id"), second.getString("id"));
    assertThat(submitted.stream().map(java.time.Instant::parse).toList()).isSorted();
  }

  @Test
  @DisplayName("the red queue lists declarations in physical inspection only")
  void redQueue(Vertx vertx) {
    JsonObject red = Desk.submitIn(vertx, "RED");
    var r = get(vertx, officer(), "/api/v1/officer/queue?channel=red");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("status")).distinct().toList())
        .containsExactly("PHYSICAL_INSPECTION");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("id")).toList())
        .contains(red.getString("id"));
  }

  @Test
  @DisplayName("unassigned declarations are shared round-robin between the officers on duty")
  void roundRobin(Vertx vertx) {
    String alice =
        TestTokens.officer("officer-rr-a-" + UUID.randomUUID(), TestTokens.REFERENCE_OFFICE);
    String bob =
        TestTokens.officer("officer-rr-b-" + UUID.randomUUID(), TestTokens.REFERENCE_OFFICE);
    // Both go on duty, then two new declarations arrive and are handed out at the next read.
    assertThat(get(vertx, alice, "/api/v1/officer/queue?channel=red").statusCode()).isEqualTo(200);
    assertThat(get(vertx, bob, "/api/v1/officer/queue?channel=red").statusCode()).isEqualTo(200);
    JsonObject one = Desk.submitIn(vertx, "RED");
    JsonObject two = Desk.submitIn(vertx, "RED");
    JsonArray items =
        get(vertx, alice, "/api/v1/officer/queue?channel=red")
            .bodyAsJsonObject()
            .getJsonArray("items");
    String holderOne = null;
    String holderTwo = null;
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      if (item.getString("id").equals(one.getString("id"))) {
        holderOne = item.getString("assignedTo");
      }
      if (item.getString("id").equals(two.getString("id"))) {
        holderTwo = item.getString("assignedTo");
      }
    }
    assertThat(holderOne).isNotNull();
    assertThat(holderTwo).isNotNull().isNotEqualTo(holderOne);
  }

  @Test
  @DisplayName("a trader cannot read the officer queue")
  void traderRefused(Vertx vertx) {
    var r = get(vertx, TestTokens.trader(Desk.HANOI), "/api/v1/officer/queue?channel=yellow");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("a compliant inspection clears the declaration to awaiting payment and is audited")
  void compliantToPayment(Vertx vertx) {
    JsonObject d = Desk.submitIn(vertx, "RED");
    assertThat(new java.math.BigDecimal(d.getString("totalPayableVnd"))).isPositive();
    var r =
        post(
            vertx,
            officer(),
            "/api/v1/declarations/" + d.getString("id") + "/inspection",
            new JsonObject()
                .put("result", "COMPLIANT")
                .put("note", "seals intact, goods as declared"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(r.bodyAsJsonObject().getBoolean("held")).isFalse();
    assertThat(
            count(
                "select count(*) from declarations where id = $1 and inspection_cleared and status = 'AWAITING_PAYMENT'",
                id(d)))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'INSPECTED'"
                    + " and details ->> 'result' = 'COMPLIANT' and details ->> 'to' = 'AWAITING_PAYMENT'",
                id(d)))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from inspections where declaration_id = $1 and result = 'COMPLIANT'",
                id(d)))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("a compliant inspection of a declaration with nothing due releases it")
  void compliantReleased(Vertx vertx) {
    JsonObject d = Desk.submitIn(vertx, "YELLOW");
    // Duties settled elsewhere (e.g. a guarantee): nothing is due any more.
    Desk.sql("update declarations set total_payable_vnd = 0 where id = $1", id(d));
    var r =
        post(
            vertx,
            officer(),
            "/api/v1/declarations/" + d.getString("id") + "/inspection",
            new JsonObject().put("result", "COMPLIANT"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("RELEASED");
    assertThat(
            count(
                "select count(*) from declarations where id = $1 and status = 'RELEASED' and released_at is not null",
                id(d)))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'INSPECTED' and details ->> 'to' = 'RELEASED'",
                id(d)))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("a minor violation feeds the trader's profile and the declaration moves on")
  void minorViolation(Vertx vertx) {
    JsonObject d = Desk.submitIn(vertx, "RED");
    long before = count("select count(*) from violations where tax_code = $1", Desk.HANOI);
    var r =
        post(
            vertx,
            officer(),
            "/api/v1/declarations/" + d.getString("id") + "/inspection",
            new JsonObject()
                .put("result", "VIOLATION")
                .put("severity", "MINOR")
                .put("note", "quantity 2 units over"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(count("select count(*) from violations where tax_code = $1", Desk.HANOI))
        .isEqualTo(before + 1);
    assertThat(
            count(
                "select count(*) from violations where declaration_id = $1 and severity = 'MINOR'",
                id(d)))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a serious violation keeps the goods held: the declaration stays in inspection, not cleared")
  void seriousViolationHeld(Vertx vertx) {
    JsonObject d = Desk.submitIn(vertx, "RED");
    var r =
        post(
            vertx,
            officer(),
            "/api/v1/declarations/" + d.getString("id") + "/inspection",
            new JsonObject().put("result", "VIOLATION").put("severity", "SERIOUS"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getBoolean("held")).isTrue();
    assertThat(body.getString("status")).isEqualTo("PHYSICAL_INSPECTION");
    assertThat(body.getString("detail")).contains("held");
    assertThat(
            count(
                "select count(*) from declarations where id = $1 and not inspection_cleared and status = 'PHYSICAL_INSPECTION'",
                id(d)))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from violations where declaration_id = $1 and severity = 'SERIOUS'",
                id(d)))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'INSPECTION_HELD'",
                id(d)))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("a violation without its severity is refused with 422")
  void violationNeedsSeverity(Vertx vertx) {
    JsonObject d = Desk.submitIn(vertx, "RED");
    var r =
        post(
            vertx,
            officer(),
            "/api/v1/declarations/" + d.getString("id") + "/inspection",
            new JsonObject().put("result", "VIOLATION"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/severity");
    assertThat(count("select count(*) from inspections where declaration_id = $1", id(d))).isZero();
  }

  @Test
  @DisplayName("a reroute without a reason is refused with 422 and changes nothing")
  void rerouteNeedsReason(Vertx vertx) {
    JsonObject d = Desk.submit(vertx);
    String target = "RED".equals(d.getString("channel")) ? "YELLOW" : "RED";
    var r =
        post(
            vertx,
            officer(),
            "/api/v1/declarations/" + d.getString("id") + "/reroute",
            new JsonObject().put("channel", target).put("reason", "  "));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:validation");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/reason");
    assertThat(
            count(
                "select count(*) from declarations where id = $1 and channel = $2",
                id(d),
                d.getString("channel")))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a reroute moves the declaration to its new channel's status and is audited with its reason")
  void rerouteAudited(Vertx vertx) {
    JsonObject d = Desk.submit(vertx);
    String target = "RED".equals(d.getString("channel")) ? "YELLOW" : "RED";
    String status = target.equals("RED") ? "PHYSICAL_INSPECTION" : "DOCUMENT_CHECK";
    var r =
        post(
            vertx,
            officer(),
            "/api/v1/declarations/" + d.getString("id") + "/reroute",
            new JsonObject().put("channel", target).put("reason", "intelligence report 2026/117"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("channel")).isEqualTo(target);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo(status);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'REROUTED' and actor = 'officer-1'"
                    + " and details ->> 'reason' = 'intelligence report 2026/117' and details ->> 'channel' = $2 and details ->> 'to' = $3",
                id(d),
                target,
                status))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "the stored decision record is shown to officers, with its facts and profile, and not to traders")
  void decisionRecord(Vertx vertx) {
    JsonObject d = Desk.submit(vertx);
    var r = get(vertx, officer(), "/api/v1/declarations/" + d.getString("id") + "/decision");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject record = r.bodyAsJsonObject();
    assertThat(record.getString("channel")).isEqualTo(d.getString("channel"));
    assertThat(record.getString("number")).isEqualTo(d.getString("number"));
    assertThat(record.getJsonObject("decision").getString("channel"))
        .isEqualTo(d.getString("channel"));
    assertThat(record.getJsonObject("facts").getString("declarationNumber"))
        .isEqualTo(d.getString("number"));
    assertThat(record.getJsonObject("profile")).isNotNull();
    assertThat(
            get(
                    vertx,
                    TestTokens.trader(Desk.HANOI),
                    "/api/v1/declarations/" + d.getString("id") + "/decision")
                .statusCode())
        .isEqualTo(403);
  }
}
