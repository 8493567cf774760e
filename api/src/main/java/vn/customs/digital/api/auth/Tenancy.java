package vn.customs.digital.api.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Whose data a caller may touch. A trader acts for its own enterprise; a broker for enterprises
 * with an active delegation to it; nobody else acts for an enterprise (officers have their own
 * routes). Callers that answer "no" should answer 404, so the existence of another enterprise's
 * data is never revealed.
 */
public final class Tenancy {
  private final Pool pool;
  private final Clock clock;

  public Tenancy(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * The one rule of a delegation in force, as SQL on the {@code delegation} row {@code alias}, at
   * the time of parameter {@code $nowParameter} (the injected clock's: every reader of delegations
   * uses this, so no two clocks can disagree at the edge of a delegation's validity).
   */
  public static String delegationInForce(String alias, int nowParameter) {
    return "("
        + alias
        + ".ended_at is null and ("
        + alias
        + ".valid_until is null or "
        + alias
        + ".valid_until > $"
        + nowParameter
        + "))";
  }

  /** The time the delegation rule is checked at: now, by the injected clock, as a SQL parameter. */
  public OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  public Future<Boolean> mayActFor(Caller caller, String enterpriseTaxCode) {
    return mayActFor(pool, caller, enterpriseTaxCode);
  }

  /**
   * As {@link #mayActFor(Caller, String)}, on the given client (a transaction's own connection).
   */
  public Future<Boolean> mayActFor(SqlClient client, Caller caller, String enterpriseTaxCode) {
    if (caller == null
        || enterpriseTaxCode == null
        || !Caller.TAX_CODE.matcher(enterpriseTaxCode).matches()) {
      return Future.succeededFuture(false);
    }
    return switch (caller.role()) {
      case TRADER -> Future.succeededFuture(caller.taxCode().equals(enterpriseTaxCode));
      case BROKER ->
          client
              .preparedQuery(IdentitySql.DELEGATION_ACTIVE)
              .execute(Tuple.of(enterpriseTaxCode, caller.taxCode(), now()))
              .map(rows -> rows.size() > 0);
      default -> Future.succeededFuture(false);
    };
  }

  /** Tax codes of the brokers the enterprise currently delegates to, e.g. to notify them too. */
  public Future<List<String>> brokersOf(String enterpriseTaxCode) {
    return brokersOf(pool, enterpriseTaxCode);
  }

  /**
   * As {@link #brokersOf(String)}, on the given client: a transaction's own connection never waits
   * for another.
   */
  public Future<List<String>> brokersOf(SqlClient client, String enterpriseTaxCode) {
    if (enterpriseTaxCode == null || !Caller.TAX_CODE.matcher(enterpriseTaxCode).matches()) {
      return Future.succeededFuture(List.of());
    }
    return client
        .preparedQuery(IdentitySql.BROKERS_OF)
        .execute(Tuple.of(enterpriseTaxCode, now()))
        .map(
            rows -> {
              List<String> out = new ArrayList<>(rows.size());
              for (Row row : rows) {
                out.add(row.getString(0));
              }
              return List.copyOf(out);
            });
  }

  /**
   * Who hears of a declaration's changes: the trader first, then the brokers it currently delegates
   * to. Read on the given client, so that inside a transaction it is the transaction's own
   * connection.
   */
  public Future<List<String>> recipientsOf(SqlClient client, String traderTaxCode) {
    return brokersOf(client, traderTaxCode)
        .map(
            brokers -> {
              List<String> recipients = new ArrayList<>(brokers);
              recipients.add(0, traderTaxCode);
              return recipients;
            });
  }
}
