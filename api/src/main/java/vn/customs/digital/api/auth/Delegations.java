package vn.customs.digital.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import vn.customs.digital.problems.Problem;

/** A trader's grants to brokers: grant (naturally idempotent), list the active ones, revoke. */
public final class Delegations {

  record Delegation(
      String enterpriseTaxCode,
      String brokerTaxCode,
      Instant validUntil,
      Instant grantedAt,
      String grantedBy) {
    JsonObject toJson() {
      return new JsonObject()
          .put("enterpriseTaxCode", enterpriseTaxCode)
          .put("brokerTaxCode", brokerTaxCode)
          .put("validUntil", validUntil == null ? null : validUntil.toString())
          .put("grantedAt", grantedAt.toString())
          .put("grantedBy", grantedBy);
    }

    static Delegation of(Row row) {
      OffsetDateTime until = row.getOffsetDateTime("valid_until");
      return new Delegation(
          row.getString("enterprise_tax_code"),
          row.getString("broker_tax_code"),
          until == null ? null : until.toInstant(),
          row.getOffsetDateTime("granted_at").toInstant(),
          row.getString("granted_by"));
    }
  }

  record Grant(Delegation delegation, boolean created) {}

  private final Pool pool;
  private final Clock clock;

  public Delegations(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * The same grant again answers the current one ({@code created == false}); a current grant to the
   * same broker with another validity is a 409 (revoke it first); a lapsed one is ended and
   * replaced.
   */
  Future<Grant> grant(String enterprise, String broker, Instant validUntil, String by) {
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    OffsetDateTime until = validUntil == null ? null : validUntil.atOffset(ZoneOffset.UTC);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(IdentitySql.END_LAPSED)
                .execute(Tuple.of(enterprise, broker, now))
                .compose(
                    v ->
                        conn.preparedQuery(IdentitySql.CURRENT_DELEGATION)
                            .execute(Tuple.of(enterprise, broker)))
                .compose(
                    current -> {
                      if (current.size() > 0) {
                        return Future.succeededFuture(sameOrConflict(current, validUntil));
                      }
                      return conn.preparedQuery(IdentitySql.COUNT_ACTIVE_DELEGATIONS)
                          .execute(Tuple.of(enterprise, now))
                          .compose(
                              count -> {
                                if (count.iterator().next().getLong("n")
                                    >= IdentitySql.MAX_ACTIVE_DELEGATIONS) {
                                  return Future.failedFuture(
                                      Problem.conflict(
                                              "delegation-limit",
                                              "an enterprise has at most "
                                                  + IdentitySql.MAX_ACTIVE_DELEGATIONS
                                                  + " active delegations")
                                          .exception());
                                }
                                return conn.preparedQuery(IdentitySql.GRANT)
                                    .execute(Tuple.of(enterprise, broker, until, now, by))
                                    .compose(
                                        inserted ->
                                            inserted.size() > 0
                                                ? Future.succeededFuture(
                                                    new Grant(
                                                        Delegation.of(inserted.iterator().next()),
                                                        true))
                                                : conn.preparedQuery(IdentitySql.CURRENT_DELEGATION)
                                                    .execute(Tuple.of(enterprise, broker))
                                                    .map(
                                                        again ->
                                                            sameOrConflict(again, validUntil)));
                              });
                    }));
  }

  private static Grant sameOrConflict(RowSet<Row> rows, Instant validUntil) {
    Delegation existing = Delegation.of(rows.iterator().next());
    boolean same =
        existing.validUntil() == null
            ? validUntil == null
            : validUntil != null && existing.validUntil().equals(validUntil);
    if (!same) {
      throw Problem.conflict(
              "delegation-conflict",
              "a delegation to broker "
                  + existing.brokerTaxCode()
                  + " is already in force with another validity; revoke it first")
          .exception();
    }
    return new Grant(existing, false);
  }

  Future<List<Delegation>> active(String enterprise) {
    return pool.preparedQuery(IdentitySql.DELEGATIONS_OF)
        .execute(Tuple.of(enterprise, clock.instant().atOffset(ZoneOffset.UTC)))
        .map(
            rows -> {
              List<Delegation> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(Delegation.of(r)));
              return out;
            });
  }

  /**
   * The delegations in force to a broker (its principals), by enterprise tax code, after {@code
   * after} (or from the first), at most {@code limit}.
   */
  Future<List<Delegation>> toBroker(String broker, String after, int limit) {
    return pool.preparedQuery(IdentitySql.PRINCIPALS_OF)
        .execute(Tuple.of(broker, clock.instant().atOffset(ZoneOffset.UTC), after, limit))
        .map(
            rows -> {
              List<Delegation> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(Delegation.of(r)));
              return out;
            });
  }

  Future<Boolean> revoke(String enterprise, String broker, String by) {
    return pool.preparedQuery(IdentitySql.REVOKE_DELEGATION)
        .execute(Tuple.of(enterprise, broker, clock.instant().atOffset(ZoneOffset.UTC), by))
        .map(rows -> rows.size() > 0);
  }
}
