package vn.customs.digital.api.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.declarations.DeclarationDocument;
import vn.customs.digital.api.declarations.DeclarationValidator;
import vn.customs.digital.api.declarations.ReferenceCodes;
import vn.customs.digital.testing.ReferenceDeclaration;

/**
 * The seeded tariff and exchange rates, loaded from the migrated database over a real connection.
 */
@DisplayName("Assessment against the seeded reference data")
class ReferenceDataAssessmentTest {
  static TariffBook tariff;
  static ExchangeRates rates;

  @BeforeAll
  static void load() throws Exception {
    Pool pool = TestApi.shared().pool();
    tariff =
        TariffBook.load(pool).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    rates =
        ExchangeRates.load(pool)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
  }

  static JsonObject reference() {
    return new JsonObject(ReferenceDeclaration.payload());
  }

  @Test
  @DisplayName(
      "the tariff holds at least 40 lines, the reference HS codes among them with their rates")
  void tariffSeed() {
    assertThat(tariff.size()).isGreaterThanOrEqualTo(40);
    TariffLine phones = tariff.line("85171300").orElseThrow();
    assertThat(phones.mfnImportRate()).isEqualByComparingTo("0");
    assertThat(phones.vatRate()).isEqualByComparingTo("0.10");
    assertThat(phones.specialConsumptionRate()).isNull();
    TariffLine laptops = tariff.line("84713020").orElseThrow();
    assertThat(laptops.preferentialRate(TradeAgreement.ATIGA))
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0"));
    TariffLine beer = tariff.line("22030091").orElseThrow();
    assertThat(beer.mfnImportRate()).isEqualByComparingTo("0.35");
    assertThat(beer.specialConsumptionRate()).isEqualByComparingTo("0.65");
    assertThat(tariff.line("24022090").orElseThrow().mfnImportRate()).isEqualByComparingTo("1.35");
    assertThat(tariff.line("10063099").orElseThrow().vatRate()).isEqualByComparingTo("0.05");
  }

  @Test
  @DisplayName("every seeded currency has a rate on every day of 2026 and 2027, none before")
  void ratesSeed() {
    for (String currency :
        List.of(
            "USD", "EUR", "JPY", "CNY", "KRW", "SGD", "THB", "MYR", "AUD", "GBP", "HKD", "TWD",
            "INR", "IDR", "PHP", "LAK", "KHR", "CHF", "CAD")) {
      assertThat(ReferenceCodes.CURRENCIES).contains(currency);
      assertThat(rates.rate(currency, LocalDate.of(2026, 1, 1)))
          .hasValueSatisfying(
              r -> {
                assertThat(r.validOn()).isEqualTo(LocalDate.of(2026, 1, 1));
                assertThat(r.vndPerUnit()).isPositive();
              });
      assertThat(rates.rate(currency, LocalDate.of(2027, 12, 31)).orElseThrow().validOn())
          .isEqualTo(LocalDate.of(2027, 12, 31));
      assertThat(rates.rate(currency, LocalDate.of(2025, 12, 31))).isEmpty();
    }
    // 2026-11-23 is day 326 of the series, week 46: 26,300 x (1 + 0.0005 x 46) = 26,904.9 ->
    // 26,905.
    assertThat(rates.vndPer("USD", LocalDate.of(2026, 11, 23)))
        .contains(new BigDecimal("26905.0000"));
  }

  @Test
  @DisplayName(
      "the reference declaration is assessed from the database: no duty, 10% VAT on both items")
  void referenceDeclaration() throws IOException {
    LocalDate today = LocalDate.of(2026, 11, 23);
    DeclarationDocument doc = DeclarationValidator.validate(reference(), today).document();

    DutyCalculator.Result result = DutyCalculator.assess(doc, tariff, rates, today);

    // phones  40,000 USD x 26,905 = 1,076,200,000; duty 0 (MFN); VAT 107,620,000
    // laptops 30,000 USD x 26,905 =   807,150,000; duty 0 (ATIGA form D, origin MY); VAT 80,715,000
    assertThat(result.errors()).isEmpty();
    Assessment a = result.assessment();
    assertThat(a.items())
        .extracting(Assessment.ItemAssessment::customsValueVnd)
        .containsExactly(new BigDecimal("1076200000"), new BigDecimal("807150000"));
    assertThat(a.items().get(1).lines().get(0).basis()).isEqualTo("ATIGA form D");
    assertThat(a.totalPayable()).isEqualByComparingTo("188335000");
  }
}
