package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.customs.digital.problems.Problem.FieldError;
import vn.customs.digital.testing.ReferenceDeclaration;

@DisplayName("Declaration validation")
class DeclarationValidatorTest {
  /** Three days after the reference invoice (2026-11-20). */
  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  static JsonObject reference() {
    return new JsonObject(ReferenceDeclaration.payload());
  }

  /**
   * The reference payload with the value at the JSON pointer replaced (null value: member removed).
   */
  static JsonObject with(String pointer, Object value) {
    JsonObject json = reference();
    String[] path = pointer.substring(1).split("/");
    Object parent = json;
    for (int i = 0; i < path.length - 1; i++) {
      parent =
          parent instanceof JsonObject o
              ? o.getValue(path[i])
              : ((JsonArray) parent).getValue(Integer.parseInt(path[i]));
    }
    String last = path[path.length - 1];
    if (parent instanceof JsonObject o) {
      if (value == null) {
        o.remove(last);
      } else {
        o.put(last, value);
      }
    } else {
      ((JsonArray) parent).set(Integer.parseInt(last), value);
    }
    return json;
  }

  static List<String> pointers(DeclarationValidator.Result result) {
    return result.errors().stream().map(FieldError::pointer).toList();
  }

  @Test
  @DisplayName("the reference import payload validates with no error")
  void referencePayload() {
    DeclarationValidator.Result result = DeclarationValidator.validate(reference(), TODAY);

    assertThat(result.errors()).isEmpty();
    DeclarationDocument doc = result.document();
    assertThat(doc.type()).isEqualTo(DeclarationDocument.Type.IMPORT);
    assertThat(doc.transportMode()).isEqualTo(DeclarationDocument.TransportMode.SEA);
    assertThat(doc.containers()).containsExactly("MSCU1234566", "CSQU3054383");
    assertThat(doc.invoice())
        .isEqualTo(new DeclarationDocument.Invoice("INV-2026-0042", LocalDate.of(2026, 11, 20)));
    assertThat(doc.brokerTaxCode()).isNull();
    assertThat(doc.items()).hasSize(2);
    assertThat(doc.items().get(0).value()).isEqualByComparingTo("40000.00");
    assertThat(doc.items().get(0).grossWeightKg()).isEqualByComparingTo("60");
    assertThat(doc.items().get(0).certificateOfOrigin()).isNull();
    assertThat(doc.items().get(1).certificateOfOrigin())
        .isEqualTo(new DeclarationDocument.CertificateOfOrigin("D", "MY-2026-D-000123"));
  }

  @Test
  @DisplayName(
      "a document rendered to JSON validates back into an equal document with the same field names")
  void roundTrip() {
    DeclarationDocument doc = DeclarationValidator.validate(reference(), TODAY).document();

    JsonObject rendered = doc.toJson();
    assertThat(rendered.fieldNames()).containsExactlyInAnyOrderElementsOf(reference().fieldNames());
    assertThat(rendered.getJsonArray("items").getJsonObject(1).fieldNames())
        .containsExactlyInAnyOrderElementsOf(
            reference().getJsonArray("items").getJsonObject(1).fieldNames());
    DeclarationValidator.Result again =
        DeclarationValidator.validate(new JsonObject(rendered.encode()), TODAY);
    assertThat(again.errors()).isEmpty();
    assertThat(again.document()).isEqualTo(doc);
  }

