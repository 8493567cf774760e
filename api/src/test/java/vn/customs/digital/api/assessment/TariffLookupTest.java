package vn.customs.digital.api.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("The HS code lookup as a trader types: code digits and words, vi or en, any accents")
class TariffLookupTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static HttpResponse<Buffer> lookup(Vertx vertx, String q, String... more) {
    StringBuilder uri =
        new StringBuilder("/api/v1/tariff?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    for (String m : more) {
      uri.append('&').append(m);
    }
    return Await.result(TestApi.client(vertx).get(uri.toString()).send());
  }

  private static JsonArray items(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items");
  }

  private static List<String> codes(HttpResponse<Buffer> r) {
    return items(r).stream().map(o -> ((JsonObject) o).getString("hsCode")).toList();
  }

  @Test
  @DisplayName(
      "code digits are a prefix of the code, dots and spaces as printed allowed; the heading comes before its lines, in code order")
  void codePrefix(Vertx vertx) {
    assertThat(codes(lookup(vertx, "8517")))
        .containsExactly("8517", "851713", "85171300", "851714", "85171400", "85171800");
    assertThat(codes(lookup(vertx, "8517.13"))).containsExactly("851713", "85171300");
    assertThat(codes(lookup(vertx, "0306 17"))).startsWith("030617").contains("03061730");
    assertThat(codes(lookup(vertx, "85171300"))).containsExactly("85171300");
    assertThat(codes(lookup(vertx, "851713001"))).isEmpty();
    // what looks like JSON to the contract layer is still the text typed
    assertThat(codes(lookup(vertx, "0306.17.30"))).containsExactly("03061730");
    assertThat(codes(lookup(vertx, "true"))).isEmpty();
    List<String> eights = codes(lookup(vertx, "8", "limit=50"));
    assertThat(eights).allMatch(c -> c.startsWith("8")).contains("87", "85171800").isSorted();
  }

  @Test
  @DisplayName(
      "words match word prefixes of the Vietnamese or English description, with or without diacritics, any case")
  void words(Vertx vertx) {
    List<String> accented = codes(lookup(vertx, "điện thoại"));
    assertThat(accented).contains("8517", "85171300", "85171400", "85171800");
    assertThat(codes(lookup(vertx, "dien thoai"))).isEqualTo(accented);
    assertThat(codes(lookup(vertx, "ĐIỆN THO"))).isEqualTo(accented);
    assertThat(codes(lookup(vertx, "tom dong lanh"))).contains("03061721", "03061730");
    assertThat(codes(lookup(vertx, "laptop"))).containsExactly("84713020");
    assertThat(codes(lookup(vertx, "whiteleg shrimp"))).containsExactly("03061730");
    // digits and words together: both must hold
    assertThat(codes(lookup(vertx, "03 tôm"))).allMatch(c -> c.startsWith("03")).isNotEmpty();
    assertThat(codes(lookup(vertx, "85 tôm"))).isEmpty();
    assertThat(codes(lookup(vertx, "xyzzy"))).isEmpty();
  }

  @Test
  @DisplayName(
      "a line carries its rates as the tariff holds them (the assessment's own table); a heading is not declarable and has none")
  void ratesFromTheTariff(Vertx vertx) {
    JsonArray found = items(lookup(vertx, "870323", "lang=en"));
    JsonObject car = found.getJsonObject(0);
    Row row =
        Await.result(
                TestApi.shared()
                    .pool()
                    .preparedQuery(
                        "select description_en, mfn_import_rate, vat_rate, special_consumption_rate,"
                            + " export_rate from tariff where hs_code = $1")
                    .execute(Tuple.of("87032363")))
            .iterator()
            .next();
    assertThat(car.getString("hsCode")).isEqualTo("87032363");
    assertThat(car.getString("level")).isEqualTo("line");
    assertThat(car.getBoolean("declarable")).isTrue();
    assertThat(car.getString("description")).isEqualTo(row.getString("description_en"));
    assertThat(new BigDecimal(car.getString("mfnImportRate")))
        .isEqualByComparingTo(row.getBigDecimal("mfn_import_rate"));
    assertThat(new BigDecimal(car.getString("vatRate")))
        .isEqualByComparingTo(row.getBigDecimal("vat_rate"));
    assertThat(new BigDecimal(car.getString("specialConsumptionRate")))
        .isEqualByComparingTo(row.getBigDecimal("special_consumption_rate"));
    assertThat(new BigDecimal(car.getString("exportRate")))
        .isEqualByComparingTo(row.getBigDecimal("export_rate"));

    JsonObject heading = items(lookup(vertx, "8703")).getJsonObject(0);
    assertThat(heading.getString("hsCode")).isEqualTo("8703");
    assertThat(heading.getString("level")).isEqualTo("heading");
    assertThat(heading.getBoolean("declarable")).isFalse();
    assertThat(heading.containsKey("mfnImportRate")).isFalse();
    JsonObject noSct = items(lookup(vertx, "85171300")).getJsonObject(0);
    assertThat(noSct.getValue("specialConsumptionRate")).isNull();
    assertThat(noSct.getString("vatRate")).isEqualTo("0.1");
  }

  @Test
  @DisplayName(
      "descriptions in the language asked for (lang, else Accept-Language, else Vietnamese); answers are public and cacheable")
  void languageAndCaching(Vertx vertx) {
    HttpResponse<Buffer> vi = lookup(vertx, "85171300");
    assertThat(vi.bodyAsJsonObject().getString("lang")).isEqualTo("vi");
    assertThat(items(vi).getJsonObject(0).getString("description"))
        .isEqualTo("Điện thoại thông minh");
    HttpResponse<Buffer> en =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/tariff?q=85171300")
                .putHeader("Accept-Language", "en-GB,en;q=0.9")
                .send());
    assertThat(items(en).getJsonObject(0).getString("description")).isEqualTo("Smartphones");
    assertThat(en.getHeader("Content-Language")).isEqualTo("en");
    assertThat(vi.getHeader("Cache-Control")).startsWith("public");
    HttpResponse<Buffer> again =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/tariff?q=85171300")
                .putHeader("If-None-Match", vi.getHeader("ETag"))
                .send());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  @DisplayName(
      "the query is bounded: no q, an empty or over-long q and a limit out of 1..50 are problems naming the parameter")
  void bounded(Vertx vertx) {
    for (String uri :
        List.of(
            "/api/v1/tariff",
            "/api/v1/tariff?q=",
            "/api/v1/tariff?q=" + "a".repeat(101),
            "/api/v1/tariff?q=85&limit=51",
            "/api/v1/tariff?q=85&limit=0")) {
      HttpResponse<Buffer> r = Await.result(TestApi.client(vertx).get(uri).send());
      assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(400);
      assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(r.bodyAsJsonObject().getJsonArray("errors").encode()).contains("pointer");
    }
    assertThat(codes(lookup(vertx, "8", "limit=3"))).hasSize(3);
    assertThat(codes(lookup(vertx, "8"))).hasSize(TariffRoutes.DEFAULT_LIMIT);
    // punctuation or spaces only: no code and no word, nothing matches rather than everything
    assertThat(codes(lookup(vertx, "-'/"))).isEmpty();
    assertThat(codes(lookup(vertx, "   "))).isEmpty();
  }
}
