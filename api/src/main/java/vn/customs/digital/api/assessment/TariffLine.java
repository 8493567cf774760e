package vn.customs.digital.api.assessment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One 8-digit line of Vietnam's export and import tariff (AHTN 2022 nomenclature; rates of Decree
 * 26/2023/ND-CP and the FTA decrees). Rates are fractions: 0.1500 is 15%.
 *
 * @param preferentialRates special preferential import rates by agreement, only where one is set
 * @param specialConsumptionRate special consumption tax rate, or null when the goods bear none
 */
public record TariffLine(
    String hsCode,
    String descriptionVi,
    String descriptionEn,
    BigDecimal mfnImportRate,
    Map<TradeAgreement, BigDecimal> preferentialRates,
    BigDecimal vatRate,
    BigDecimal specialConsumptionRate,
    BigDecimal exportRate,
    LocalDate validFrom) {

  public TariffLine {
    Objects.requireNonNull(hsCode, "hsCode");
    Objects.requireNonNull(mfnImportRate, "mfnImportRate");
    Objects.requireNonNull(vatRate, "vatRate");
    Objects.requireNonNull(exportRate, "exportRate");
    Objects.requireNonNull(validFrom, "validFrom");
    preferentialRates = preferentialRates == null ? Map.of() : Map.copyOf(preferentialRates);
  }

  public Optional<BigDecimal> preferentialRate(TradeAgreement agreement) {
    return Optional.ofNullable(preferentialRates.get(agreement));
  }
}
