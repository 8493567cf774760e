package vn.customs.digital.api.procedures;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import vn.customs.digital.api.http.Language;

/** A procedure as a page of the catalogue lists it, in both languages. */
record ProcedureSummary(
    String code,
    String category,
    int serviceLevel,
    String titleVi,
    String titleEn,
    String summaryVi,
    String summaryEn,
    String agencyVi,
    String agencyEn) {

  /** From a row with ProcedureSql's summary columns. */
  static ProcedureSummary of(Row row) {
    return new ProcedureSummary(
        row.getString("code"),
        row.getString("category"),
        row.getInteger("service_level"),
        row.getString("title_vi"),
        row.getString("title_en"),
        row.getString("summary_vi"),
        row.getString("summary_en"),
        row.getString("agency_vi"),
        row.getString("agency_en"));
  }

  JsonObject json(Language lang) {
    boolean en = lang == Language.EN;
    return new JsonObject()
        .put("code", code)
        .put("title", en ? titleEn : titleVi)
        .put("summary", en ? summaryEn : summaryVi)
        .put("category", category)
        .put("serviceLevel", serviceLevel)
        .put("agency", en ? agencyEn : agencyVi);
  }

  /** One result of a search (score) or of a listing (no score). */
  record Hit(ProcedureSummary procedure, Double score) {}
}
