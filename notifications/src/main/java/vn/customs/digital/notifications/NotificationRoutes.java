package vn.customs.digital.notifications;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.problems.ProblemResponses;

/**
 * The HTTP side of notifications: device registration, the live event stream, and the dead letters
 * for operations. Create one per process with {@link #start} (it holds the one LISTEN connection
 * that feeds every live stream), mount it on each HTTP verticle's router after the api's
 * authentication handler, and close it when the process stops.
 */
public final class NotificationRoutes {

  public static final String PUSH_TOKENS = "/api/v1/me/push-tokens";
  public static final String EVENTS = "/api/v1/me/events";
  public static final String DEAD_LETTERS = "/api/v1/ops/dead-letters";

  static final int MAX_TOKEN_LENGTH = 4096;
  static final int REPLAY_PAGE = 200;
  static final int REPLAY_MAX = 1000;
  private static final int MAX_BODY = 8 * 1024;
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");
  private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
  private static final Set<String> PLATFORMS = Set.of("android", "ios", "web");
  private static final Set<String> LANGS = Set.of("vi", "en");
  private static final String OFFICER = "officer";

  private static final Logger log = LoggerFactory.getLogger(NotificationRoutes.class);

  private final Vertx vertx;
  private final Pool pool;
  private final NotificationsConfig config;
  private final LiveStream live;

  private NotificationRoutes(Vertx vertx, Pool pool, NotificationsConfig config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.live = new LiveStream(vertx, pool);
  }

  /** Starts listening for outbox events (one pooled connection held for LISTEN). */
  public static Future<NotificationRoutes> start(
      Vertx vertx, Pool pool, NotificationsConfig config) {
    NotificationRoutes routes = new NotificationRoutes(vertx, pool, config);
    return routes.live.start().map(routes);
  }

  /**
   * One route: the operation of the api's contract ({@code openapi.yaml}) it serves, its method and
   * path (Vert.x form), and its handler.
   */
  public record Endpoint(
      String operationId, HttpMethod method, String path, Handler<RoutingContext> handler) {}

  /**
   * The routes, for a router the caller builds (the api mounts each on its contract's operation).
   * {@code currentUser} returns the caller as the api's auth handler established it, or null when
   * there is none (the route then answers 401). Bodies must have been read (a body handler before).
   */
  public List<Endpoint> endpoints(Function<RoutingContext, NotificationUser> currentUser) {
    return List.of(
        new Endpoint(
            "registerPushToken",
            HttpMethod.POST,
            PUSH_TOKENS,
            ctx -> withUser(ctx, currentUser, this::registerToken)),
        new Endpoint(
            "deletePushToken",
            HttpMethod.DELETE,
            PUSH_TOKENS + "/:token",
            ctx -> withUser(ctx, currentUser, this::deleteToken)),
        new Endpoint(
            "openEventStream",
            HttpMethod.GET,
            EVENTS,
            ctx -> withUser(ctx, currentUser, this::events)),
        new Endpoint(
            "listDeadLetters",
            HttpMethod.GET,
            DEAD_LETTERS,
            ctx -> withUser(ctx, currentUser, this::deadLetters)),
        new Endpoint(
            "retryDeadLetter",
            HttpMethod.POST,
            DEAD_LETTERS + "/:id/retry",
            ctx -> withUser(ctx, currentUser, this::retryDeadLetter)));
  }

  /**
   * Adds the routes to a plain router, each POST with its own body handler (bounded to 8 KiB).
   * {@code currentUser} as in {@link #endpoints}.
   */
  public Router mount(Router router, Function<RoutingContext, NotificationUser> currentUser) {
    for (Endpoint endpoint : endpoints(currentUser)) {
      Route route = router.route(endpoint.method(), endpoint.path());
      if (endpoint.method() == HttpMethod.POST) {
        route.handler(BodyHandler.create().setBodyLimit(MAX_BODY));
      }
      route.handler(endpoint.handler());
    }
    return router;
  }

  /** Ends the open streams and releases the LISTEN connection. */
  public Future<Void> close() {
    return live.close();
  }

  /** A request without a signed-in user. */
  private static final Problem UNAUTHENTICATED =
      Problem.of(
          "unauthenticated",
          401,
          "Authentication required",
          "This endpoint needs a signed-in user.");

