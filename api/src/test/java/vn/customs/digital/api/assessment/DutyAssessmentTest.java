package vn.customs.digital.api.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.declarations.DeclarationDocument;
import vn.customs.digital.api.declarations.DeclarationDocument.CertificateOfOrigin;
import vn.customs.digital.api.declarations.DeclarationDocument.Item;
import vn.customs.digital.api.declarations.DeclarationDocument.Type;
import vn.customs.digital.problems.Problem.FieldError;

/**
 * Tax lines against amounts worked out by hand. The in-memory tariff and rates below are test
 * fixtures chosen for round numbers, not the seeded reference data.
 */
@DisplayName("Duty and tax assessment")
class DutyAssessmentTest {
  static final LocalDate DAY = LocalDate.of(2026, 3, 10);

  static final TariffLine BEER = line("22030091", "0.35", null, "0.10", "0.65", "0");
  static final TariffLine SHRIMP =
      line(
          "03061721",
          "0.15",
          Map.of(
              TradeAgreement.ATIGA,
              new BigDecimal("0"),
              TradeAgreement.ACFTA,
              new BigDecimal("0.05")),
          "0.05",
          null,
          "0");
  static final TariffLine PHONES =
      line("85171300", "0", Map.of(TradeAgreement.ATIGA, BigDecimal.ZERO), "0.10", null, "0");
  static final TariffLine LAPTOPS =
      line("84713020", "0", Map.of(TradeAgreement.ATIGA, BigDecimal.ZERO), "0.10", null, "0");
  static final TariffLine CRUDE = line("27090010", "0.05", null, "0.10", null, "0.10");
  static final TariffLine SHIRTS =
      line(
          "61091010",
          "0.20",
          Map.of(TradeAgreement.AKFTA, new BigDecimal("0.25")),
          "0.08",
          null,
          "0");
  static final TariffLine GENERIC = line("39159000", "0.10", null, "0.10", null, "0");

  static final TariffBook TARIFF =
      TariffBook.of(
          Map.of(
              BEER.hsCode(),
              BEER,
              SHRIMP.hsCode(),
              SHRIMP,
              PHONES.hsCode(),
              PHONES,
              LAPTOPS.hsCode(),
              LAPTOPS,
              CRUDE.hsCode(),
              CRUDE,
              SHIRTS.hsCode(),
              SHIRTS,
              GENERIC.hsCode(),
              GENERIC));

  /** USD 25,000 from 1 January, 25,100 from 8 January; JPY 170.25 from 1 January. */
  static final ExchangeRates RATES =
      ExchangeRates.of(
          Map.of(
              "USD",
                  Map.of(
                      LocalDate.of(2026, 1, 1),
                      new BigDecimal("25000"),
                      LocalDate.of(2026, 1, 8),
                      new BigDecimal("25100"),
                      LocalDate.of(2026, 3, 1),
                      new BigDecimal("25000")),
              "JPY", Map.of(LocalDate.of(2026, 1, 1), new BigDecimal("170.25"))));

  static TariffLine line(
      String hs,
      String mfn,
      Map<TradeAgreement, BigDecimal> preferential,
      String vat,
      String sct,
      String export) {
    return new TariffLine(
        hs,
        "mô tả " + hs,
        "description " + hs,
        new BigDecimal(mfn),
        preferential,
        new BigDecimal(vat),
        sct == null ? null : new BigDecimal(sct),
        new BigDecimal(export),
        LocalDate.of(2023, 7, 15));
  }

  static Item item(String hs, String origin, String value, CertificateOfOrigin co) {
    return new Item(
        hs,
        "goods " + hs,
        origin,
        BigDecimal.ONE,
        "C62",
        BigDecimal.TEN,
        BigDecimal.ONE,
        new BigDecimal(value),
        co);
  }

  static DeclarationDocument declaration(Type type, String currency, Item... items) {
    return new DeclarationDocument(
        type,
        type == Type.IMPORT ? "A11" : "B11",
        "0101234567",
        null,
        "03CC",
        "VNHPH",
        DeclarationDocument.TransportMode.SEA,
        "HPH2026110001",
        List.of(),
        new DeclarationDocument.Invoice("INV-1", LocalDate.of(2026, 3, 1)),
        "CIF",
        currency,
        List.of(items));
  }

