package vn.customs.digital.api.gates;

import static vn.customs.digital.api.http.JsonResponses.JSON;
import static vn.customs.digital.api.http.Requests.jsonObject;
import static vn.customs.digital.api.http.Requests.pathId;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.DeclarationStatus;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.risk.RiskMetrics;
import vn.customs.digital.notifications.DatabaseAvailability;
import vn.customs.digital.problems.Problem;

/**
 * Gates: officers register gates and their devices; traders and brokers give pre-arrival
 * information; the gate agents read the signed clearance feed (pull, and pushed over a WebSocket)
 * and report their events.
 */
public final class GateRoutes {
  private static final Pattern GATE_CODE = Pattern.compile("^[A-Z0-9]{2,16}$");
  private static final Pattern OFFICE_CODE = Pattern.compile("^[A-Z0-9]{2,8}$");
  private static final Pattern LANE = Pattern.compile("^[A-Za-z0-9_-]{1,16}$");
  private static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
  private static final Pattern PLATE = Pattern.compile("^[A-Z0-9]{4,12}$");
  private static final Pattern CONTAINER = Pattern.compile("^[A-Z]{4}[0-9]{7}$");
  private static final Logger log = LoggerFactory.getLogger(GateRoutes.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Tenancy tenancy;
  private final ClearanceFeed feed;
  private final GateEvents events;
  private final GateDeskRoutes desk;

  public GateRoutes(Vertx vertx, Pool pool, Clock clock, Tenancy tenancy, Gates gates) {
    this.tenancy = tenancy;
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.feed = gates.feed();
    this.events = gates.events();
    this.desk = new GateDeskRoutes(pool, gates.passages(), gates.events().types());
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("registerGate").addHandler(this::registerGate);
    builder.getRoute("registerGateDevice").addHandler(this::registerDevice);
    builder.getRoute("declarePreArrival").addHandler(this::preArrival);
    builder.getRoute("getPreArrival").addHandler(this::readPreArrival);
    builder.getRoute("getGateClearances").addHandler(this::clearances);
    builder.getRoute("postGateEvents").addHandler(this::events);
    builder.getRoute("openGateFeed").addHandler(this::openFeed);
    builder.getRoute("reportGateLane").addHandler(this::reportLane);
    desk.mount(builder);
  }

  /** POST /gates {code, officeCode, name?, lanes}: officers only. */
  private void registerGate(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    JsonObject body = jsonObject(ctx);
    String code = body.getString("code");
    String office = body.getString("officeCode");
    JsonArray lanes = body.getJsonArray("lanes");
    if (code == null || !GATE_CODE.matcher(code).matches()) {
      throw invalid("/code", "a gate code is 2 to 16 upper-case letters or digits, e.g. VNHPH");
    }
    if (office == null || !OFFICE_CODE.matcher(office).matches()) {
      throw invalid(
          "/officeCode", "a customs office code is 2 to 8 upper-case letters or digits, e.g. 03CC");
    }
    if (lanes == null
        || lanes.isEmpty()
        || lanes.size() > 64
        || lanes.stream().anyMatch(l -> !(l instanceof String s) || !LANE.matcher(s).matches())) {
      throw invalid("/lanes", "lanes is a list of 1 to 64 lane names (letters, digits, - and _)");
    }
    String[] laneNames = lanes.stream().map(String.class::cast).distinct().toArray(String[]::new);
    Instant now = clock.instant();
    pool.preparedQuery(GateSql.INSERT_GATE)
        .execute(
            Tuple.of(
                code,
                body.getString("name"),
                office,
                laneNames,
                officer.subject(),
                now.atOffset(ZoneOffset.UTC)))
        .onSuccess(
            rows -> {
              if (rows.rowCount() == 0) {
                ctx.fail(
                    Problem.conflict("gate-exists", "gate " + code + " is already registered")
                        .exception());
                return;
              }
              RiskMetrics.gateKnown(office, code);
              created(
                  ctx,
                  "/api/v1/gates/" + code,
                  new JsonObject()
                      .put("code", code)
                      .put("name", body.getString("name"))
                      .put("officeCode", office)
                      .put("lanes", new JsonArray(List.of(laneNames)))
                      .put("createdAt", now.toString()));
            })
        .onFailure(ctx::fail);
  }

  /**
   * POST /gates/{gate}/devices {id, publicJwk}: officers register a device's EC P-256 public key.
   */
  private void registerDevice(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    String gate = ctx.pathParam("gate");
    JsonObject body = jsonObject(ctx);
    String id = body.getString("id");
    if (id == null || !DEVICE_ID.matcher(id).matches()) {
      throw invalid("/id", "a device id is 1 to 64 letters, digits, '.', '_' or '-'");
    }
    JsonObject jwk = body.getJsonObject("publicJwk");
    ECKey key;
    try {
      key = jwk == null ? null : ECKey.parse(jwk.encode());
    } catch (ParseException e) {
      key = null;
    }
    if (key == null || !Curve.P_256.equals(key.getCurve())) {
      throw invalid("/publicJwk", "publicJwk must be an EC P-256 public key (JWK)");
    }
    if (key.isPrivate()) {
      throw invalid(
          "/publicJwk", "send the public key only: the private key never leaves the device");
    }
    JsonObject publicJwk = new JsonObject(key.toPublicJWK().toJSONObject());
    Instant now = clock.instant();
    pool.preparedQuery(GateSql.GATE_EXISTS)
        .execute(Tuple.of(gate))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(Problem.notFound("no gate " + gate).exception())
                    : pool.preparedQuery(GateSql.INSERT_DEVICE)
                        .execute(
                            Tuple.of(
                                id,
                                gate,
                                publicJwk,
                                officer.subject(),
                                now.atOffset(ZoneOffset.UTC))))
        .onSuccess(
            rows -> {
              if (rows.rowCount() == 0) {
                ctx.fail(
                    Problem.conflict("device-exists", "device " + id + " is already registered")
                        .exception());
                return;
              }
              created(
                  ctx,
                  "/api/v1/gates/" + gate + "/devices/" + id,
                  new JsonObject()
                      .put("id", id)
                      .put("gate", gate)
                      .put("publicJwk", publicJwk)
                      .put("createdAt", now.toString()));
            })
        .onFailure(ctx::fail);
  }

