package vn.customs.digital.edge.feed.clearances;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.health.AgentMetrics;
import vn.customs.digital.edge.uplink.ApiClient;

/**
 * Keeps the {@link ClearanceCache} in step with the api: the local store at start, a pull of {@code
 * clearances?since=cursor} at start, on every (re)connection of the push WebSocket and every sync
 * interval, and the entries pushed on the WebSocket as they come. Every entry is verified before it
 * is cached; verification and SQLite run on workers, the cache is touched only on the agent's event
 * loop. Updates are applied one after the other, in arrival order.
 */
public final class ClearanceFeed {
  private static final Logger log = LoggerFactory.getLogger(ClearanceFeed.class);
  private static final String JWKS_PATH = "/api/v1/.well-known/jwks.json";
  private static final long MAX_RECONNECT_MS = 5_000;

  private final Vertx vertx;
  private final ApiClient api;
  private final ClearanceStore store;
  private final ClearanceCache cache;
  private final String gate;
  private final Duration syncInterval;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final Consumer<List<Clearance>> onApplied;
  private Runnable onApiAnswered = () -> {};
  private Consumer<Throwable> onApiUnreachable = e -> {};
  private Consumer<PassageCommand> onCommand = c -> {};

  private volatile JWKSet keys = new JWKSet();
  private String cursor;
  private Future<?> tail = Future.succeededFuture();
  private WebSocket socket;
  private long reconnectDelayMs = 200;
  private long syncTimer = -1;
  private boolean stopped;

  public ClearanceFeed(
      Vertx vertx,
      ApiClient api,
      ClearanceStore store,
      ClearanceCache cache,
      String gate,
      Duration syncInterval,
      Clock clock,
      AgentMetrics metrics,
      Consumer<List<Clearance>> onApplied) {
    this.vertx = vertx;
    this.api = api;
    this.store = store;
    this.cache = cache;
    this.gate = gate;
    this.syncInterval = syncInterval;
    this.clock = clock;
    this.metrics = metrics;
    this.onApplied = onApplied;
  }

  /** Tells someone (the uplink) whether the api answers the feed's pulls. */
  public void onApiReachability(Runnable answered, Consumer<Throwable> unreachable) {
    this.onApiAnswered = answered;
    this.onApiUnreachable = unreachable;
  }

  /**
   * Who acts on the one-time passage commands the feed carries (the lane's cycle), each verified
   * first, on the agent's event loop. A command comes again with every pull and push until the api
   * hears it was used or it expires: the receiver refuses what it has used.
   */
  public void onCommands(Consumer<PassageCommand> receiver) {
    this.onCommand = receiver;
  }

  /**
   * Loads and re-verifies the local copy; entries that no longer verify are deleted, never used.
   */
  public Future<Integer> loadLocal() {
    return vertx
        .executeBlocking(
            () -> {
              String jwks = store.meta("jwks").orElse(null);
              if (jwks != null) {
                keys = JWKSet.parse(jwks);
              }
              ClearanceVerifier verifier = new ClearanceVerifier(keys, gate);
              List<Clearance> valid = new ArrayList<>();
              for (String[] row : store.entries()) {
                try {
                  Clearance c = verifier.verify(row[1]);
                  if (!c.key().equals(row[0])) {
                    throw new InvalidClearanceException(
                        "stored under key " + row[0] + " but is " + c.key(), false);
                  }
                  valid.add(c);
                } catch (InvalidClearanceException e) {
                  metrics.clearancesRejected.increment();
                  log.atWarn()
                      .addKeyValue("entry", row[0])
                      .addKeyValue("problem", e.getMessage())
                      .log("local clearance cache entry fails verification; discarded");
                  store.delete(row[0]);
                }
              }
              String storedCursor = store.meta("cursor").orElse(null);
              Instant syncedAt = store.meta("syncedAt").map(Instant::parse).orElse(null);
              return new Loaded(valid, storedCursor, syncedAt);
            },
            true)
        .map(
            loaded -> {
              cursor = loaded.cursor();
              cache.apply(true, loaded.entries());
              if (loaded.syncedAt() != null) {
                cache.markSynced(loaded.syncedAt());
              }
              log.atInfo()
                  .addKeyValue("entries", loaded.entries().size())
                  .addKeyValue("syncedAt", loaded.syncedAt())
                  .log("clearance cache loaded from disk");
              return loaded.entries().size();
            });
  }

