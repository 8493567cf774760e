package vn.customs.digital.edge.uplink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.health.AgentMetrics;
import vn.customs.digital.edge.journal.EventJournal;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.journal.LaneEvents;

/**
 * Forwards the journal to the api in batches of at most 500, one batch in flight at a time. Live
 * events - those journaled since the link last came up (or since the agent started) - go first,
 * oldest first, as soon as they are journaled; the backlog - what was journaled while the link was
 * down (all of it, until it is back), or by an earlier run - follows, oldest first, paced by a
 * {@link BacklogPacer}, so that a long outage neither delays the report of the truck at the barrier
 * now nor floods the api. An event is marked sent only after the api answered 200; a crash in
 * between resends it and the api's dedupe by event id keeps it once. Retried with backoff while the
 * api is unreachable. An event the api refuses as invalid is set aside (a bug to look at, not a
 * reason to stop the lane's reporting). Link changes are themselves journaled as AGENT_ONLINE /
 * AGENT_OFFLINE.
 */
public final class EventUplink {
  private static final Logger log = LoggerFactory.getLogger(EventUplink.class);
  static final int MAX_BATCH = 500;

  /**
   * Well under the api's body limit (256 KB by default): a backlog never makes a batch the api
   * refuses as too large.
   */
  static final int MAX_BATCH_BYTES = 48 * 1024;

  private static final Pattern EVENT_POINTER = Pattern.compile("/events/(\\d{1,3})\\b");
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final ApiClient api;
  private final EventJournal journal;
  private final String path;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final Function<List<GateEvent>, Future<List<GateEvent>>> appender;
  private final LaneEvents laneEvents;

  private boolean sending;
  private boolean again;
  private long backoffMs = 100;
  private long retryTimer = -1;
  private int batchLimit = MAX_BATCH;
  private Boolean online;
  private Instant offlineSince;
  private volatile long unsent;
  private volatile long backlog;
  private boolean stopped;
  private final BacklogPacer pacer;
  private long paceTimer = -1;

  /** Events from this seq on are live; below it, backlog. Long.MAX_VALUE while the link is down. */
  private long liveFrom;

  private long lastJournaled;

  /**
   * @param events the lane's events, for those of the link (AGENT_ONLINE, AGENT_OFFLINE)
   * @param appender how the agent appends to the journal (so link events go through the same
   *     ordered path)
   * @param backlogRate the most backlog events a second
   */
  public EventUplink(
      Vertx vertx,
      ApiClient api,
      EventJournal journal,
      String gate,
      LaneEvents events,
      Clock clock,
      AgentMetrics metrics,
      Function<List<GateEvent>, Future<List<GateEvent>>> appender,
      int backlogRate) {
    this.vertx = vertx;
    this.api = api;
    this.journal = journal;
    this.path = "/api/v1/gates/" + gate + "/events";
    this.laneEvents = events;
    this.clock = clock;
    this.metrics = metrics;
    this.appender = appender;
    this.pacer = new BacklogPacer(backlogRate, System::nanoTime);
    this.lastJournaled = journal.seqAtOpen();
    this.liveFrom = lastJournaled + 1;
  }

  /**
   * Events were committed to the journal: note how far it goes, and send. Call on the agent's event
   * loop.
   */
  public void journaled(List<GateEvent> stored) {
    for (GateEvent e : stored) {
      lastJournaled = Math.max(lastJournaled, e.seq());
    }
    kick();
  }

