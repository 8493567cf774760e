package vn.customs.digital.api.declarations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import vn.customs.digital.api.assessment.ExchangeRates;
import vn.customs.digital.api.assessment.TariffBook;

/**
 * The tariff and the exchange rates, held in memory as immutable snapshots so that assessment is a
 * pure computation on the event loop; reloaded in the background on a schedule.
 */
public final class ReferenceData {
  private volatile TariffBook tariff;
  private volatile ExchangeRates rates;

  public static Future<ReferenceData> start(Vertx vertx, Pool pool, Duration refresh) {
    ReferenceData data = new ReferenceData();
    return data.reload(pool)
        .map(
            v -> {
              vertx.setPeriodic(refresh.toMillis(), refresh.toMillis(), id -> data.reload(pool));
              return data;
            });
  }

  private Future<Void> reload(Pool pool) {
    return TariffBook.load(pool)
        .compose(
            t ->
                ExchangeRates.load(pool)
                    .map(
                        r -> {
                          tariff = t;
                          rates = r;
                          return null;
                        }));
  }

  public TariffBook tariff() {
    return tariff;
  }

  public ExchangeRates rates() {
    return rates;
  }
}
