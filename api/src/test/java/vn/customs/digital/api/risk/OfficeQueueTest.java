package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.risk.Desk.get;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * The officer queue per customs office (V12). Each test declares at offices of its own, so that
 * what other tests leave waiting in the shared database is not in its queues.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The officer queue per customs office")
class OfficeQueueTest {
  private static final String YELLOW = "/api/v1/officer/queue?channel=yellow";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static String officer(String name, String... offices) {
    return TestTokens.officer(name + "-" + UUID.randomUUID(), offices);
  }

  private static JsonArray items(Vertx vertx, String token) {
    HttpResponse<Buffer> r = get(vertx, token, YELLOW);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items");
  }

  private static Map<String, String> holders(JsonArray items) {
    Map<String, String> holders = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      holders.put(item.getString("id"), item.getString("assignedTo"));
    }
    return holders;
  }

  private static List<String> ids(List<JsonObject> declarations) {
    return declarations.stream().map(d -> d.getString("id")).toList();
  }

  @Test
  @DisplayName(
      "an officer of another office, though on duty, is never given a declaration of this office")
  void otherOffice(Vertx vertx) {
    String elsewhere = officer("officer-72hp", "72HP");
    String here = officer("officer-72hn", "72HN");
    items(vertx, elsewhere);
    items(vertx, here);
    List<JsonObject> waiting =
        List.of(
            Desk.submitIn(vertx, "YELLOW", "72HN"),
            Desk.submitIn(vertx, "YELLOW", "72HN"),
            Desk.submitIn(vertx, "YELLOW", "72HN"));
    // The officer of the other office reads first: nothing of 72HN is in its queue, and it hands
    // none out.
    assertThat(holders(items(vertx, elsewhere)).keySet()).doesNotContainAnyElementsOf(ids(waiting));
    Map<String, String> held = holders(items(vertx, here));
    assertThat(held).containsKeys(ids(waiting).toArray(String[]::new));
    ids(waiting).forEach(id -> assertThat(held.get(id)).as(id).isEqualTo(Desk.subject(here)));
  }

  @Test
  @DisplayName(
      "the queue lists the declarations of the officer's offices only, oldest submitted first across them")
  void onlyOwnOffices(Vertx vertx) {
    List<JsonObject> mine =
        List.of(
            Desk.submitIn(vertx, "YELLOW", "73AA"),
            Desk.submitIn(vertx, "YELLOW", "73BB"),
            Desk.submitIn(vertx, "YELLOW", "73AA"));
    JsonObject other = Desk.submitIn(vertx, "YELLOW", "73CC");
    JsonArray items = items(vertx, officer("officer-73", "73BB", "73AA"));
    List<String> listed = new ArrayList<>();
    List<Instant> submitted = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      assertThat(items.getJsonObject(i).getString("customsOfficeCode")).isIn("73AA", "73BB");
      listed.add(items.getJsonObject(i).getString("id"));
      submitted.add(Instant.parse(items.getJsonObject(i).getString("submittedAt")));
    }
    assertThat(listed).containsExactlyElementsOf(ids(mine)).doesNotContain(other.getString("id"));
    assertThat(submitted).isSorted();
  }

  @Test
  @DisplayName("an officer whose token names no office sees an empty queue and is on duty nowhere")
  void noOffice(Vertx vertx) {
    String none = officer("officer-none");
    HttpResponse<Buffer> r = get(vertx, none, YELLOW);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(r.bodyAsJsonObject().getJsonArray("offices")).isEmpty();
    assertThat(
            Desk.count(
                "select count(*) from officers_on_duty where officer = $1", Desk.subject(none)))
        .isZero();
  }

  @Test
  @DisplayName(
      "two officers reading at once never get the same declaration: each is handed out once, in turn")
  void concurrentReads(Vertx vertx) {
    String alice = officer("officer-74a", "74CT");
    String bob = officer("officer-74b", "74CT");
    items(vertx, alice);
    items(vertx, bob);
    Set<String> waiting = new HashSet<>();
    for (int i = 0; i < 13; i++) {
      waiting.add(Desk.submitIn(vertx, "YELLOW", "74CT").getString("id"));
    }
    // A second api node on the same database, with connections to spare (the shared api's small
    // pool, most of it
    // held by LISTEN connections, would run the reads one after another): the reads' transactions
    // overlap.
    Map<String, String> env = TestApi.baseEnv(TestDatabase.shared());
    env.put("PG_POOL_SIZE", "16");
    env.put("EVENT_LOOPS", "2");
    Main.Running node = Await.result(Main.start(env));
    List<Future<HttpResponse<Buffer>>> reads = new ArrayList<>();
    try {
      WebClient client =
          WebClient.create(
              vertx,
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()),
              new PoolOptions().setHttp1MaxSize(8));
      // The node's connections opened (an empty office's queue), so that the reads below start
      // together.
      String idle = officer("officer-74z", "74ZZ");
      List<Future<HttpResponse<Buffer>>> warm = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        warm.add(client.get(YELLOW).bearerTokenAuthentication(idle).send());
      }
      Await.result(Future.join(warm));
      for (int i = 0; i < 12; i++) {
        reads.add(client.get(YELLOW).bearerTokenAuthentication(i % 2 == 0 ? alice : bob).send());
      }
      Await.result(Future.join(reads));
    } finally {
      Await.result(node.close());
    }
    // Whatever each reader was told, a declaration has one holder in every answer that names one.
    Map<String, Set<String>> seen = new HashMap<>();
    for (Future<HttpResponse<Buffer>> read : reads) {
      assertThat(read.result().statusCode()).as(read.result().bodyAsString()).isEqualTo(200);
      holders(read.result().bodyAsJsonObject().getJsonArray("items"))
          .forEach(
              (id, holder) -> {
                if (holder != null) {
                  seen.computeIfAbsent(id, k -> new HashSet<>()).add(holder);
                }
              });
    }
    waiting.forEach(id -> assertThat(seen.get(id)).as(id).hasSize(1));
    Map<String, String> finalHolders = holders(items(vertx, alice));
    long toAlice =
        waiting.stream().filter(id -> Desk.subject(alice).equals(finalHolders.get(id))).count();
    long toBob =
        waiting.stream().filter(id -> Desk.subject(bob).equals(finalHolders.get(id))).count();
    assertThat(toAlice + toBob).isEqualTo(waiting.size());
    assertThat(Math.abs(toAlice - toBob))
        .as("%d to alice, %d to bob", toAlice, toBob)
        .isLessThanOrEqualTo(1);
  }

  @Test
  @DisplayName(
      "a declaration leaves its office's queue once inspected, and goes to the other queue when rerouted")
  void leavesQueue(Vertx vertx) {
    String officer = officer("officer-75", "75QN");
    JsonObject inspected = Desk.submitIn(vertx, "YELLOW", "75QN");
    JsonObject rerouted = Desk.submitIn(vertx, "YELLOW", "75QN");
    assertThat(holders(items(vertx, officer)))
        .containsKeys(inspected.getString("id"), rerouted.getString("id"));
    assertThat(
            Desk.post(
                    vertx,
                    officer,
                    "/api/v1/declarations/" + inspected.getString("id") + "/inspection",
                    new JsonObject().put("result", "COMPLIANT"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            Desk.post(
                    vertx,
                    officer,
                    "/api/v1/declarations/" + rerouted.getString("id") + "/reroute",
                    new JsonObject()
                        .put("channel", "RED")
                        .put("reason", "seal number differs from the B/L"))
                .statusCode())
        .isEqualTo(200);
    assertThat(items(vertx, officer)).isEmpty();
    HttpResponse<Buffer> red = get(vertx, officer, "/api/v1/officer/queue?channel=red");
    Map<String, String> redHolders = holders(red.bodyAsJsonObject().getJsonArray("items"));
    assertThat(redHolders).containsOnlyKeys(rerouted.getString("id"));
    assertThat(redHolders.get(rerouted.getString("id"))).isEqualTo(Desk.subject(officer));
  }
}