  private record Loaded(List<Clearance> entries, String cursor, Instant syncedAt) {}

  /** Starts the push connection and the periodic pull. */
  public void start() {
    connect();
    syncTimer = vertx.setPeriodic(syncInterval.toMillis(), id -> pull());
  }

  public void stop() {
    stopped = true;
    if (syncTimer >= 0) {
      vertx.cancelTimer(syncTimer);
    }
    if (socket != null) {
      socket.close();
    }
  }

  public boolean pushConnected() {
    return socket != null && !socket.isClosed();
  }

  /** Pulls what changed since the cursor (a snapshot without one) and applies it. */
  public Future<Void> pull() {
    return serialised(
            () -> {
              String query =
                  cursor == null
                      ? ""
                      : "?since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
              Future<Void> ready = keys.isEmpty() ? refreshKeys() : Future.succeededFuture();
              return ready
                  .compose(v -> api.getJson("/api/v1/gates/" + gate + "/clearances" + query))
                  .onSuccess(body -> onApiAnswered.run())
                  .onFailure(
                      e -> {
                        if (!(e instanceof ApiClient.ApiException)) {
                          onApiUnreachable.accept(e);
                        }
                      })
                  .compose(
                      body ->
                          ingest(
                                  body.getBoolean("snapshot", cursor == null),
                                  body.getJsonArray("entries", new JsonArray()),
                                  body.getString("cursor"),
                                  true)
                              .compose(
                                  v -> commands(body.getJsonArray("commands", new JsonArray()))));
            })
        .onFailure(
            e -> log.atWarn().addKeyValue("problem", e.getMessage()).log("clearance pull failed"));
  }

  private Future<Void> refreshKeys() {
    return api.getPublicJson(JWKS_PATH)
        .compose(
            json ->
                vertx.executeBlocking(
                    () -> {
                      JWKSet parsed;
                      try {
                        parsed = JWKSet.parse(json.encode());
                      } catch (ParseException e) {
                        throw new IllegalStateException(
                            "the api's JWK set does not parse: " + e.getMessage(), e);
                      }
                      store.saveKeys(json.encode());
                      keys = parsed;
                      log.atInfo()
                          .addKeyValue("keys", parsed.getKeys().size())
                          .log("service keys fetched");
                      return null;
                    },
                    true));
  }

  private Future<Void> ingest(
      boolean snapshot, JsonArray entries, String newCursor, boolean mayRefreshKeys) {
    Instant now = clock.instant();
    return vertx
        .executeBlocking(() -> verifyAll(entries), true)
        .compose(
            result -> {
              if (result.unknownKey() && mayRefreshKeys) {
                return refreshKeys().compose(v -> ingest(snapshot, entries, newCursor, false));
              }
              return vertx
                  .executeBlocking(
                      () -> {
                        store.save(snapshot, result.valid(), newCursor, now);
                        return null;
                      },
                      true)
                  .map(
                      v -> {
                        if (newCursor != null) {
                          cursor = newCursor;
                        }
                        List<Clearance> applied = cache.apply(snapshot, result.valid());
                        cache.markSynced(now);
                        metrics.clearancesApplied.add(applied.size());
                        if (!applied.isEmpty() || snapshot) {
                          log.atInfo()
                              .addKeyValue("snapshot", snapshot)
                              .addKeyValue("applied", applied.size())
                              .addKeyValue("cached", cache.size())
                              .log("clearance feed applied");
                          onApplied.accept(applied);
                        }
                        return null;
                      });
            });
  }

  private record Verified(List<Clearance> valid, boolean unknownKey) {}

  /**
   * Verifies the commands (on a worker; the service keys fetched again once for an unknown key) and
   * hands those that verify to the receiver, in order; the others are logged and counted.
   */
  private Future<Void> commands(JsonArray commands) {
    if (commands.isEmpty()) {
      return Future.succeededFuture();
    }
    return verifyCommands(commands, true)
        .map(
            verified -> {
              verified.forEach(onCommand);
              return null;
            });
  }

