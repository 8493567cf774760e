package vn.customs.digital.api.assessment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.customs.digital.problems.Problem.FieldError;

/**
 * Assesses the duties and taxes of a validated declaration's {@link Goods}: a pure function of the
 * goods, a tariff snapshot, an exchange-rate snapshot and the assessment date. No I/O, no clock.
 *
 * <p>Rules (Law on Export and Import Duties 2016, Law on Special Consumption Tax, Law on VAT):
 *
 * <ol>
 *   <li>Customs value per item, VND = declared value x exchange rate of the currency in force on
 *       the assessment date, rounded HALF_UP to a whole dong. The declared value is the customs
 *       value: CIF is assumed on imports; for FOB, EXW and other terms the freight and insurance to
 *       the first Vietnamese port are not declared in this payload, so no adjustment is made.
 *   <li>Import duty = customs value x rate. The rate is the special preferential rate of an
 *       agreement when the item carries a certificate of origin whose form claims that agreement,
 *       the declared origin is a member of it, and the tariff line has a rate for it (a tie goes to
 *       the agreement claimed); the MFN rate otherwise, and also when it is lower.
 *   <li>Special consumption tax = (customs value + import duty) x SCT rate, only for goods that
 *       bear it (cars, motorcycles over 125 cc, beer, wine, spirits, tobacco, petrol...).
 *   <li>VAT = (customs value + import duty + SCT) x VAT rate.
 *   <li>Exports: export duty = customs value x export rate; no VAT and no SCT.
 * </ol>
 *
 * Each tax line is rounded HALF_UP to a whole dong before entering the next base; totals add the
 * rounded lines, so the total always equals the sum of what is shown.
 */
public final class DutyCalculator {
  private static final String MFN = "MFN";

  private DutyCalculator() {}

  /** Either an assessment or the reasons there is none, at the declaration's JSON pointers. */
  public record Result(Assessment assessment, List<FieldError> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    public boolean assessed() {
      return assessment != null;
    }
  }

  public static Result assess(
      Goods goods, TariffBook tariff, ExchangeRates rates, LocalDate assessmentDate) {
    List<FieldError> errors = new ArrayList<>();
    Optional<ExchangeRates.Rate> rate = rates.rate(goods.currency(), assessmentDate);
    if (rate.isEmpty()) {
      errors.add(
          new FieldError(
              "/currency",
              "no customs exchange rate for " + goods.currency() + " on " + assessmentDate));
    }
    List<TariffLine> lines = new ArrayList<>();
    for (int i = 0; i < goods.items().size(); i++) {
      String hs = goods.items().get(i).hsCode();
      Optional<TariffLine> line = tariff.line(hs);
      if (line.isEmpty()) {
        errors.add(new FieldError("/items/" + i + "/hsCode", hs + " is not in the tariff"));
      } else if (line.get().validFrom().isAfter(assessmentDate)) {
        errors.add(
            new FieldError(
                "/items/" + i + "/hsCode",
                hs + " is not in the tariff before " + line.get().validFrom()));
      }
      lines.add(line.orElse(null));
    }
    if (!errors.isEmpty()) {
      return new Result(null, errors);
    }

    BigDecimal vndPerUnit = rate.get().vndPerUnit();
    List<Assessment.ItemAssessment> items = new ArrayList<>();
    Map<String, BigDecimal[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < goods.items().size(); i++) {
      Goods.Item item = goods.items().get(i);
      TariffLine line = lines.get(i);
      BigDecimal customsValue = dong(item.value().multiply(vndPerUnit));
      List<Assessment.TaxLine> taxes =
          goods.export()
              ? List.of(tax(Assessment.EXPORT_DUTY, customsValue, line.exportRate(), MFN))
              : importTaxes(item, line, customsValue);
      for (Assessment.TaxLine tax : taxes) {
        BigDecimal[] sum =
            sums.computeIfAbsent(
                tax.tax(), t -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        sum[0] = sum[0].add(tax.base());
        sum[1] = sum[1].add(tax.amount());
      }
      items.add(new Assessment.ItemAssessment(i, item.hsCode(), customsValue, taxes));
    }
    List<Assessment.TaxLine> totals = new ArrayList<>();
    BigDecimal payable = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal[]> sum : sums.entrySet()) {
      totals.add(
          new Assessment.TaxLine(
              sum.getKey(), sum.getValue()[0], null, sum.getValue()[1], "TOTAL"));
      payable = payable.add(sum.getValue()[1]);
    }
    return new Result(
        new Assessment(goods.currency(), vndPerUnit, rate.get().validOn(), items, totals, payable),
        List.of());
  }

  private static List<Assessment.TaxLine> importTaxes(
      Goods.Item item, TariffLine line, BigDecimal customsValue) {
    List<Assessment.TaxLine> taxes = new ArrayList<>();
    Assessment.TaxLine duty = importDuty(item, line, customsValue);
    taxes.add(duty);
    BigDecimal vatBase = customsValue.add(duty.amount());
    if (line.specialConsumptionRate() != null) {
      Assessment.TaxLine sct =
          tax(
              Assessment.SPECIAL_CONSUMPTION,
              customsValue.add(duty.amount()),
              line.specialConsumptionRate(),
              "SCT");
      taxes.add(sct);
      vatBase = vatBase.add(sct.amount());
    }
    taxes.add(tax(Assessment.VAT, vatBase, line.vatRate(), "VAT"));
    return taxes;
  }

  private static Assessment.TaxLine importDuty(
      Goods.Item item, TariffLine line, BigDecimal customsValue) {
    BigDecimal rate = line.mfnImportRate();
    String basis = MFN;
    String form = item.certificateForm();
    if (form != null) {
      Optional<TradeAgreement> agreement = TradeAgreement.claimed(form, item.origin());
      Optional<BigDecimal> preferential = agreement.flatMap(line::preferentialRate);
      if (preferential.isPresent() && preferential.get().compareTo(rate) <= 0) {
        rate = preferential.get();
        basis = agreement.get().basis();
      } else if (agreement.isEmpty()) {
        basis = MFN + " (form " + form + " does not cover origin " + item.origin() + ")";
      } else if (preferential.isEmpty()) {
        basis = MFN + " (no " + agreement.get().name() + " rate for this line)";
      } else {
        basis = MFN + " (lower than the " + agreement.get().name() + " rate)";
      }
    }
    return tax(Assessment.IMPORT_DUTY, customsValue, rate, basis);
  }

  private static Assessment.TaxLine tax(
      String tax, BigDecimal base, BigDecimal rate, String basis) {
    return new Assessment.TaxLine(tax, base, rate, dong(base.multiply(rate)), basis);
  }

  /** Whole dong, half up: 0.5 dong and above rounds up, as the tax administration rounds. */
  static BigDecimal dong(BigDecimal amount) {
    return amount.setScale(0, RoundingMode.HALF_UP);
  }
}