  static Stream<Arguments> violations() {
    JsonArray fiftyOneItems = new JsonArray();
    IntStream.range(0, 51)
        .forEach(i -> fiftyOneItems.add(reference().getJsonArray("items").getJsonObject(0)));
    JsonArray fiftyOneContainers = new JsonArray();
    IntStream.range(0, 51)
        .mapToObj(i -> String.format("MSCU%06d", i))
        .forEach(n -> fiftyOneContainers.add(n + ContainerNumbers.checkDigit(n)));
    return Stream.of(
        Arguments.of("/type", "IMPORTS", "/type"),
        Arguments.of("/type missing", null, "/type"),
        Arguments.of("/procedureCode", "Z99", "/procedureCode"),
        Arguments.of("/procedureCode", "B11", "/procedureCode"), // an export code on an import
        Arguments.of("/declarantTaxCode", "010123456", "/declarantTaxCode"),
        Arguments.of("/declarantTaxCode", "01012345670", "/declarantTaxCode"), // 11 digits
        Arguments.of("/declarantTaxCode missing", null, "/declarantTaxCode"),
        Arguments.of("/brokerTaxCode", "0101-234567", "/brokerTaxCode"),
        Arguments.of("/customsOfficeCode", "03C", "/customsOfficeCode"),
        Arguments.of("/customsOfficeCode", "03cc", "/customsOfficeCode"),
        Arguments.of("/borderGateCode", "THBKK", "/borderGateCode"),
        Arguments.of("/borderGateCode", "VNHP", "/borderGateCode"),
        Arguments.of("/transportMode", "SHIP", "/transportMode"),
        Arguments.of("/transportDocument", "hph 2026", "/transportDocument"),
        Arguments.of("/transportDocument", "H".repeat(36), "/transportDocument"),
        Arguments.of("/containers/1", "CSQU3054384", "/containers/1"),
        Arguments.of("/containers/1", "MSCU1234566", "/containers/1"), // duplicate of /containers/0
        Arguments.of("/containers/0", 42, "/containers/0"),
        Arguments.of("/containers", fiftyOneContainers, "/containers"),
        Arguments.of("/containers", "MSCU1234566", "/containers"),
        Arguments.of("/invoice missing", null, "/invoice"),
        Arguments.of("/invoice/number", "", "/invoice/number"),
        Arguments.of("/invoice/number", "I".repeat(36), "/invoice/number"),
        Arguments.of("/invoice/number", "INV\u00002026", "/invoice/number"),
        Arguments.of("/invoice/date", "2026-11-24", "/invoice/date"), // tomorrow
        Arguments.of("/invoice/date", "2021-11-22", "/invoice/date"), // more than 5 years before
        Arguments.of("/invoice/date", "20/11/2026", "/invoice/date"),
        Arguments.of("/invoice/date", "2026-02-30", "/invoice/date"),
        Arguments.of("/incoterm", "DAT", "/incoterm"), // an Incoterms 2010 rule
        Arguments.of("/currency", "XYZ", "/currency"),
        Arguments.of("/currency", "usd", "/currency"),
        Arguments.of("/items", new JsonArray(), "/items"),
        Arguments.of("/items", fiftyOneItems, "/items"),
        Arguments.of("/items missing", null, "/items"),
        Arguments.of("/items/0/hsCode", "8517130", "/items/0/hsCode"),
        Arguments.of("/items/0/hsCode", "8517.13.00", "/items/0/hsCode"),
        Arguments.of("/items/0/description", "", "/items/0/description"),
        Arguments.of("/items/0/description", "x".repeat(201), "/items/0/description"),
        Arguments.of("/items/0/origin", "XX", "/items/0/origin"),
        Arguments.of("/items/0/origin", "CHN", "/items/0/origin"),
        Arguments.of("/items/0/quantity", 0, "/items/0/quantity"),
        Arguments.of("/items/0/quantity", 1.2345, "/items/0/quantity"),
        Arguments.of("/items/0/quantity", 1.1e12, "/items/0/quantity"),
        Arguments.of("/items/0/unit", "PCS", "/items/0/unit"),
        Arguments.of("/items/0/grossWeightKg", -1, "/items/0/grossWeightKg"),
        Arguments.of(
            "/items/0/grossWeightKg", 40.0, "/items/0/netWeightKg"), // net 50 above gross 40
        Arguments.of("/items/0/netWeightKg", 0, "/items/0/netWeightKg"),
        Arguments.of("/items/0/value", 0, "/items/0/value"),
        Arguments.of("/items/0/value", 40000.001, "/items/0/value"),
        Arguments.of("/items/0/value", 2e13, "/items/0/value"),
        Arguments.of("/items/1/certificateOfOrigin/form", "Z", "/items/1/certificateOfOrigin/form"),
        Arguments.of(
            "/items/1/certificateOfOrigin/number",
            "N".repeat(41),
            "/items/1/certificateOfOrigin/number"),
        Arguments.of(
            "/items/1/certificateOfOrigin", "MY-2026-D-000123", "/items/1/certificateOfOrigin"));
  }

  @ParameterizedTest(name = "{0} = {1} -> error at {2}")
  @MethodSource("violations")
  @DisplayName("each rule reports its violation at the field's pointer, and only there")
  void eachRule(String field, Object value, String pointer) {
    JsonObject json = with(field.replace(" missing", ""), value);

    DeclarationValidator.Result result = DeclarationValidator.validate(json, TODAY);

    assertThat(pointers(result)).containsExactly(pointer);
    assertThat(result.document()).isNull();
    assertThat(result.errors().get(0).detail()).isNotBlank();
  }