  /**
   * The routes' validation problem: 400, with every field at fault (these routes answered 400
   * before the api's contract existed, and their clients rely on it).
   */
  private static void invalid(RoutingContext ctx, List<Problem.FieldError> errors) {
    ProblemResponses.send(
        ctx,
        new Problem(
            "validation",
            400,
            "The request is not valid",
            "See errors for each field at fault.",
            errors));
  }

  private interface UserHandler {
    void handle(RoutingContext ctx, NotificationUser user);
  }

  private static void withUser(
      RoutingContext ctx,
      Function<RoutingContext, NotificationUser> currentUser,
      UserHandler handler) {
    NotificationUser user = currentUser.apply(ctx);
    if (user == null) {
      ProblemResponses.send(ctx, UNAUTHENTICATED);
    } else {
      handler.handle(ctx, user);
    }
  }

  private void registerToken(RoutingContext ctx, NotificationUser user) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      invalid(
          ctx,
          List.of(
              new Problem.FieldError(
                  "", "the body must be a JSON object {token, platform, lang}")));
      return;
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    String token = stringField(body, "token", errors);
    String platform = stringField(body, "platform", errors);
    String lang = body.containsKey("lang") ? stringField(body, "lang", errors) : user.lang();
    if (token != null && (token.length() > MAX_TOKEN_LENGTH || !TOKEN.matcher(token).matches())) {
      errors.add(
          new Problem.FieldError(
              "/token", "must be 1 to 4096 printable characters without spaces"));
    }
    if (platform != null && !PLATFORMS.contains(platform)) {
      errors.add(new Problem.FieldError("/platform", "must be one of android, ios, web"));
    }
    if (lang != null && !LANGS.contains(lang)) {
      errors.add(new Problem.FieldError("/lang", "must be vi or en"));
    }
    if (!errors.isEmpty()) {
      invalid(ctx, errors);
      return;
    }
    pool.preparedQuery(OutboxSql.UPSERT_TOKEN)
        .execute(
            Tuple.of(
                token,
                user.subject(),
                user.taxCode(),
                user.audiences().toArray(String[]::new),
                platform,
                lang))
        .onSuccess(
            rows -> {
              boolean inserted = rows.iterator().next().getBoolean("inserted");
              ctx.response()
                  .setStatusCode(inserted ? 201 : 200)
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("token", token)
                          .put("platform", platform)
                          .put("lang", lang)
                          .encode());
            })
        .onFailure(ctx::fail);
  }

  private static String stringField(JsonObject body, String name, List<Problem.FieldError> errors) {
    Object value = body.getValue(name);
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    errors.add(
        new Problem.FieldError(
            "/" + name, value == null ? "is required" : "must be a non-empty string"));
    return null;
  }

  private void deleteToken(RoutingContext ctx, NotificationUser user) {
    String token = ctx.pathParam("token");
    if (token == null || token.length() > MAX_TOKEN_LENGTH || !TOKEN.matcher(token).matches()) {
      invalid(
          ctx,
          List.of(
              new Problem.FieldError(
                  "/token", "must be 1 to 4096 printable characters without spaces")));
      return;
    }
    // Only the caller's own device: someone else's token is left alone, and the answer is the same.
    pool.preparedQuery(OutboxSql.DELETE_OWN_TOKEN)
        .execute(Tuple.of(token, user.subject()))
        .onSuccess(rows -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void events(RoutingContext ctx, NotificationUser user) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    long after = 0;
    boolean resumed = false;
    if (lastEventId != null && !lastEventId.isBlank()) {
      if (!SEQ.matcher(lastEventId.trim()).matches()) {
        invalid(
            ctx,
            List.of(
                new Problem.FieldError(
                    "/headers/Last-Event-ID", "must be an event id received from this stream")));
        return;
      }
      after = Long.parseLong(lastEventId.trim());
      resumed = true;
    }
    HttpServerResponse response =
        ctx.response()
            .setChunked(true)
            .putHeader("Content-Type", "text/event-stream; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .putHeader("X-Accel-Buffering", "no");
    LiveStream.Client client = live.connect(user, response, after);
    long heartbeat =
        vertx.setPeriodic(config.sseHeartbeat().toMillis(), id -> client.comment("heartbeat"));
    response.closeHandler(
        v -> {
          vertx.cancelTimer(heartbeat);
          client.closed();
          live.disconnect(client);
        });
    response.write("retry: 3000\n: connected\n\n");
    if (!resumed) {
      client.live();
      return;
    }
    replay(client, user, after, 0)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                if (!DatabaseAvailability.of(vertx).failed(ar.cause())) {
                  log.warn(
                      "Event stream replay failed, closing the stream (the client resumes): {}",
                      ar.cause().toString());
                }
                response.reset();
              } else {
                client.live();
              }
            });
  }

  /** Writes what the user missed after {@code after}, page by page, up to REPLAY_MAX events. */
  private Future<Void> replay(
      LiveStream.Client client, NotificationUser user, long after, int written) {
    String[] taxCodes = user.taxCode() == null ? new String[0] : new String[] {user.taxCode()};
    return pool.preparedQuery(OutboxSql.REPLAY)
        .execute(Tuple.of(after, taxCodes, user.audiences().toArray(String[]::new), REPLAY_PAGE))
        .compose(
            rows -> {
              long last = after;
              int count = 0;
              for (Row row : rows) {
                LiveStream.Event event = LiveStream.Event.from(row);
                client.write(event);
                last = event.id();
                count++;
              }
              int total = written + count;
              return count == REPLAY_PAGE && total < REPLAY_MAX
                  ? replay(client, user, last, total)
                  : Future.succeededFuture();
            });
  }

  private void deadLetters(RoutingContext ctx, NotificationUser user) {
    if (!user.roles().contains(OFFICER)) {
      ProblemResponses.send(ctx, Problem.forbidden("Dead letters are for customs officers."));
      return;
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    int limit = queryNumber(ctx, "limit", 50, 1, 200, errors);
    long before = queryNumber(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      invalid(ctx, errors);
      return;
    }
    pool.preparedQuery(OutboxSql.DEAD_LETTERS)
        .execute(Tuple.of(before, limit))
        .onSuccess(
            rows -> {
              List<JsonObject> items = new ArrayList<>();
              Long oldest = null;
              for (Row r : rows) {
                oldest = r.getLong("seq");
                items.add(
                    new JsonObject()
                        .put("id", r.getUUID("id").toString())
                        .put("seq", r.getLong("seq"))
                        .put("declarationId", r.getString("declaration_id"))
                        .put("eventType", r.getString("event_type"))
                        .put("attempts", r.getInteger("attempts"))
                        .put("lastError", r.getString("last_error"))
                        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
                        .put(
                            "failedAt",
                            r.getOffsetDateTime("failed_at") == null
                                ? null
                                : r.getOffsetDateTime("failed_at").toInstant().toString()));
              }
              JsonObject body = new JsonObject().put("items", new JsonArray(items));
              if (items.size() == limit && oldest != null) {
                body.put("nextBefore", oldest);
              }
              ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
            })
        .onFailure(ctx::fail);
  }

  private void retryDeadLetter(RoutingContext ctx, NotificationUser user) {
    if (!user.roles().contains(OFFICER)) {
      ProblemResponses.send(ctx, Problem.forbidden("Dead letters are for customs officers."));
      return;
    }
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      invalid(ctx, List.of(new Problem.FieldError("/id", "must be a message id (UUID)")));
      return;
    }
    pool.withTransaction(
            conn ->
                conn.preparedQuery(OutboxSql.RETRY_DEAD_LETTER)
                    .execute(Tuple.of(id))
                    .compose(
                        rows ->
                            rows.rowCount() == 0
                                ? Future.succeededFuture(false)
                                : conn.query(OutboxSql.WAKE_WORKERS).execute().map(true)))
        .onSuccess(
            found -> {
              if (found) {
                ctx.response()
                    .setStatusCode(202)
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("id", id.toString())
                            .put("status", "PENDING")
                            .encode());
              } else {
                ProblemResponses.send(ctx, Problem.notFound("No dead letter with this id."));
              }
            })
        .onFailure(ctx::fail);
  }

  private static int queryNumber(
      RoutingContext ctx,
      String name,
      int fallback,
      int min,
      int max,
      List<Problem.FieldError> errors) {
    return (int) queryNumber(ctx, name, (long) fallback, min, (long) max, errors);
  }

  private static long queryNumber(
      RoutingContext ctx,
      String name,
      long fallback,
      long min,
      long max,
      List<Problem.FieldError> errors) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    if (!SEQ.matcher(value).matches()
        || Long.parseLong(value) < min
        || Long.parseLong(value) > max) {
      errors.add(
          new Problem.FieldError(
              "/query/" + name, "must be a whole number from " + min + " to " + max));
      return fallback;
    }
    return Long.parseLong(value);
  }
}
