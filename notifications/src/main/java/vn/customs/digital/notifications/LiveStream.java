package vn.customs.digital.notifications;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans outbox events out to the Server-Sent Events clients connected to this instance, in the
 * stream's order (V4): each event's id is its {@code stream_seq}, a number given after commit, so
 * that an event committed later always has a higher id and a client resuming after id n misses
 * nothing (the outbox seq, taken at insert, commits out of order under concurrent transactions).
 *
 * <p>Each instance LISTENs on {@code dc_outbox}. A NOTIFY (sent when an outbox row commits) starts
 * a pass: {@code outbox_stream_sequence} numbers the committed rows not numbered yet (whichever
 * instance's pass gets there first; the others wait for it) and answers the last number given; the
 * pass then reads every event numbered since the last one it sent and writes each to every client
 * allowed to see it. One pass at a time; a NOTIFY during a pass runs another after it, a failed
 * pass is retried after {@link #RETRY}.
 */
final class LiveStream {

  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
  private static final int PAGE = 1000;
  private static final int SEQUENCE_BATCH = 1000;
  private static final Duration RETRY = Duration.ofSeconds(1);

  /** An outbox event at its place in the stream: {@code id} is the SSE id. */
  record Event(long id, OutboxEvent outbox) {
    static Event from(Row row) {
      return new Event(row.getLong("stream_seq"), OutboxEvent.from(row));
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final PgListener listener;
  private boolean running;
  private boolean again;
  private boolean closed;
  private long retryTimer = -1;
  private long highestSent;

  LiveStream(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.listener = new PgListener(vertx, pool, OutboxSql.CHANNEL, this::announce, this::wake);
  }

  Future<Void> start() {
    return pool.query(OutboxSql.STREAM_HEAD)
        .execute()
        .map(rows -> highestSent = rows.iterator().next().getLong("stream_seq"))
        .compose(v -> listener.start())
        // Rows committed while no instance was listening get their numbers now.
        .onSuccess(v -> wake());
  }

  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(retryTimer);
    clients.forEach(c -> c.context.runOnContext(v -> c.response.end()));
    return listener.close();
  }

  /**
   * A new stream; {@code after} is the last id the client received (0 for none): it is sent nothing
   * at or below it.
   */
  Client connect(NotificationUser user, HttpServerResponse response, long after) {
    Client client = new Client(user, response, vertx.getOrCreateContext(), after);
    clients.add(client);
    return client;
  }

  void disconnect(Client client) {
    clients.remove(client);
  }

  private void announce(String payload) {
    try {
      Long.parseLong(payload);
    } catch (NumberFormatException notAnEvent) {
      return; // a worker wake-up, no new row
    }
    wake();
  }

  /** Runs a pass now, or after the one under way. Also after the LISTEN connection came back. */
  private void wake() {
    again = true;
    if (!running && !closed) {
      pass();
    }
  }

  private void pass() {
    running = true;
    again = false;
    pool.preparedQuery(OutboxSql.STREAM_SEQUENCE)
        .execute(Tuple.of(SEQUENCE_BATCH))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              if (row.getInteger("sequenced") >= SEQUENCE_BATCH) {
                again = true;
              }
              return sendUpTo(row.getLong("head"));
            })
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                if (!DatabaseAvailability.of(vertx).failed(ar.cause())) {
                  log.warn(
                      "Live stream could not read new outbox events, retrying in {} ms: {}",
                      RETRY.toMillis(),
                      ar.cause().toString());
                }
                if (!closed) {
                  vertx.cancelTimer(retryTimer);
                  retryTimer = vertx.setTimer(RETRY.toMillis(), id -> wake());
                }
              } else if (again && !closed) {
                pass();
              }
            });
  }

  /** Sends every event numbered after the last one sent, up to {@code head}, page by page. */
  private Future<Void> sendUpTo(long head) {
    if (clients.isEmpty() || head <= highestSent) {
      // Nobody to send to here: a client that connects later resumes from its Last-Event-ID.
      highestSent = Math.max(highestSent, head);
      return Future.succeededFuture();
    }
    return pool.preparedQuery(OutboxSql.STREAM_AFTER)
        .execute(Tuple.of(highestSent, head, PAGE))
        .compose(
            rows -> {
              rows.forEach(this::dispatch);
              if (rows.size() < PAGE) {
                // Numbers whose rows were deleted (retention) leave no row behind.
                highestSent = Math.max(highestSent, head);
                return Future.succeededFuture();
              }
              return sendUpTo(head);
            });
  }

  private void dispatch(Row row) {
    Event event = Event.from(row);
    highestSent = Math.max(highestSent, event.id());
    for (Client client : clients) {
      if (event.outbox().visibleTo(client.user)) {
        client.offer(event);
      }
    }
  }

  /** One connected stream. Its state is touched only on the context of its HTTP connection. */
  static final class Client {
    final NotificationUser user;
    final HttpServerResponse response;
    final Context context;
    private List<Event> held = new ArrayList<>();
    private long lastWritten;
    private boolean closed;

    private Client(
        NotificationUser user, HttpServerResponse response, Context context, long after) {
      this.user = user;
      this.response = response;
      this.context = context;
      this.lastWritten = after;
    }

    void offer(Event event) {
      context.runOnContext(
          v -> {
            if (held != null) {
              held.add(event);
            } else {
              write(event);
            }
          });
    }

    /** Ends the replay: live events that arrived meanwhile go out now, in id order, once. */
    void live() {
      List<Event> waiting = held;
      held = null;
      waiting.sort(Comparator.comparingLong(Event::id));
      waiting.forEach(this::write);
    }

    /**
     * Writes an event unless the client already has it or a later one: ids only ever go up, so the
     * replay and the live events that overlap it come out once, in order.
     */
    void write(Event event) {
      if (closed || event.id() <= lastWritten) {
        return;
      }
      if (response.writeQueueFull()) {
        // A client that does not read is cut off; it resumes with Last-Event-ID.
        closed = true;
        response.reset();
        return;
      }
      lastWritten = event.id();
      response.write("id: " + event.id() + "\ndata: " + event.outbox().toJson().encode() + "\n\n");
    }

    void comment(String text) {
      if (!closed) {
        response.write(": " + text + "\n\n");
      }
    }

    void closed() {
      closed = true;
    }
  }
}