  static Assessment assess(DeclarationDocument doc) {
    DutyCalculator.Result result = DutyCalculator.assess(doc, TARIFF, RATES, DAY);
    assertThat(result.errors()).isEmpty();
    return result.assessment();
  }

  static Assessment.TaxLine tax(Assessment.ItemAssessment item, String tax) {
    return item.lines().stream().filter(l -> l.tax().equals(tax)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("beer: import duty on the customs value, SCT on value plus duty, VAT on all three")
  void beer() {
    // 1,000 USD at 25,000 VND/USD             customs value  25,000,000
    // import duty 35% x 25,000,000          =                 8,750,000
    // SCT 65% x (25,000,000 + 8,750,000)    = 65% x 33,750,000 = 21,937,500
    // VAT 10% x (33,750,000 + 21,937,500)   = 10% x 55,687,500 =  5,568,750
    // payable 8,750,000 + 21,937,500 + 5,568,750 = 36,256,250
    Assessment a = assess(declaration(Type.IMPORT, "USD", item("22030091", "NL", "1000", null)));

    Assessment.ItemAssessment beer = a.items().get(0);
    assertThat(beer.customsValueVnd()).isEqualByComparingTo("25000000");
    assertThat(beer.lines())
        .extracting(Assessment.TaxLine::tax)
        .containsExactly(Assessment.IMPORT_DUTY, Assessment.SPECIAL_CONSUMPTION, Assessment.VAT);
    assertThat(tax(beer, Assessment.IMPORT_DUTY))
        .isEqualTo(
            new Assessment.TaxLine(
                Assessment.IMPORT_DUTY,
                new BigDecimal("25000000"),
                new BigDecimal("0.35"),
                new BigDecimal("8750000"),
                "MFN"));
    assertThat(tax(beer, Assessment.SPECIAL_CONSUMPTION).base()).isEqualByComparingTo("33750000");
    assertThat(tax(beer, Assessment.SPECIAL_CONSUMPTION).amount()).isEqualByComparingTo("21937500");
    assertThat(tax(beer, Assessment.VAT).base()).isEqualByComparingTo("55687500");
    assertThat(tax(beer, Assessment.VAT).amount()).isEqualByComparingTo("5568750");
    assertThat(a.totalPayable()).isEqualByComparingTo("36256250");
    assertThat(a.exchangeRate()).isEqualByComparingTo("25000");
    assertThat(a.rateDate()).isEqualTo(LocalDate.of(2026, 3, 1));
  }

  @Test
  @DisplayName(
      "the reference shipment: phones at MFN 0%, laptops under ATIGA form D, VAT 10% on both, totals summed")
  void referenceShipment() {
    // phones  40,000 USD x 25,000 = 1,000,000,000; duty 0;  VAT 10% = 100,000,000
    // laptops 30,000 USD x 25,000 =   750,000,000; duty 0 (ATIGA form D, origin MY); VAT 10% =
    // 75,000,000
    // totals: import duty 0 on 1,750,000,000; VAT 175,000,000 on 1,750,000,000; payable 175,000,000
    Assessment a =
        assess(
            declaration(
                Type.IMPORT,
                "USD",
                item("85171300", "CN", "40000", null),
                item("84713020", "MY", "30000", new CertificateOfOrigin("D", "MY-2026-D-000123"))));

    assertThat(tax(a.items().get(0), Assessment.VAT).amount()).isEqualByComparingTo("100000000");
    assertThat(tax(a.items().get(1), Assessment.IMPORT_DUTY).basis()).isEqualTo("ATIGA form D");
    assertThat(tax(a.items().get(1), Assessment.VAT).amount()).isEqualByComparingTo("75000000");
    assertThat(a.totals())
        .containsExactly(
            new Assessment.TaxLine(
                Assessment.IMPORT_DUTY,
                new BigDecimal("1750000000"),
                null,
                BigDecimal.ZERO,
                "TOTAL"),
            new Assessment.TaxLine(
                Assessment.VAT,
                new BigDecimal("1750000000"),
                null,
                new BigDecimal("175000000"),
                "TOTAL"));
    assertThat(a.totalPayable()).isEqualByComparingTo("175000000");
  }

  @Test
  @DisplayName("form D earns the ATIGA rate for ASEAN origin only; other origins pay MFN")
  void formDOnlyForAsean() {
    // 2,000 USD frozen shrimp = 50,000,000 VND customs value.
    // Thai origin, form D: duty 0 (ATIGA); VAT 5% x 50,000,000 = 2,500,000.
    // Chinese origin, form D: MFN 15% = 7,500,000; VAT 5% x 57,500,000 = 2,875,000.
    Assessment a =
        assess(
            declaration(
                Type.IMPORT,
                "USD",
                item("03061721", "TH", "2000", new CertificateOfOrigin("D", "TH-1")),
                item("03061721", "CN", "2000", new CertificateOfOrigin("D", "CN-1"))));

    Assessment.TaxLine thai = tax(a.items().get(0), Assessment.IMPORT_DUTY);
    assertThat(thai.rate()).isEqualByComparingTo("0");
    assertThat(thai.amount()).isEqualByComparingTo("0");
    assertThat(thai.basis()).isEqualTo("ATIGA form D");
    assertThat(tax(a.items().get(0), Assessment.VAT).amount()).isEqualByComparingTo("2500000");

    Assessment.TaxLine chinese = tax(a.items().get(1), Assessment.IMPORT_DUTY);
    assertThat(chinese.rate()).isEqualByComparingTo("0.15");
    assertThat(chinese.amount()).isEqualByComparingTo("7500000");
    assertThat(chinese.basis()).isEqualTo("MFN (form D does not cover origin CN)");
    assertThat(tax(a.items().get(1), Assessment.VAT).amount()).isEqualByComparingTo("2875000");
  }

  @Test
  @DisplayName("form E earns the ACFTA rate for Chinese origin; no certificate means MFN")
  void formEAndNoCertificate() {
    // 2,000 USD = 50,000,000 VND. Form E, origin CN: ACFTA 5% = 2,500,000. No C/O, origin TH: MFN
    // 15% = 7,500,000.
    Assessment a =
        assess(
            declaration(
                Type.IMPORT,
                "USD",
                item("03061721", "CN", "2000", new CertificateOfOrigin("E", "E-1")),
                item("03061721", "TH", "2000", null)));

    assertThat(tax(a.items().get(0), Assessment.IMPORT_DUTY))
        .extracting(Assessment.TaxLine::amount, Assessment.TaxLine::basis)
        .containsExactly(new BigDecimal("2500000"), "ACFTA form E");
    assertThat(tax(a.items().get(1), Assessment.IMPORT_DUTY))
        .extracting(Assessment.TaxLine::amount, Assessment.TaxLine::basis)
        .containsExactly(new BigDecimal("7500000"), "MFN");
  }

  @Test
  @DisplayName(
      "a preferential rate above MFN is not applied, and a line without the agreement's rate pays MFN")
  void preferentialNotBetterOrMissing() {
    // 100 USD = 2,500,000 VND. Korean shirts with form AK: the AKFTA rate 25% is above MFN 20%, so
    // MFN
    // 500,000. Singaporean shirts with form D: origin covered, but the line has no ATIGA rate: MFN
    // 500,000.
    Assessment a =
        assess(
            declaration(
                Type.IMPORT,
                "USD",
                item("61091010", "KR", "100", new CertificateOfOrigin("AK", "KR-1")),
                item("61091010", "SG", "100", new CertificateOfOrigin("D", "SG-1"))));

    assertThat(tax(a.items().get(0), Assessment.IMPORT_DUTY))
        .extracting(Assessment.TaxLine::amount, Assessment.TaxLine::basis)
        .containsExactly(new BigDecimal("500000"), "MFN (lower than the AKFTA rate)");
    assertThat(tax(a.items().get(1), Assessment.IMPORT_DUTY))
        .extracting(Assessment.TaxLine::amount, Assessment.TaxLine::basis)
        .containsExactly(new BigDecimal("500000"), "MFN (no ATIGA rate for this line)");
  }

  @Test
  @DisplayName("the customs value rounds half up at exactly half a dong")
  void customsValueRoundsHalfUp() {
    ExchangeRates rates =
        ExchangeRates.of(Map.of("THB", Map.of(LocalDate.of(2026, 1, 1), new BigDecimal("25"))));
    // A rate of 25 VND per baht puts values of 0.02 and 0.10 THB exactly on half a dong:
    // 0.02 x 25 = 0.5 -> 1 (half even would give 0); 0.10 x 25 = 2.5 -> 3 (half even: 2).
    DutyCalculator.Result result =
        DutyCalculator.assess(
            declaration(
                Type.IMPORT,
                "THB",
                item("39159000", "TH", "0.02", null),
                item("39159000", "TH", "0.10", null)),
            TARIFF,
            rates,
            DAY);

    assertThat(result.assessment().items())
        .extracting(Assessment.ItemAssessment::customsValueVnd)
        .containsExactly(new BigDecimal("1"), new BigDecimal("3"));
  }

  @Test
  @DisplayName("each tax line rounds half up, and the rounded duty enters the VAT base")
  void taxLinesRoundHalfUp() {
    // 4.20 THB x 25 = 105 VND customs value.
    // duty 10% x 105 = 10.5 -> 11 (half up; half even would give 10)
    // VAT 10% x (105 + 11) = 11.6 -> 12; VAT base is 116, built on the rounded duty
    ExchangeRates rates =
        ExchangeRates.of(Map.of("THB", Map.of(LocalDate.of(2026, 1, 1), new BigDecimal("25"))));
    Assessment a =
        DutyCalculator.assess(
                declaration(Type.IMPORT, "THB", item("39159000", "TH", "4.20", null)),
                TARIFF,
                rates,
                DAY)
            .assessment();

    assertThat(a.items().get(0).customsValueVnd()).isEqualByComparingTo("105");
    assertThat(tax(a.items().get(0), Assessment.IMPORT_DUTY).amount())
        .isEqualTo(new BigDecimal("11"));
    assertThat(tax(a.items().get(0), Assessment.VAT).base()).isEqualTo(new BigDecimal("116"));
    assertThat(tax(a.items().get(0), Assessment.VAT).amount()).isEqualTo(new BigDecimal("12"));
    assertThat(a.totalPayable()).isEqualTo(new BigDecimal("23"));
  }

  @Test
  @DisplayName("an export pays export duty only: no VAT, no special consumption tax")
  void exportDutyOnly() {
    // 500,000 USD crude oil x 25,000 = 12,500,000,000 VND; export duty 10% = 1,250,000,000
    Assessment a = assess(declaration(Type.EXPORT, "USD", item("27090010", "VN", "500000", null)));

    assertThat(a.items().get(0).lines())
        .containsExactly(
            new Assessment.TaxLine(
                Assessment.EXPORT_DUTY,
                new BigDecimal("12500000000"),
                new BigDecimal("0.10"),
                new BigDecimal("1250000000"),
                "MFN"));
    assertThat(a.totals())
        .extracting(Assessment.TaxLine::tax)
        .containsExactly(Assessment.EXPORT_DUTY);
    assertThat(a.totalPayable()).isEqualByComparingTo("1250000000");
  }

  @Test
  @DisplayName(
      "the exchange rate is the latest published on or before the assessment date; the dong is 1")
  void rateInForce() {
    assertThat(RATES.rate("USD", LocalDate.of(2026, 1, 7)))
        .contains(new ExchangeRates.Rate(new BigDecimal("25000"), LocalDate.of(2026, 1, 1)));
    assertThat(RATES.vndPer("USD", LocalDate.of(2026, 1, 8))).contains(new BigDecimal("25100"));
    assertThat(RATES.vndPer("USD", LocalDate.of(2026, 2, 28))).contains(new BigDecimal("25100"));
    assertThat(RATES.vndPer("USD", LocalDate.of(2025, 12, 31))).isEmpty();
    assertThat(RATES.vndPer("EUR", DAY)).isEmpty();
    assertThat(RATES.vndPer("VND", DAY)).contains(BigDecimal.ONE);

    // 100,000 VND invoice: customs value is the value itself.
    Assessment vnd =
        assess(declaration(Type.IMPORT, "VND", item("39159000", "TH", "100000", null)));
    assertThat(vnd.items().get(0).customsValueVnd()).isEqualByComparingTo("100000");
  }

  @Test
  @DisplayName(
      "an HS code not in the tariff and a currency without a rate are errors at their pointers")
  void unknownHsAndCurrency() {
    DutyCalculator.Result result =
        DutyCalculator.assess(
            declaration(
                Type.IMPORT,
                "EUR",
                item("85171300", "CN", "10", null),
                item("99999999", "CN", "10", null)),
            TARIFF,
            RATES,
            DAY);

    assertThat(result.assessed()).isFalse();
    assertThat(result.assessment()).isNull();
    assertThat(result.errors())
        .extracting(FieldError::pointer)
        .containsExactly("/currency", "/items/1/hsCode");
    assertThat(result.errors().get(1).detail()).contains("not in the tariff");
  }

  @Test
  @DisplayName("a date before the first published rate is an error on the currency")
  void noRateYet() {
    DutyCalculator.Result result =
        DutyCalculator.assess(
            declaration(Type.IMPORT, "USD", item("85171300", "CN", "10", null)),
            TARIFF,
            RATES,
            LocalDate.of(2025, 12, 31));

    assertThat(result.errors()).extracting(FieldError::pointer).containsExactly("/currency");
  }

  @Test
  @DisplayName("a tariff line not yet in force on the assessment date is not in the tariff")
  void lineNotYetInForce() {
    TariffLine future =
        new TariffLine(
            "85171300",
            "vi",
            "en",
            BigDecimal.ZERO,
            null,
            new BigDecimal("0.10"),
            null,
            BigDecimal.ZERO,
            LocalDate.of(2027, 1, 1));
    DutyCalculator.Result result =
        DutyCalculator.assess(
            declaration(Type.IMPORT, "USD", item("85171300", "CN", "10", null)),
            TariffBook.of(Map.of("85171300", future)),
            RATES,
            DAY);

    assertThat(result.errors()).extracting(FieldError::pointer).containsExactly("/items/0/hsCode");
  }

  @Test
  @DisplayName("the JSON carries amounts and rates as exact decimal strings")
  void json() {
    JsonObject json =
        assess(declaration(Type.IMPORT, "USD", item("22030091", "NL", "1000", null))).toJson();

    assertThat(json.getString("currency")).isEqualTo("USD");
    assertThat(json.getString("exchangeRate")).isEqualTo("25000");
    assertThat(json.getString("rateDate")).isEqualTo("2026-03-01");
    assertThat(json.getString("totalPayable")).isEqualTo("36256250");
    JsonObject item = json.getJsonArray("items").getJsonObject(0);
    assertThat(item.getInteger("index")).isZero();
    assertThat(item.getString("customsValueVnd")).isEqualTo("25000000");
    JsonObject sct = item.getJsonArray("lines").getJsonObject(1);
    assertThat(sct.getMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "tax",
                "SPECIAL_CONSUMPTION",
                "base",
                "33750000",
                "rate",
                "0.65",
                "amount",
                "21937500",
                "basis",
                "SCT"));
    JsonObject total = json.getJsonArray("totals").getJsonObject(0);
    assertThat(total.containsKey("rate")).isFalse();
    assertThat(total.getString("amount")).isEqualTo("8750000");
  }

  @Test
  @DisplayName("a certificate form resolves to its agreement only for member origins")
  void agreements() {
    assertThat(TradeAgreement.claimed("D", "KH")).contains(TradeAgreement.ATIGA);
    assertThat(TradeAgreement.claimed("D", "CN")).isEmpty();
    assertThat(TradeAgreement.claimed("E", "CN")).contains(TradeAgreement.ACFTA);
    assertThat(TradeAgreement.claimed("EUR.1", "DE")).contains(TradeAgreement.EVFTA);
    assertThat(TradeAgreement.claimed("EUR.1", "GB")).contains(TradeAgreement.UKVFTA);
    assertThat(TradeAgreement.claimed("EUR.1", "US")).isEmpty();
    assertThat(TradeAgreement.ATIGA.members()).hasSize(10).containsAll(TradeAgreement.ASEAN);
  }
}