  @Test
  @DisplayName("optional fields may be absent or null: broker, containers, certificate of origin")
  void optionalFields() {
    JsonObject json = with("/containers", null);
    json.putNull("brokerTaxCode");
    json.getJsonArray("items").getJsonObject(1).remove("certificateOfOrigin");

    DeclarationValidator.Result result = DeclarationValidator.validate(json, TODAY);

    assertThat(result.errors()).isEmpty();
    assertThat(result.document().containers()).isEmpty();
    assertThat(result.document().items().get(1).certificateOfOrigin()).isNull();
  }

  @Test
  @DisplayName(
      "a broker, a 13-digit dependent-unit tax code and an export with its own type code are accepted")
  void acceptedVariants() {
    JsonObject json = with("/brokerTaxCode", "0312345678");
    json.put("declarantTaxCode", "0101234567001")
        .put("type", "EXPORT")
        .put("procedureCode", "B11")
        .put("incoterm", "FOB");

    DeclarationValidator.Result result = DeclarationValidator.validate(json, TODAY);

    assertThat(result.errors()).isEmpty();
    assertThat(result.document().brokerTaxCode()).isEqualTo("0312345678");
  }

  @Test
  @DisplayName("fields the contract does not know are ignored")
  void unknownFieldsIgnored() {
    JsonObject json = with("/clientVersion", "2.4.1");
    json.getJsonArray("items").getJsonObject(0).put("brand", "Acme");
    json.getJsonObject("invoice").put("seller", new JsonObject().put("name", "Acme Ltd"));

    assertThat(DeclarationValidator.validate(json, TODAY).errors()).isEmpty();
  }

  @Test
  @DisplayName("an invoice dated today or exactly 5 years ago is accepted")
  void invoiceDateBounds() {
    assertThat(DeclarationValidator.validate(with("/invoice/date", "2026-11-23"), TODAY).errors())
        .isEmpty();
    assertThat(DeclarationValidator.validate(with("/invoice/date", "2021-11-23"), TODAY).errors())
        .isEmpty();
  }

  @Test
  @DisplayName(
      "numbers keep their exact decimals: 0.1 + 0.2 style values stay exact, trailing zeros go")
  void exactNumbers() {
    JsonObject json = with("/items/0/value", 0.3);
    json.getJsonArray("items").getJsonObject(0).put("quantity", 1.125).put("netWeightKg", 49.999);

    DeclarationDocument.Item item =
        DeclarationValidator.validate(json, TODAY).document().items().get(0);

    assertThat(item.value()).isEqualTo(new BigDecimal("0.3"));
    assertThat(item.quantity()).isEqualTo(new BigDecimal("1.125"));
    assertThat(item.netWeightKg()).isEqualTo(new BigDecimal("49.999"));
    assertThat(item.grossWeightKg()).isEqualTo(new BigDecimal("60"));
  }

  @Test
  @DisplayName("many violations in one payload are all reported, each at its pointer")
  void manyViolations() {
    JsonObject json =
        reference()
            .put("type", "IMPORT")
            .put("procedureCode", "A1")
            .put("declarantTaxCode", "12345")
            .put("customsOfficeCode", "")
            .put("borderGateCode", "vnhph")
            .put("transportMode", "BOAT")
            .put(
                "containers",
                new JsonArray().add("MSCU1234567").add("CSQU3054383").add("CSQU3054383"))
            .put("incoterm", "C&F")
            .put("currency", "US$");
    json.getJsonObject("invoice").put("date", "2030-01-01");
    JsonObject first = json.getJsonArray("items").getJsonObject(0);
    first.put("hsCode", "85171").put("origin", "ZZ").put("unit", "pcs").put("value", -5);
    JsonObject second = json.getJsonArray("items").getJsonObject(1);
    second
        .put("quantity", "50")
        .getJsonObject("certificateOfOrigin")
        .put("form", "Form D")
        .remove("number");

    DeclarationValidator.Result result = DeclarationValidator.validate(json, TODAY);

    assertThat(pointers(result))
        .containsExactlyInAnyOrder(
            "/procedureCode",
            "/declarantTaxCode",
            "/customsOfficeCode",
            "/borderGateCode",
            "/transportMode",
            "/containers/0",
            "/containers/2",
            "/invoice/date",
            "/incoterm",
            "/currency",
            "/items/0/hsCode",
            "/items/0/origin",
            "/items/0/unit",
            "/items/0/value",
            "/items/1/quantity",
            "/items/1/certificateOfOrigin/form",
            "/items/1/certificateOfOrigin/number");
    assertThat(result.document()).isNull();
  }

