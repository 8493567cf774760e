package vn.customs.digital.api.procedures;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Public procedure lookup")
class ProcedureLookupTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static HttpResponse<Buffer> get(Vertx vertx, String uri, String... headers) {
    var req = TestApi.client(vertx).get(uri);
    for (int i = 0; i < headers.length; i += 2) {
      req.putHeader(headers[i], headers[i + 1]);
    }
    return Await.result(req.send());
  }

  private static List<String> titles(HttpResponse<Buffer> r) {
    List<String> out = new ArrayList<>();
    r.bodyAsJsonObject()
        .getJsonArray("items")
        .forEach(o -> out.add(((JsonObject) o).getString("title")));
    return out;
  }

  @Test
  @DisplayName(
      "a search without diacritics finds the procedure written with them, best match first")
  void accentInsensitive(Vertx vertx) {
    var r =
        get(
            vertx,
            "/api/v1/procedures?q=thu%20tuc%20hai%20quan%20hang%20hoa%20xuat%20khau%20nhap%20khau%20thuong%20mai&lang=vi");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(titles(r)).isNotEmpty();
    assertThat(titles(r).get(0)).containsIgnoringCase("Thủ tục hải quan").contains("thương mại");
  }

  @Test
  @DisplayName("word prefixes match: 'hanh l' finds personal luggage")
  void prefixes(Vertx vertx) {
    var r = get(vertx, "/api/v1/procedures?q=hanh%20l&lang=vi");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(titles(r)).anySatisfy(title -> assertThat(title.toLowerCase()).contains("hành lý"));
  }

  @Test
  @DisplayName("a typo is forgiven: 'thu tuc hai quam' still finds customs procedures")
  void typo(Vertx vertx) {
    var r = get(vertx, "/api/v1/procedures?q=thu%20tuc%20hai%20quam&lang=vi");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(titles(r)).isNotEmpty().allSatisfy(title -> assertThat(title).isNotBlank());
    assertThat(titles(r).get(0).toLowerCase()).contains("thủ tục hải quan");
  }

  @Test
  @DisplayName("a query that matches nothing answers an empty page, not an error")
  void nothing(Vertx vertx) {
    var r = get(vertx, "/api/v1/procedures?q=zzqqxxjj");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(r.bodyAsJsonObject().getString("nextCursor")).isNull();
  }

  @Test
  @DisplayName(
      "a literal % or + typed in the search (sent as %25, %2B) is read as typed, decoded once: the"
          + " same answer as without it, never a 400")
  void percentAndPlusAsTyped(Vertx vertx) {
    var plain = get(vertx, "/api/v1/procedures?q=hoan%20thue&lang=vi");
    var percent = get(vertx, "/api/v1/procedures?q=hoan%20thue%20100%25&lang=vi");
    var plus = get(vertx, "/api/v1/procedures?q=hoan%2Bthue&lang=vi");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(titles(plain)).isNotEmpty();
    assertThat(percent.statusCode()).as(percent.bodyAsString()).isEqualTo(200);
    assertThat(plus.statusCode()).as(plus.bodyAsString()).isEqualTo(200);
    assertThat(titles(plus)).isEqualTo(titles(plain));
  }

  @Test
  @DisplayName("pages chained by cursor list every procedure exactly once, in a stable order")
  void pagination(Vertx vertx) {
    List<String> codes = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var r =
          get(vertx, "/api/v1/procedures?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject page = r.bodyAsJsonObject();
      assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(7);
      page.getJsonArray("items").forEach(o -> codes.add(((JsonObject) o).getString("code")));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 50);
    assertThat(codes).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates().isSorted();
  }

  @Test
  @DisplayName("search results page by cursor without repeats and keep relevance order")
  void searchPagination(Vertx vertx) {
    var first = get(vertx, "/api/v1/procedures?q=hai%20quan&limit=3").bodyAsJsonObject();
    var second =
        get(
                vertx,
                "/api/v1/procedures?q=hai%20quan&limit=3&cursor=" + first.getString("nextCursor"))
            .bodyAsJsonObject();
    var all = get(vertx, "/api/v1/procedures?q=hai%20quan&limit=6").bodyAsJsonObject();
    var pages = List.of(first, second, all);
    Set<String> seen = new HashSet<>();
    List<String> chained = new ArrayList<>();
    for (JsonObject page : pages.subList(0, 2)) {
      page.getJsonArray("items").forEach(o -> chained.add(((JsonObject) o).getString("code")));
    }
    List<String> direct = new ArrayList<>();
    pages.get(2).getJsonArray("items").forEach(o -> direct.add(((JsonObject) o).getString("code")));
    assertThat(chained).hasSize(6).allMatch(seen::add);
    assertThat(chained).isEqualTo(direct);
  }

  @Test
  @DisplayName("a cursor replayed against another query is refused with 400 naming the cursor")
  void foreignCursor(Vertx vertx) {
    String cursor =
        get(vertx, "/api/v1/procedures?limit=2").bodyAsJsonObject().getString("nextCursor");
    var r = get(vertx, "/api/v1/procedures?limit=2&q=hai%20quan&cursor=" + cursor);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("cursor");
  }

  @Test
  @DisplayName("language comes from lang, else Accept-Language, else Vietnamese")
  void language(Vertx vertx) {
    var rs =
        List.of(
            get(vertx, "/api/v1/procedures?limit=1&lang=en", "Accept-Language", "vi"),
            get(vertx, "/api/v1/procedures?limit=1", "Accept-Language", "fr;q=0.9, en-GB;q=0.8"),
            get(vertx, "/api/v1/procedures?limit=1"));
    assertThat(rs.get(0).bodyAsJsonObject().getString("lang")).isEqualTo("en");
    assertThat(rs.get(0).getHeader("Content-Language")).isEqualTo("en");
    assertThat(rs.get(1).bodyAsJsonObject().getString("lang")).isEqualTo("en");
    assertThat(rs.get(2).bodyAsJsonObject().getString("lang")).isEqualTo("vi");
    String en = titles(rs.get(0)).get(0);
    String vi = titles(rs.get(2)).get(0);
    assertThat(en).isNotEqualTo(vi);
  }

  @Test
  @DisplayName("one procedure in full, with ETag; If-None-Match gives 304 with no body")
  void etag(Vertx vertx) {
    var list = get(vertx, "/api/v1/procedures?limit=1");
    String code = list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("code");
    var full = get(vertx, "/api/v1/procedures/" + code + "?lang=en");
    var again =
        get(
            vertx,
            "/api/v1/procedures/" + code + "?lang=en",
            "If-None-Match",
            full.getHeader("ETag"));
    var otherLang =
        get(
            vertx,
            "/api/v1/procedures/" + code + "?lang=vi",
            "If-None-Match",
            full.getHeader("ETag"));
    var rs = List.of(full, again, otherLang);
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.getHeader("ETag")).matches("\"[0-9a-f]{32}\"");
    assertThat(full.getHeader("Cache-Control")).contains("max-age");
    JsonObject p = full.bodyAsJsonObject();
    assertThat(p.getJsonArray("steps")).isNotEmpty();
    assertThat(p.getJsonArray("documents")).isNotEmpty();
    assertThat(p.getJsonArray("legalBasis")).isNotEmpty();
    assertThat(p.getString("fee")).isNotBlank();
    assertThat(p.getString("processingTime")).isNotBlank();
    assertThat(rs.get(1).statusCode()).isEqualTo(304);
    assertThat(rs.get(1).body()).isNull();
    assertThat(rs.get(2).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a listing filters by category and service level")
  void filters(Vertx vertx) {
    var r = get(vertx, "/api/v1/procedures?level=4&category=import-export&limit=100");
    JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).isNotEmpty();
    items.forEach(
        o -> {
          assertThat(((JsonObject) o).getInteger("serviceLevel")).isEqualTo(4);
          assertThat(((JsonObject) o).getString("category")).isEqualTo("import-export");
        });
  }

  @Test
  @DisplayName("an unknown procedure code is a 404 problem")
  void unknown(Vertx vertx) {
    var r = get(vertx, "/api/v1/procedures/HQ-999");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:not-found");
  }
}
