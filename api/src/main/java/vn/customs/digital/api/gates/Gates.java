package vn.customs.digital.api.gates;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.api.risk.RiskMetrics;
import vn.customs.digital.api.signing.ServiceKeys;

/**
 * The gates' services, made once for the process ({@code Main}) and shared by every event loop's
 * routes: one-time passages, the clearance feed, and the gate events with their validators made
 * from the contract.
 */
public record Gates(PassageAuthorisations passages, ClearanceFeed feed, GateEvents events) {
  public static Gates create(
      Vertx vertx,
      Pool pool,
      Clock clock,
      ServiceKeys keys,
      DeclarationLifecycle lifecycle,
      Contract contract,
      Duration passageCommandTtl) {
    PassageAuthorisations passages =
        new PassageAuthorisations(vertx, pool, clock, keys, passageCommandTtl);
    return new Gates(
        passages,
        new ClearanceFeed(vertx, pool, keys, passages),
        new GateEvents(pool, clock, lifecycle, contract));
  }

  /**
   * Makes the channel counters of every registered gate exist at zero (RiskMetrics); at start, once
   * per process.
   */
  public static Future<Void> countKnownGates(Pool pool) {
    return pool.query(GateSql.GATES_WITH_OFFICES)
        .execute()
        .map(
            rows -> {
              rows.forEach(
                  r -> RiskMetrics.gateKnown(r.getString("office_code"), r.getString("code")));
              return null;
            });
  }
}