  /**
   * POST /declarations/{id}/pre-arrival {plate, driver, expectedArrival, seals?}: trader or broker
   * of the declaration.
   */
  private void preArrival(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER);
    UUID id = pathId(ctx, "id", "declaration");
    JsonObject body = jsonObject(ctx);
    String plate =
        body.getString("plate") == null
            ? null
            : body.getString("plate").replaceAll("[\\s.-]", "").toUpperCase(Locale.ROOT);
    if (plate == null || !PLATE.matcher(plate).matches()) {
      throw invalid(
          "/plate",
          "a plate is 4 to 12 letters and digits once separators are removed, e.g. 15C-123.45");
    }
    String driver = body.getString("driver");
    if (driver == null || driver.isBlank() || driver.length() > 200) {
      throw invalid("/driver", "the driver's name, 1 to 200 characters");
    }
    Instant expected;
    try {
      expected = Instant.parse(body.getString("expectedArrival", ""));
    } catch (DateTimeParseException e) {
      throw invalid(
          "/expectedArrival", "expectedArrival is an ISO-8601 instant, e.g. 2026-11-24T08:00:00Z");
    }
    JsonObject seals = body.getJsonObject("seals", new JsonObject());
    for (String container : seals.fieldNames()) {
      if (!CONTAINER.matcher(container).matches()
          || !(seals.getValue(container) instanceof String s)
          || s.isBlank()
          || s.length() > 64) {
        throw invalid("/seals/" + container, "seals maps container numbers to e-seal ids");
      }
    }
    Instant now = clock.instant();
    Declarations.visible(pool, tenancy, caller, id)
        .compose(
            d -> {
              if (d.status() == DeclarationStatus.EXITED
                  || d.status() == DeclarationStatus.CANCELLED) {
                return Future.failedFuture(
                    Problem.conflict(
                            "invalid-state",
                            "a " + d.status() + " declaration takes no pre-arrival information")
                        .exception());
              }
              return pool.preparedQuery(GateSql.UPSERT_PRE_ARRIVAL)
                  .execute(
                      Tuple.from(
                          new Object[] {
                            id,
                            plate,
                            driver,
                            expected.atOffset(ZoneOffset.UTC),
                            seals,
                            caller.subject(),
                            now.atOffset(ZoneOffset.UTC)
                          }));
            })
        .onSuccess(
            rows ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(preArrivalJson(id, plate, driver, expected, seals, now).encode()))
        .onFailure(ctx::fail);
  }

  /**
   * GET /declarations/{id}/pre-arrival: what was last given, read by whoever may read the
   * declaration ({@link Declarations#readable}); 404 when nothing was given.
   */
  private void readPreArrival(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER, Role.OFFICER);
    UUID id = pathId(ctx, "id", "declaration");
    Declarations.readable(pool, tenancy, caller, id)
        .compose(d -> pool.preparedQuery(GateSql.PRE_ARRIVAL).execute(Tuple.of(id)))
        .onSuccess(
            rows -> {
              if (rows.size() == 0) {
                ctx.fail(
                    Problem.notFound("no pre-arrival information for declaration " + id)
                        .exception());
                return;
              }
              var r = rows.iterator().next();
              JsonObject body =
                  preArrivalJson(
                          id,
                          r.getString("plate"),
                          r.getString("driver"),
                          r.getOffsetDateTime("expected_arrival").toInstant(),
                          r.getJsonObject("seals"),
                          r.getOffsetDateTime("declared_at").toInstant())
                      .put("declaredBy", r.getString("declared_by"));
              ConditionalGet.send(ctx, JSON, "private, no-cache", body.toBuffer());
            })
        .onFailure(ctx::fail);
  }

  /** The pre-arrival information as both POST and GET answer it. */
  private static JsonObject preArrivalJson(
      UUID id, String plate, String driver, Instant expected, JsonObject seals, Instant at) {
    return new JsonObject()
        .put("declarationId", id.toString())
        .put("plate", plate)
        .put("driver", driver)
        .put("expectedArrival", expected.toString())
        .put("seals", seals)
        .put("declaredAt", at.toString());
  }

  /** GET /gates/{gate}/clearances[?since=cursor]: the gate's own devices. */
  private void clearances(RoutingContext ctx) {
    String gate = ctx.pathParam("gate");
    GateDevice.require(ctx, gate);
    feed.read(gate, ctx.request().getParam("since"))
        .onSuccess(
            answer ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(answer.toBuffer()))
        .onFailure(ctx::fail);
  }

  /** POST /gates/{gate}/events {events: [...]}: answered 200 only once the batch is committed. */
  private void events(RoutingContext ctx) {
    String gate = ctx.pathParam("gate");
    GateDevice device = GateDevice.require(ctx, gate);
    List<GateEvents.GateEvent> batch = events.parse(jsonObject(ctx));
    events
        .store(device, batch)
        .onSuccess(
            outcome ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(outcome.toJson().toBuffer()))
        .onFailure(ctx::fail);
  }

  /**
   * PUT /gates/{gate}/lanes/{lane}/report {reportedAt, status, ...}: the lane's agent says how it
   * is (its link, its journal's backlog, its cache, its devices); the gate's status shows the last
   * report and when it came. The contract bounds the report's shape; it is kept as it came, without
   * {@code reportedAt}.
   */
  private void reportLane(RoutingContext ctx) {
    String gate = ctx.pathParam("gate");
    String lane = ctx.pathParam("lane");
    GateDevice device = GateDevice.require(ctx, gate);
    JsonObject body = jsonObject(ctx);
    Instant reportedAt;
    try {
      reportedAt = Instant.parse(String.valueOf(body.getValue("reportedAt")));
    } catch (DateTimeParseException e) {
      throw invalid("/reportedAt", "reportedAt is an ISO-8601 instant");
    }
    JsonObject report = body.copy();
    report.remove("reportedAt");
    Instant now = clock.instant();
    pool.preparedQuery(GateSql.GATE)
        .execute(Tuple.of(gate))
        .compose(
            rows -> {
              if (rows.size() == 0
                  || !List.of(rows.iterator().next().getArrayOfStrings("lanes")).contains(lane)) {
                return Future.failedFuture(
                    Problem.notFound("gate " + gate + " has no lane " + lane).exception());
              }
              return pool.preparedQuery(GateSql.UPSERT_LANE_REPORT)
                  .execute(
                      Tuple.of(
                          gate,
                          lane,
                          device.deviceId(),
                          reportedAt.atOffset(ZoneOffset.UTC),
                          now.atOffset(ZoneOffset.UTC),
                          report));
            })
        .onSuccess(rows -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * GET /gates/{gate}/feed (WebSocket): every entry committed to the gate's feed after the
   * connection opened, pushed as {@code {"type": "entries", "entries": [...], "cursor": "..."}}.
   * The agent pulls {@code clearances?since=} on connecting, which covers anything before.
   */
  private void openFeed(RoutingContext ctx) {
    String gate = ctx.pathParam("gate");
    GateDevice device = GateDevice.require(ctx, gate);
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.response().putHeader(HttpHeaders.UPGRADE, "websocket");
      throw Problem.of(
              "upgrade-required",
              426,
              "This resource is a WebSocket",
              "open the feed with a WebSocket handshake (Upgrade: websocket)")
          .exception();
    }
    // Upgrade first: the handshake needs the request unread, which it no longer is after another
    // round trip.
    ctx.request()
        .toWebSocket()
        .onFailure(ctx::fail)
        .onSuccess(
            ws ->
                feed.head(gate)
                    .onSuccess(
                        head -> {
                          new FeedSocket(ws, gate, head);
                          log.atInfo()
                              .addKeyValue("gate", gate)
                              .addKeyValue("device", device.deviceId())
                              .log("feed socket opened");
                        })
                    .onFailure(
                        e -> {
                          if (!DatabaseAvailability.of(vertx).failed(e)) {
                            log.atWarn()
                                .addKeyValue("gate", gate)
                                .log("feed socket closed at start: " + e.getMessage());
                          }
                          ws.close((short) 1011, "feed unavailable, retry");
                        }));
  }

  /** One connected agent: pushes deltas one at a time, so entries never overtake each other. */
  private final class FeedSocket {
    private final ServerWebSocket ws;
    private final String gate;
    private final MessageConsumer<String> consumer;
    private String cursor;
    private boolean pushing;
    private boolean again;

    FeedSocket(ServerWebSocket ws, String gate, long head) {
      this.ws = ws;
      this.gate = gate;
      this.cursor = String.valueOf(head);
      this.consumer =
          vertx
              .eventBus()
              .localConsumer(
                  GateFeedListener.ADDRESS,
                  m -> {
                    if (gate.equals(m.body()) || GateFeedListener.ALL_GATES.equals(m.body())) {
                      push();
                    }
                  });
      ws.closeHandler(v -> consumer.unregister());
      ws.exceptionHandler(
          e -> log.atDebug().addKeyValue("gate", gate).log("feed socket error: " + e.getMessage()));
      // Anything committed between reading the head and registering the consumer.
      push();
    }

    private void push() {
      if (pushing) {
        again = true;
        return;
      }
      pushing = true;
      again = false;
      feed.read(gate, cursor)
          .onComplete(
              ar -> {
                if (ar.succeeded() && !ws.isClosed()) {
                  JsonObject answer = ar.result();
                  cursor = answer.getString("cursor");
                  if (!answer.getJsonArray("entries").isEmpty()) {
                    ws.writeTextMessage(
                        new JsonObject()
                            .put("type", "entries")
                            .put("entries", answer.getJsonArray("entries"))
                            .put("cursor", cursor)
                            .encode());
                  }
                  if (!answer.getJsonArray("commands").isEmpty()) {
                    ws.writeTextMessage(
                        new JsonObject()
                            .put("type", "commands")
                            .put("commands", answer.getJsonArray("commands"))
                            .encode());
                  }
                } else if (ar.failed() && !DatabaseAvailability.of(vertx).failed(ar.cause())) {
                  log.atWarn()
                      .addKeyValue("gate", gate)
                      .log("feed push failed: " + ar.cause().getMessage());
                }
                pushing = false;
                if (again && !ws.isClosed()) {
                  push();
                }
              });
    }
  }

  private static void created(RoutingContext ctx, String location, JsonObject body) {
    ctx.response()
        .setStatusCode(201)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.LOCATION, location)
        .end(body.toBuffer());
  }

  private static RuntimeException invalid(String pointer, String detail) {
    return Problem.validation(detail, List.of(new Problem.FieldError(pointer, detail))).exception();
  }
}
