package vn.customs.digital.api.declarations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.problems.Problem;

/** Reading declarations, tenant by tenant: what a caller may not see does not exist for it. */
public final class Declarations {
  private Declarations() {}

  /** A declaration at its current version. */
  public record Declaration(
      UUID id,
      String number,
      String enterpriseTaxCode,
      String brokerTaxCode,
      String type,
      DeclarationStatus status,
      String channel,
      int version,
      JsonObject document,
      String signedJws,
      String signingKid,
      JsonObject assessment,
      JsonArray reasons,
      BigDecimal totalPayableVnd,
      String customsOfficeCode,
      String borderGateCode,
      Instant createdAt,
      Instant submittedAt,
      Instant releasedAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id.toString())
          .put("number", number)
          .put("status", status.name())
          .put("channel", channel)
          .put("version", version)
          .put("type", type)
          .put("enterpriseTaxCode", enterpriseTaxCode)
          .put("brokerTaxCode", brokerTaxCode)
          .put("customsOfficeCode", customsOfficeCode)
          .put("borderGateCode", borderGateCode)
          .put("reasons", reasons == null ? new JsonArray() : reasons)
          .put("totalPayableVnd", totalPayableVnd == null ? null : totalPayableVnd.toPlainString())
          .put("assessment", assessment)
          .put("declaration", document)
          .put("signed", signedJws != null)
          .put("signingKid", signingKid)
          .put("createdAt", createdAt.toString())
          .put("submittedAt", submittedAt == null ? null : submittedAt.toString())
          .put("releasedAt", releasedAt == null ? null : releasedAt.toString());
    }
  }

  /** Any declaration by id, without tenant check: for officers, devices and workflows. */
  public static Future<Declaration> byId(SqlClient client, UUID id) {
    return client
        .preparedQuery(DeclarationSql.ONE)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("no declaration " + id).exception();
              }
              return from(rows.iterator().next());
            });
  }

  /**
   * The declaration if the caller may act for its enterprise ({@link Tenancy#mayActFor}); 404
   * otherwise, whether or not it exists.
   */
  public static Future<Declaration> visible(
      SqlClient client, Tenancy tenancy, Caller caller, UUID id) {
    return byId(client, id)
        .compose(
            d ->
                tenancy
                    .mayActFor(client, caller, d.enterpriseTaxCode())
                    .compose(
                        may ->
                            may
                                ? Future.succeededFuture(d)
                                : Future.failedFuture(
                                    Problem.notFound("no declaration " + id).exception())));
  }

  /**
   * The declaration if the caller may read it: a trader or broker as {@link #visible}; an officer
   * when it is declared at one of the officer's offices (the token's offices claim), or when it was
   * handed to that officer or inspected by them; 404 otherwise, whether or not it exists, as across
   * enterprises. Other roles read no declaration here.
   */
  public static Future<Declaration> readable(
      SqlClient client, Tenancy tenancy, Caller caller, UUID id) {
    return caller.role() == Role.OFFICER
        ? officers(client, caller, id)
        : visible(client, tenancy, caller, id);
  }

  /**
   * The declaration if the officer may read it and act on it: declared at one of the officer's
   * offices (the token's offices claim), or handed to that officer or inspected by them; 404
   * otherwise, whether or not it exists. Officers' decisions (inspection, reroute, hold, lift, exit
   * gate, cancellation) read it through here in their transaction, so an officer of another office
   * changes nothing either.
   */
  public static Future<Declaration> officers(SqlClient client, Caller caller, UUID id) {
    return byId(client, id)
        .compose(
            d ->
                caller.offices().contains(d.customsOfficeCode())
                    ? Future.succeededFuture(d)
                    : client
                        .preparedQuery(DeclarationSql.OFFICER_CONCERNED)
                        .execute(Tuple.of(id, caller.subject()))
                        .compose(
                            rows ->
                                rows.size() > 0
                                    ? Future.succeededFuture(d)
                                    : Future.failedFuture(
                                        Problem.notFound("no declaration " + id).exception())));
  }

  static Declaration from(Row r) {
    return new Declaration(
        r.getUUID("id"),
        trim(r.getString("number")),
        r.getString("enterprise_tax_code"),
        r.getString("broker_tax_code"),
        r.getString("type"),
        DeclarationStatus.valueOf(r.getString("status")),
        r.getString("channel"),
        r.getInteger("version"),
        r.getJsonObject("document"),
        r.getString("signed_jws"),
        r.getString("signing_kid"),
        r.getJsonObject("assessment"),
        (JsonArray) r.getValue("reasons"),
        r.getBigDecimal("total_payable_vnd"),
        r.getString("customs_office_code"),
        r.getString("border_gate_code"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("submitted_at")),
        instant(r.getOffsetDateTime("released_at")));
  }

  static JsonObject summary(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("number", trim(r.getString("number")))
        .put("status", r.getString("status"))
        .put("channel", r.getString("channel"))
        .put("type", r.getString("type"))
        .put("version", r.getInteger("version"))
        .put("enterpriseTaxCode", r.getString("enterprise_tax_code"))
        .put("brokerTaxCode", r.getString("broker_tax_code"))
        .put(
            "totalPayableVnd",
            r.getBigDecimal("total_payable_vnd") == null
                ? null
                : r.getBigDecimal("total_payable_vnd").toPlainString())
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
        .put(
            "submittedAt",
            r.getOffsetDateTime("submitted_at") == null
                ? null
                : r.getOffsetDateTime("submitted_at").toInstant().toString());
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
