package vn.customs.digital.edge.uplink;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.health.LaneHealth;

/**
 * Tells the api how the lane is ({@code PUT /gates/{gate}/lanes/{lane}/report}, the gate's status
 * shows it to officers), every sync interval from the event loop it was started on; a report that
 * does not get through is simply the next one's to make.
 */
public final class LaneReports {
  private static final Logger log = LoggerFactory.getLogger(LaneReports.class);

  private final Vertx vertx;
  private final ApiClient api;
  private final String path;
  private final Clock clock;
  private final Supplier<LaneHealth> lane;
  private long timer = -1;

  public LaneReports(
      Vertx vertx,
      ApiClient api,
      String gate,
      String lane,
      Clock clock,
      Supplier<LaneHealth> health) {
    this.vertx = vertx;
    this.api = api;
    this.path = "/api/v1/gates/" + gate + "/lanes/" + lane + "/report";
    this.clock = clock;
    this.lane = health;
  }

  /** The first report at once, then one every {@code interval}. */
  public void start(Duration interval) {
    timer = vertx.setPeriodic(1, interval.toMillis(), id -> report());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void report() {
    api.putJson(path, lane.get().toReport(clock.instant()))
        .onFailure(
            e -> log.atDebug().addKeyValue("problem", e.getMessage()).log("lane report failed"));
  }
}
