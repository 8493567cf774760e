package vn.customs.digital.api.procedures;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.procedures.ProcedureSummary.Hit;

/**
 * The procedure catalogue held in memory for searching ({@link IndexedCatalogue}), one per process,
 * made in {@code Main}. The table is only written by migrations; every {@code check} the index asks
 * PostgreSQL for the table's fingerprint and reads the catalogue again when it changed, so a change
 * shows in searches within {@code check}. Until the first load succeeds, and for any query the
 * index cannot answer with certainty, searches run {@link ProcedureSql#SEARCH}.
 */
public final class ProcedureIndex {
  private static final Logger LOG = LoggerFactory.getLogger(ProcedureIndex.class);

  private final Pool pool;
  private final Counter byIndex = searches("index");
  private final Counter byStatement = searches("statement");
  private volatile IndexedCatalogue catalogue;

  private ProcedureIndex(Pool pool) {
    this.pool = pool;
  }

  /**
   * Loads the catalogue from {@code pool} and checks it for changes every {@code check}. A failed
   * load is logged, not fatal: searches go to the database until a later check loads it.
   */
  public static Future<ProcedureIndex> start(Vertx vertx, Pool pool, Duration check) {
    ProcedureIndex index = new ProcedureIndex(pool);
    return index
        .refresh()
        .map(
            v -> {
              vertx.setPeriodic(check.toMillis(), check.toMillis(), id -> index.refresh());
              return index;
            });
  }

  /** Reads the catalogue again if its fingerprint changed (or it was never read); never fails. */
  Future<Void> refresh() {
    IndexedCatalogue current = catalogue;
    Future<Boolean> changed =
        current == null
            ? Future.succeededFuture(true)
            : pool.query(ProcedureSql.FINGERPRINT)
                .execute()
                .map(
                    rows ->
                        !current
                            .fingerprint()
                            .equals(rows.iterator().next().getString("fingerprint")));
    return changed
        .compose(
            c ->
                c
                    ? IndexedCatalogue.load(pool).onSuccess(this::loaded).<Void>mapEmpty()
                    : Future.<Void>succeededFuture())
        .recover(
            e -> {
              LOG.warn(
                  "procedure index not refreshed, searches use what it holds or the database: {}",
                  e.toString());
              return Future.succeededFuture();
            });
  }

  private void loaded(IndexedCatalogue c) {
    catalogue = c;
    LOG.info("procedure index loaded: {} procedures", c.size());
  }

  /**
   * The rows {@link ProcedureSql#SEARCH} would return for the same arguments, or null when the
   * statement must answer (the index is not loaded, or the query is one it cannot be sure of).
   */
  List<Hit> search(
      String q, String category, Integer level, Double afterScore, String afterCode, int limit) {
    IndexedCatalogue c = catalogue;
    List<Hit> hits = c == null ? null : c.search(q, category, level, afterScore, afterCode, limit);
    (hits == null ? byStatement : byIndex).increment();
    return hits;
  }

  private static Counter searches(String answeredBy) {
    return Counter.builder("catalogue.searches")
        .description(
            "Procedure searches, by what answered them: the in-memory index or the SQL statement")
        .tag("answered_by", answeredBy)
        .register(Metrics.globalRegistry);
  }
}