  @Test
  @DisplayName("wrong JSON shapes everywhere give errors, never an exception")
  void wrongShapes() {
    JsonObject json =
        new JsonObject()
            .put("type", 1)
            .put("procedureCode", new JsonArray().add("A11"))
            .put("declarantTaxCode", 101234567L)
            .put("brokerTaxCode", true)
            .put("customsOfficeCode", new JsonObject())
            .put("borderGateCode", 3.5)
            .put("transportMode", new JsonArray())
            .put("transportDocument", false)
            .put("containers", new JsonObject().put("0", "MSCU1234566"))
            .put("invoice", new JsonArray().add("INV-1"))
            .put("incoterm", 7)
            .put("currency", new JsonObject())
            .put(
                "items",
                new JsonArray()
                    .add(new JsonArray().add(1))
                    .add("item")
                    .addNull()
                    .add(
                        new JsonObject()
                            .put("hsCode", 85171300)
                            .put("description", 5)
                            .put("origin", List.of("CN"))
                            .put("quantity", "200")
                            .put("unit", 62)
                            .put("grossWeightKg", "60")
                            .put("netWeightKg", true)
                            .put("value", new JsonObject().put("amount", 1))
                            .put("certificateOfOrigin", new JsonArray())));

    DeclarationValidator.Result result = DeclarationValidator.validate(json, TODAY);

    assertThat(pointers(result))
        .containsExactlyInAnyOrder(
            "/type",
            "/procedureCode",
            "/declarantTaxCode",
            "/brokerTaxCode",
            "/customsOfficeCode",
            "/borderGateCode",
            "/transportMode",
            "/transportDocument",
            "/containers",
            "/invoice",
            "/incoterm",
            "/currency",
            "/items/0",
            "/items/1",
            "/items/2",
            "/items/3/hsCode",
            "/items/3/description",
            "/items/3/origin",
            "/items/3/quantity",
            "/items/3/unit",
            "/items/3/grossWeightKg",
            "/items/3/netWeightKg",
            "/items/3/value",
            "/items/3/certificateOfOrigin");
  }

  @Test
  @DisplayName("an empty object reports every required field; null reports the root")
  void emptyAndNull() {
    assertThat(pointers(DeclarationValidator.validate(new JsonObject(), TODAY)))
        .containsExactlyInAnyOrder(
            "/type",
            "/procedureCode",
            "/declarantTaxCode",
            "/customsOfficeCode",
            "/borderGateCode",
            "/transportMode",
            "/transportDocument",
            "/invoice",
            "/incoterm",
            "/currency",
            "/items");
    assertThat(pointers(DeclarationValidator.validate(null, TODAY))).containsExactly("");
  }

  @Test
  @DisplayName(
      "huge arrays, huge strings and absurd numbers are bounded errors, not work or exceptions")
  void hostileSizes() {
    JsonArray items = new JsonArray();
    IntStream.range(0, 10_000).forEach(i -> items.add(new JsonObject()));
    JsonObject json =
        reference().put("items", items).put("transportDocument", "A".repeat(1_000_000));
    json.getJsonObject("invoice").put("number", "9".repeat(100_000));

    DeclarationValidator.Result result = DeclarationValidator.validate(json, TODAY);

    assertThat(pointers(result)).contains("/items", "/transportDocument", "/invoice/number");
    // Only the first 50 items are examined, 8 required fields each are missing.
    assertThat(pointers(result)).filteredOn(p -> p.startsWith("/items/")).hasSize(50 * 8);

    JsonObject numbers =
        new JsonObject(
            reference()
                .encode()
                .replace("\"quantity\":200", "\"quantity\":1e999999999")
                .replace("\"value\":30000.0", "\"value\":1e-999999999"));
    assertThat(pointers(DeclarationValidator.validate(numbers, TODAY)))
        .containsExactlyInAnyOrder("/items/0/quantity", "/items/1/value");
  }

  @Test
  @DisplayName("the number reader takes every JSON number type and refuses the rest")
  void decimals() {
    assertThat(DeclarationValidator.decimal(200)).isEqualByComparingTo("200");
    assertThat(DeclarationValidator.decimal(12_000_000_000L)).isEqualByComparingTo("12000000000");
    assertThat(DeclarationValidator.decimal(0.1)).isEqualTo(new BigDecimal("0.1"));
    assertThat(
            DeclarationValidator.decimal(
                new java.math.BigInteger("123456789012345678901234567890")))
        .isEqualByComparingTo("123456789012345678901234567890");
    assertThat(DeclarationValidator.decimal(Double.NaN)).isNull();
    assertThat(DeclarationValidator.decimal(Double.POSITIVE_INFINITY)).isNull();
    assertThat(DeclarationValidator.decimal("200")).isNull();
    assertThat(DeclarationValidator.decimal(true)).isNull();
  }
}
