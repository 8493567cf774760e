package vn.customs.digital.edge.uplink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.health.AgentMetrics;
import vn.customs.digital.edge.journal.EventJournal;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;

/**
 * Forwards the journal to the api, oldest first, in batches of at most 500, one batch in flight at a time - so
 * the api receives events in journal order. An event is marked sent only after the api answered 200; a crash
 * in between resends it and the api's dedupe by event id keeps it once. Woken on every append (online events
 * leave at once), retried with backoff while the api is unreachable. Link changes are themselves journaled as
 * AGENT_ONLINE / AGENT_OFFLINE.
 */
public final class EventUplink {
  private static final Logger log = LoggerFactory.getLogger(EventUplink.class);
  static final int MAX_BATCH = 500;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final ApiClient api;
  private final EventJournal journal;
  private final String path;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final Function<List<GateEvent>, Future<List<GateEvent>>> appender;
  private final String lane;
  private final String deviceId;

  private boolean sending;
  private boolean again;
  private long backoffMs = 100;
  private long retryTimer = -1;
  private Boolean online;
  private Instant offlineSince;
  private volatile long unsent;
  private boolean stopped;

  /**
   * @param appender how the agent appends to the journal (so link events go through the same ordered path)
   */
  public EventUplink(Vertx vertx, ApiClient api, EventJournal journal, String gate, String lane, String deviceId,
      Clock clock, AgentMetrics metrics, Function<List<GateEvent>, Future<List<GateEvent>>> appender) {
    this.vertx = vertx;
    this.api = api;
    this.journal = journal;
    this.path = "/api/v1/gates/" + gate + "/events";
    this.lane = lane;
    this.deviceId = deviceId;
    this.clock = clock;
    this.metrics = metrics;
    this.appender = appender;
  }

  /** Something was appended or the link may be back: send what is pending. Call on the agent's event loop. */
  public void kick() {
    if (stopped) {
      return;
    }
    if (sending) {
      again = true;
      return;
    }
    if (retryTimer >= 0) {
      // waiting out a backoff: the retry sends everything
      return;
    }
    sending = true;
    again = false;
    vertx.executeBlocking(() -> {
      List<GateEvent> batch = journal.unsent(MAX_BATCH);
      unsent = journal.unsentCount();
      return batch;
    }, true).compose(this::send).onComplete(ar -> {
      sending = false;
      if (ar.succeeded()) {
        backoffMs = 100;
        if (ar.result() || again) {
          kick();
        }
      } else {
        metrics.uplinkFailures.increment();
        linkDown(ar.cause());
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        retryTimer = vertx.setTimer(delay, id -> {
          retryTimer = -1;
          kick();
        });
      }
    });
  }

  /** Sends one batch; true when there may be more. */
  private Future<Boolean> send(List<GateEvent> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(false);
    }
    JsonArray events = new JsonArray();
    batch.forEach(e -> events.add(e.toJson()));
    long last = batch.get(batch.size() - 1).seq();
    return api.postJson(path, new JsonObject().put("events", events))
        .compose(answer -> {
          linkUp();
          metrics.eventsSent.add(batch.size());
          log.atDebug().addKeyValue("events", batch.size()).addKeyValue("accepted", answer.getInteger("accepted"))
              .addKeyValue("duplicates", answer.getInteger("duplicates")).addKeyValue("upToSeq", last)
              .log("events delivered");
          return vertx.executeBlocking(() -> {
            journal.markSentUpTo(last);
            unsent = journal.unsentCount();
            return batch.size() == MAX_BATCH || unsent > 0;
          }, true);
        });
  }

  /** Another call to the api succeeded (e.g. the clearance feed): the link is up even with nothing to send. */
  public void apiAnswered() {
    linkUp();
  }

  /** Another call to the api failed to connect: the link is down even with nothing to send. */
  public void apiUnreachable(Throwable cause) {
    linkDown(cause);
  }

  private void linkUp() {
    if (Boolean.TRUE.equals(online)) {
      return;
    }
    online = true;
    JsonObject data = new JsonObject();
    if (offlineSince != null) {
      data.put("offlineSince", offlineSince.toString());
    }
    log.atInfo().addKeyValue("offlineSince", offlineSince).log("api reachable");
    offlineSince = null;
    appender.apply(List.of(GateEvent.of(EventType.AGENT_ONLINE, clock.instant(), lane, deviceId, data)));
  }

  private void linkDown(Throwable cause) {
    if (Boolean.FALSE.equals(online)) {
      return;
    }
    online = false;
    offlineSince = clock.instant();
    log.atWarn().addKeyValue("problem", cause.getMessage()).log("api unreachable; events stay in the journal");
    appender.apply(List.of(GateEvent.of(EventType.AGENT_OFFLINE, offlineSince, lane, deviceId,
        new JsonObject().put("reason", String.valueOf(cause.getMessage())))));
  }

  public boolean online() {
    return Boolean.TRUE.equals(online);
  }

  public long unsent() {
    return unsent;
  }

  public void stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
  }
}
