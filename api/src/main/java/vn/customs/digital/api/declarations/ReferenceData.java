package vn.customs.digital.api.declarations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import vn.customs.digital.api.assessment.ExchangeRates;
import vn.customs.digital.api.assessment.ReferencePrices;
import vn.customs.digital.api.assessment.TariffBook;

/**
 * The tariff, the exchange rates and the valuation reference prices, held in memory as immutable
 * snapshots so that assessment is a pure computation on the event loop; reloaded in the background
 * on a schedule.
 */
public final class ReferenceData {
  private final Pool pool;
  private volatile TariffBook tariff;
  private volatile ExchangeRates rates;
  private volatile ReferencePrices prices;

  private ReferenceData(Pool pool) {
    this.pool = pool;
  }

  public static Future<ReferenceData> start(Vertx vertx, Pool pool, Duration refresh) {
    ReferenceData data = new ReferenceData(pool);
    return data.reload()
        .map(
            v -> {
              vertx.setPeriodic(refresh.toMillis(), refresh.toMillis(), id -> data.reload());
              return data;
            });
  }

  /**
   * Reads it all again: on the schedule, and at once in the process that changed it (a reference
   * price a risk manager set); other instances see the change on their next scheduled reload.
   */
  public Future<Void> reload() {
    Future<TariffBook> t = TariffBook.load(pool);
    Future<ExchangeRates> r = ExchangeRates.load(pool);
    Future<ReferencePrices> p = ReferencePrices.load(pool);
    return Future.all(t, r, p)
        .map(
            all -> {
              tariff = t.result();
              rates = r.result();
              prices = p.result();
              return null;
            });
  }

  public TariffBook tariff() {
    return tariff;
  }

  public ExchangeRates rates() {
    return rates;
  }

  public ReferencePrices prices() {
    return prices;
  }
}
