package vn.customs.digital.notifications;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans outbox events out to the Server-Sent Events clients connected to this instance. Each
 * instance LISTENs on {@code dc_outbox}; a NOTIFY carries the seq of a committed row, which is read
 * once per instance and written to every client allowed to see it, whichever instance committed it.
 */
final class LiveStream {

  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
  private static final int CATCH_UP_LIMIT = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final PgListener listener;
  private final List<Long> announced = new ArrayList<>();
  private boolean fetching;
  private long highestSeen;

  LiveStream(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.listener = new PgListener(vertx, pool, OutboxSql.CHANNEL, this::announce, this::catchUp);
  }

  Future<Void> start() {
    return pool.query(OutboxSql.MAX_SEQ)
        .execute()
        .map(rows -> highestSeen = rows.iterator().next().getLong("seq"))
        .compose(v -> listener.start());
  }

  Future<Void> close() {
    clients.forEach(c -> c.context.runOnContext(v -> c.response.end()));
    return listener.close();
  }

  Client connect(NotificationUser user, HttpServerResponse response) {
    Client client = new Client(user, response, vertx.getOrCreateContext());
    clients.add(client);
    return client;
  }

  void disconnect(Client client) {
    clients.remove(client);
  }

  private void announce(String payload) {
    long seq;
    try {
      seq = Long.parseLong(payload);
    } catch (NumberFormatException notAnEvent) {
      return;
    }
    highestSeen = Math.max(highestSeen, seq);
    if (clients.isEmpty()) {
      return;
    }
    announced.add(seq);
    fetchAnnounced();
  }

  /** One query for all the seqs announced since the last one, never more than one in flight. */
  private void fetchAnnounced() {
    if (fetching || announced.isEmpty()) {
      return;
    }
    fetching = true;
    Long[] seqs = announced.toArray(Long[]::new);
    announced.clear();
    pool.preparedQuery(OutboxSql.BY_SEQ)
        .execute(Tuple.tuple().addArrayOfLong(seqs))
        .onSuccess(rows -> rows.forEach(this::dispatch))
        .onFailure(
            e -> {
              if (!DatabaseAvailability.of(vertx).failed(e)) {
                log.warn("Live stream could not read announced outbox rows: {}", e.toString());
              }
            })
        .onComplete(
            ar -> {
              fetching = false;
              fetchAnnounced();
            });
  }

  /** After the LISTEN connection came back: what committed while it was down. */
  private void catchUp() {
    pool.preparedQuery(OutboxSql.AFTER_SEQ)
        .execute(Tuple.of(highestSeen, CATCH_UP_LIMIT))
        .onSuccess(rows -> rows.forEach(this::dispatch))
        .onFailure(
            e -> {
              if (!DatabaseAvailability.of(vertx).failed(e)) {
                log.warn("Live stream catch-up failed: {}", e.toString());
              }
            });
  }

  private void dispatch(Row row) {
    OutboxEvent event = OutboxEvent.from(row);
    highestSeen = Math.max(highestSeen, event.seq());
    for (Client client : clients) {
      if (event.visibleTo(client.user)) {
        client.offer(event);
      }
    }
  }

  /** One connected stream. Its state is touched only on the context of its HTTP connection. */
  static final class Client {
    private static final int REMEMBERED = 1024;

    final NotificationUser user;
    final HttpServerResponse response;
    final Context context;
    private final Set<Long> recent = new LinkedHashSet<>();
    private List<OutboxEvent> held = new ArrayList<>();
    private boolean closed;

    private Client(NotificationUser user, HttpServerResponse response, Context context) {
      this.user = user;
      this.response = response;
      this.context = context;
    }

    void offer(OutboxEvent event) {
      context.runOnContext(
          v -> {
            if (held != null) {
              held.add(event);
            } else {
              write(event);
            }
          });
    }

    /** Ends the replay: live events that arrived meanwhile go out now, in seq order, once. */
    void live() {
      List<OutboxEvent> waiting = held;
      held = null;
      waiting.sort(Comparator.comparingLong(OutboxEvent::seq));
      waiting.forEach(this::write);
    }

    void write(OutboxEvent event) {
      if (closed || !recent.add(event.seq())) {
        return;
      }
      if (recent.size() > REMEMBERED) {
        Iterator<Long> oldest = recent.iterator();
        oldest.next();
        oldest.remove();
      }
      if (response.writeQueueFull()) {
        // A client that does not read is cut off; it resumes with Last-Event-ID.
        closed = true;
        response.reset();
        return;
      }
      response.write("id: " + event.seq() + "\ndata: " + event.toJson().encode() + "\n\n");
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