  /**
   * Something was appended or the link may be back: send what is due. Call on the agent's event
   * loop.
   */
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
    int limit = batchLimit;
    long from = liveFrom;
    boolean backlogDue = pacer.waitMillis() == 0;
    int backlogLimit = Math.min(limit, pacer.batchSize());
    vertx
        .executeBlocking(
            () -> {
              List<GateEvent> batch = journal.unsent(from, Long.MAX_VALUE, limit);
              boolean live = !batch.isEmpty();
              if (!live && backlogDue) {
                batch = journal.unsent(0, from, backlogLimit);
              }
              unsent = journal.unsentCount();
              backlog = journal.unsentCount(from);
              return new Batch(batch, live, from);
            },
            true)
        .compose(this::send)
        .onComplete(
            ar -> {
              sending = false;
              if (ar.succeeded()) {
                backoffMs = 100;
                batchLimit = MAX_BATCH;
                if (ar.result() || again) {
                  kick();
                } else if (backlog > 0 && paceTimer < 0) {
                  paceTimer =
                      vertx.setTimer(
                          Math.max(1, pacer.waitMillis()),
                          id -> {
                            paceTimer = -1;
                            kick();
                          });
                }
              } else if (ar.cause() instanceof Refused refused) {
                // the api is there and said what it cannot take: act on it and go on at once
                linkUp();
                refused.handled().onComplete(v -> kick());
              } else {
                metrics.uplinkFailures.increment();
                linkDown(ar.cause());
                long delay = backoffMs;
                backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                retryTimer =
                    vertx.setTimer(
                        delay,
                        id -> {
                          retryTimer = -1;
                          kick();
                        });
              }
            });
  }

  /**
   * The oldest unsent events of the live stream, or of the backlog; {@code liveFrom} as it was when
   * read.
   */
  private record Batch(List<GateEvent> events, boolean live, long liveFrom) {}

  /**
   * Sends one batch (at most {@link #MAX_BATCH_BYTES} of JSON, at least one event); true when
   * something is left to look at at once (the next call finds out whether it is due).
   */
  private Future<Boolean> send(Batch pending) {
    List<GateEvent> candidates = pending.events();
    if (candidates.isEmpty()) {
      return Future.succeededFuture(false);
    }
    JsonArray events = new JsonArray();
    int bytes = 0;
    for (GateEvent e : candidates) {
      JsonObject json = e.toJson();
      bytes += json.encode().length() + 1;
      if (!events.isEmpty() && bytes > MAX_BATCH_BYTES) {
        break;
      }
      events.add(json);
    }
    List<GateEvent> batch = candidates.subList(0, events.size());
    long first = batch.get(0).seq();
    long last = batch.get(batch.size() - 1).seq();
    return api.postJson(path, new JsonObject().put("events", events))
        .recover(e -> Future.failedFuture(refusal(e, batch)))
        .compose(
            answer -> {
              linkUp();
              metrics.eventsSent.add(batch.size());
              if (!pending.live()) {
                pacer.sent(batch.size());
              }
              log.atDebug()
                  .addKeyValue("events", batch.size())
                  .addKeyValue("live", pending.live())
                  .addKeyValue("accepted", answer.getInteger("accepted"))
                  .addKeyValue("duplicates", answer.getInteger("duplicates"))
                  .addKeyValue("fromSeq", first)
                  .addKeyValue("toSeq", last)
                  .log("events delivered");
              return vertx.executeBlocking(
                  () -> {
                    journal.markSent(first, last);
                    unsent = journal.unsentCount();
                    backlog = journal.unsentCount(pending.liveFrom());
                    return unsent > 0;
                  },
                  true);
            });
  }

  /**
   * What the api's refusal of a batch means for the journal. Too large (413): smaller batches. An
   * event it names as invalid (400/422 with a pointer /events/N): that event can never be delivered
   * - it is set aside in the journal (kept for inspection, counted, logged) so that the events
   * after it still reach the api, in order. Anything else (unreachable, 5xx, 401): the caller
   * retries with backoff.
   */
  private Throwable refusal(Throwable cause, List<GateEvent> batch) {
    if (!(cause instanceof ApiClient.ApiException api)) {
      return cause;
    }
    if (api.status() == 413 && batch.size() > 1) {
      batchLimit = Math.max(1, batch.size() / 2);
      log.atWarn()
          .addKeyValue("events", batch.size())
          .addKeyValue("next", batchLimit)
          .log("api refused the batch as too large");
      return new Refused(Future.succeededFuture());
    }
    Matcher m = EVENT_POINTER.matcher(api.getMessage());
    if ((api.status() == 400 || api.status() == 422)
        && m.find()
        && Integer.parseInt(m.group(1)) < batch.size()) {
      GateEvent bad = batch.get(Integer.parseInt(m.group(1)));
      log.atError()
          .addKeyValue("eventId", bad.id())
          .addKeyValue("seq", bad.seq())
          .addKeyValue("type", bad.type())
          .addKeyValue("answer", api.getMessage())
          .log("api refused an event as invalid; set aside in the journal");
      metrics.eventsRejected.increment();
      return new Refused(
          vertx
              .executeBlocking(
                  () -> {
                    journal.markRejected(bad.seq());
                    return null;
                  },
                  true)
              .mapEmpty());
    }
    return cause;
  }

  /** A refusal acted upon; {@code handled} completes once the journal reflects it. */
  private static final class Refused extends RuntimeException {
    private final transient Future<Void> handled;

    Refused(Future<Void> handled) {
      super(null, null, false, false);
      this.handled = handled;
    }

    Future<Void> handled() {
      return handled;
    }
  }

  /**
   * Another call to the api succeeded (e.g. the clearance feed): the link is up even with nothing
   * to send.
   */
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
    if (Boolean.FALSE.equals(online)) {
      // what was journaled while the link was down is backlog now: it drains paced, behind what
      // happens next
      liveFrom = lastJournaled + 1;
    }
    online = true;
    log.atInfo().addKeyValue("offlineSince", offlineSince).log("api reachable");
    GateEvent event = laneEvents.agentOnline(clock.instant(), offlineSince);
    offlineSince = null;
    appender
        .apply(List.of(event))
        .onFailure(e -> log.atWarn().setCause(e).log("AGENT_ONLINE could not be journaled"));
  }

  private void linkDown(Throwable cause) {
    if (Boolean.FALSE.equals(online)) {
      return;
    }
    online = false;
    // nothing is live while the link is down: the retry that finds it back sends the oldest first
    liveFrom = Long.MAX_VALUE;
    offlineSince = clock.instant();
    log.atWarn()
        .addKeyValue("problem", cause.getMessage())
        .log("api unreachable; events stay in the journal");
    appender
        .apply(List.of(laneEvents.agentOffline(offlineSince, String.valueOf(cause.getMessage()))))
        .onFailure(e -> log.atWarn().setCause(e).log("AGENT_OFFLINE could not be journaled"));
  }

  public boolean online() {
    return Boolean.TRUE.equals(online);
  }

  public long unsent() {
    return unsent;
  }

  /** Unsent events of the backlog (journaled before the link last came up), as last counted. */
  public long backlog() {
    return backlog;
  }

  public void stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    if (paceTimer >= 0) {
      vertx.cancelTimer(paceTimer);
    }
  }
}
