package vn.customs.digital.api.assessment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The duties and taxes assessed on a declaration, in Vietnamese dong.
 *
 * <p>How it is computed (see {@link DutyCalculator}): each item's customs value in VND is its
 * declared value times the exchange rate, rounded half-up to a whole dong. On imports: import duty
 * = customs value x (preferential or MFN rate); special consumption tax = (customs value + import
 * duty) x SCT rate, where the goods bear it; VAT = (customs value + import duty + SCT) x VAT rate.
 * On exports: export duty = customs value x export rate, and nothing else. Every tax line is
 * rounded half-up to a whole dong before it enters the next base, and totals are sums of the
 * rounded lines. The declared value is taken as the customs value whatever the Incoterm: freight
 * and insurance adjustments for FOB, EXW and similar terms are not declared in this payload.
 *
 * <p>In JSON, amounts and rates are strings ("12345678", "0.1000") so no decimal is ever lost to a
 * floating-point client.
 *
 * @param exchangeRate VND per unit of {@code currency}
 * @param rateDate the publication date of the exchange rate used
 * @param totals one line per tax, summed over items (rate null: items may differ)
 * @param totalPayable the sum of the totals' amounts
 */
public record Assessment(
    String currency,
    BigDecimal exchangeRate,
    LocalDate rateDate,
    List<ItemAssessment> items,
    List<TaxLine> totals,
    BigDecimal totalPayable) {

  public static final String IMPORT_DUTY = "IMPORT_DUTY";
  public static final String EXPORT_DUTY = "EXPORT_DUTY";
  public static final String SPECIAL_CONSUMPTION = "SPECIAL_CONSUMPTION";
  public static final String VAT = "VAT";

  public Assessment {
    Objects.requireNonNull(currency, "currency");
    items = List.copyOf(items);
    totals = List.copyOf(totals);
  }

  /**
   * One tax on one base.
   *
   * @param tax IMPORT_DUTY, EXPORT_DUTY, SPECIAL_CONSUMPTION or VAT
   * @param base the VND amount taxed
   * @param rate the fraction applied (0.1000 = 10%), null on a total over items
   * @param amount the tax in whole VND
   * @param basis why this rate: "MFN", "ATIGA form D", "VAT", "TOTAL"...
   */
  public record TaxLine(
      String tax, BigDecimal base, BigDecimal rate, BigDecimal amount, String basis) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("tax", tax).put("base", base.toPlainString());
      if (rate != null) {
        json.put("rate", rate.toPlainString());
      }
      return json.put("amount", amount.toPlainString()).put("basis", basis);
    }
  }

  /**
   * @param index the item's position in the declaration, from 0 as in its JSON pointer
   */
  public record ItemAssessment(
      int index, String hsCode, BigDecimal customsValueVnd, List<TaxLine> lines) {
    public ItemAssessment {
      lines = List.copyOf(lines);
    }

    public JsonObject toJson() {
      JsonArray taxes = new JsonArray();
      lines.forEach(line -> taxes.add(line.toJson()));
      return new JsonObject()
          .put("index", index)
          .put("hsCode", hsCode)
          .put("customsValueVnd", customsValueVnd.toPlainString())
          .put("lines", taxes);
    }
  }

  public JsonObject toJson() {
    JsonArray itemArray = new JsonArray();
    items.forEach(item -> itemArray.add(item.toJson()));
    JsonArray totalArray = new JsonArray();
    totals.forEach(line -> totalArray.add(line.toJson()));
    return new JsonObject()
        .put("currency", currency)
        .put("exchangeRate", exchangeRate.toPlainString())
        .put("rateDate", rateDate.toString())
        .put("items", itemArray)
        .put("totals", totalArray)
        .put("totalPayable", totalPayable.toPlainString());
  }
}