  private Future<List<PassageCommand>> verifyCommands(JsonArray commands, boolean mayRefreshKeys) {
    return vertx
        .executeBlocking(
            () -> {
              ClearanceVerifier verifier = new ClearanceVerifier(keys, gate);
              List<PassageCommand> valid = new ArrayList<>();
              boolean unknownKey = false;
              for (int i = 0; i < commands.size(); i++) {
                String jws =
                    commands.getValue(i) instanceof JsonObject o
                            && o.getValue("jws") instanceof String text
                        ? text
                        : "";
                try {
                  valid.add(verifier.verifyCommand(jws));
                } catch (InvalidClearanceException e) {
                  unknownKey |= e.unknownKey();
                  if (!e.unknownKey() || !mayRefreshKeys) {
                    metrics.passageCommandsRejected.increment();
                    log.atWarn()
                        .addKeyValue("problem", e.getMessage())
                        .log("passage command rejected");
                  }
                }
              }
              return new VerifiedCommands(valid, unknownKey);
            },
            true)
        .compose(
            result ->
                result.unknownKey() && mayRefreshKeys
                    ? refreshKeys().compose(v -> verifyCommands(commands, false))
                    : Future.succeededFuture(result.valid()));
  }

  private record VerifiedCommands(List<PassageCommand> valid, boolean unknownKey) {}

  private Verified verifyAll(JsonArray entries) {
    ClearanceVerifier verifier = new ClearanceVerifier(keys, gate);
    List<Clearance> valid = new ArrayList<>(entries.size());
    boolean unknownKey = false;
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      try {
        valid.add(verifier.verify(entry.getString("jws", "")));
      } catch (InvalidClearanceException e) {
        unknownKey |= e.unknownKey();
        metrics.clearancesRejected.increment();
        log.atWarn().addKeyValue("problem", e.getMessage()).log("clearance feed entry rejected");
      }
    }
    return new Verified(valid, unknownKey);
  }

  private void connect() {
    if (stopped) {
      return;
    }
    api.webSocket("/api/v1/gates/" + gate + "/feed")
        .onComplete(
            ar -> {
              if (ar.failed()) {
                log.atDebug()
                    .addKeyValue("problem", ar.cause().getMessage())
                    .log("push feed connection failed");
                scheduleReconnect();
                return;
              }
              socket = ar.result();
              reconnectDelayMs = 200;
              log.info("push feed connected");
              socket.textMessageHandler(this::onPush);
              socket.closeHandler(
                  v -> {
                    log.info("push feed closed");
                    socket = null;
                    scheduleReconnect();
                  });
              socket.exceptionHandler(
                  e -> log.atWarn().addKeyValue("problem", e.getMessage()).log("push feed error"));
              // Whatever was published while we were away comes from the pull, not the socket.
              pull();
            });
  }

  private void scheduleReconnect() {
    if (stopped) {
      return;
    }
    long delay = reconnectDelayMs;
    reconnectDelayMs = Math.min(MAX_RECONNECT_MS, reconnectDelayMs * 2);
    vertx.setTimer(delay, id -> connect());
  }

  private void onPush(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("problem", e.getMessage())
          .log("push feed sent something that is not JSON");
      return;
    }
    if ("commands".equals(message.getString("type"))) {
      serialised(() -> commands(message.getJsonArray("commands", new JsonArray())))
          .onFailure(
              e ->
                  log.atWarn()
                      .addKeyValue("problem", e.getMessage())
                      .log("pushed commands not handled"));
      return;
    }
    if (!"entries".equals(message.getString("type"))) {
      return;
    }
    serialised(
            () ->
                ingest(
                    false,
                    message.getJsonArray("entries", new JsonArray()),
                    message.getString("cursor"),
                    true))
        .onFailure(
            e ->
                log.atWarn()
                    .addKeyValue("problem", e.getMessage())
                    .log("pushed entries not applied"));
  }

  private Future<Void> serialised(java.util.function.Supplier<Future<Void>> step) {
    Future<Void> next = tail.transform(ignored -> step.get());
    tail = next;
    return next;
  }
}
