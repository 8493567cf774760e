package vn.customs.digital.edge.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The api's gate endpoints as the agent's contract describes them (see edge-agent/README.md), in
 * one tiny Vert.x server: device-JWT check (signature, kid, iss = sub, aud, lifetime <= 300 s, jti
 * never reused), JWKS, clearance feed with cursor (snapshot / deltas), events idempotent by id and
 * stored in arrival order, and the push WebSocket. {@link #stop()} cuts the link; {@link #start()}
 * restores it on the same port.
 */
public final class FakeGateApi {
  public static final String AUDIENCE = "digital-customs-api";

  private final Vertx vertx;
  private final String gate;
  private final String deviceId;
  private final ECKey devicePublicKey;
  private final ECKey serviceKey = TestKeys.generate("service-2026");
  private final List<JsonObject> feed = new CopyOnWriteArrayList<>();
  private final List<JsonObject> storedEvents = new CopyOnWriteArrayList<>();
  private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
  private final Set<String> seenJti = Collections.synchronizedSet(new HashSet<>());
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> authFailures = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, Instant> storedAt = new ConcurrentHashMap<>();
  private volatile long seq;
  private volatile int duplicatesSeen;
  private volatile int maxBodyBytes = Integer.MAX_VALUE;
  private volatile String refusedType;
  private final List<JsonObject> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<JsonObject> laneReports = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile int tooLarge;
  private HttpServer server;
  private int port;

  public FakeGateApi(Vertx vertx, String gate, String deviceId, ECKey devicePublicKey) {
    this.vertx = vertx;
    this.gate = gate;
    this.deviceId = deviceId;
    this.devicePublicKey = devicePublicKey.toPublicJWK();
  }

  public Future<FakeGateApi> start() {
    return vertx
        .createHttpServer()
        .requestHandler(this::handle)
        .webSocketHandler(this::feedSocket)
        .listen(port, "127.0.0.1")
        .map(
            s -> {
              server = s;
              port = s.actualPort();
              return this;
            });
  }

  /** Cuts the link: the listening socket and every push connection close. */
  public Future<Void> stop() {
    sockets.forEach(ServerWebSocket::close);
    sockets.clear();
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public ECKey serviceKey() {
    return serviceKey;
  }

  // ---- what the test publishes

  public String clear(
      String container, String declarationId, String plate, String sealId, Instant validUntil) {
    return publish(entry("CLEARANCE", container, declarationId, plate, sealId, validUntil, null));
  }

  public String revoke(String container, String declarationId, String reason) {
    return publish(
        entry(
            "REVOCATION",
            container,
            declarationId,
            null,
            null,
            Instant.now().plusSeconds(86400),
            reason));
  }

  /** A validly signed entry the test may then tamper with. */
  public synchronized JsonObject entry(
      String kind,
      String container,
      String declarationId,
      String plate,
      String sealId,
      Instant validUntil,
      String reason) {
    long s = ++seq;
    return new JsonObject()
        .put("kind", kind)
        .put("gate", gate)
        .put("containerNumber", container)
        .put("declarationId", declarationId)
        .put("declarationNumber", "1000" + declarationId.hashCode() % 100000000L)
        .put("plate", plate)
        .put("sealId", sealId)
        .put("validUntil", validUntil.toString())
        .put("issuedAt", Instant.now().toString())
        .put("seq", s)
        .put("reason", reason);
  }

  public String sign(JsonObject payload) {
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(serviceKey.getKeyID()).build(),
              new Payload(payload.encode()));
      jws.sign(new ECDSASigner(serviceKey));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A one-time passage command as the api signs it (typ passage+jws), for this gate, valid until
   * {@code expiresAt}.
   */
  public String command(
      String id, String lane, String holdEventId, List<String> containers, Instant expiresAt) {
    JsonObject payload =
        new JsonObject()
            .put("kind", "ONE_TIME_PASSAGE")
            .put("id", id)
            .put("gate", gate)
            .put("lane", lane)
            .put("holdEventId", holdEventId)
            .put("plate", null)
            .put("containerNumbers", new JsonArray(containers))
            .put("issuedAt", Instant.now().toString())
            .put("expiresAt", expiresAt.toString());
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(serviceKey.getKeyID())
                  .type(new com.nimbusds.jose.JOSEObjectType("passage+jws"))
                  .build(),
              new Payload(payload.encode()));
      jws.sign(new ECDSASigner(serviceKey));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Delivers a command as the api does: pushed at once, and in every pull's {@code commands} from
   * now on (until {@link #withdrawCommands}).
   */
  public void deliverCommand(String jws) {
    commands.add(new JsonObject().put("jws", jws));
    JsonObject push =
        new JsonObject()
            .put("type", "commands")
            .put("commands", new JsonArray().add(new JsonObject().put("jws", jws)));
    vertx.runOnContext(v -> sockets.forEach(ws -> ws.writeTextMessage(push.encode())));
  }

  /** The pulls carry no command any more (the api heard the opening). */
  public void withdrawCommands() {
    commands.clear();
  }

  /** The lane reports the agent sent, oldest first. */
  public List<JsonObject> laneReports() {
    return List.copyOf(laneReports);
  }

  /** Publishes an already serialised entry as is (e.g. one with a broken signature). */
  public void publishRaw(String jws, long entrySeq) {
    feed.add(new JsonObject().put("jws", jws).put("seq", entrySeq));
  }

  private String publish(JsonObject payload) {
    String jws = sign(payload);
    JsonObject entry = new JsonObject().put("jws", jws).put("seq", payload.getLong("seq"));
    feed.add(entry);
    JsonObject push =
        new JsonObject()
            .put("type", "entries")
            .put("entries", new JsonArray().add(new JsonObject().put("jws", jws)))
            .put("cursor", String.valueOf(payload.getLong("seq")));
    vertx.runOnContext(v -> sockets.forEach(ws -> ws.writeTextMessage(push.encode())));
    return jws;
  }

  // ---- what the test inspects

  public List<JsonObject> events() {
    return List.copyOf(storedEvents);
  }

  public List<JsonObject> events(String type) {
    return storedEvents.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  public Instant storedAt(String eventId) {
    return storedAt.get(eventId);
  }

  /** Event batches larger than this get 413, as the api's body limit does. */
  public void maxBodyBytes(int bytes) {
    maxBodyBytes = bytes;
  }

  /**
   * Batches holding an event of this type get 422 naming it, as the api answers an invalid event.
   */
  public void refuseEventType(String type) {
    refusedType = type;
  }

  public int tooLargeAnswers() {
    return tooLarge;
  }

  public int duplicatesSeen() {
    return duplicatesSeen;
  }

  public List<String> authFailures() {
    return List.copyOf(authFailures);
  }

  public int pushConnections() {
    return sockets.size();
  }

  // ---- the contract

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/api/v1/.well-known/jwks.json") && request.method().name().equals("GET")) {
      if (request.getHeader("Authorization") != null) {
        // as the api does: a bearer token on a public route is checked as a user's token, and a
        // device's is not one
        authFailures.add("a device token sent to the public JWK set");
        request.response().setStatusCode(401).end("the token is signed with an unknown key");
        return;
      }
      request
          .response()
          .putHeader("Content-Type", "application/json")
          .end(new JWKSet(serviceKey.toPublicJWK()).toString());
      return;
    }
    String problem = authenticate(request.getHeader("Authorization"));
    if (problem != null) {
      authFailures.add(problem);
      request.response().setStatusCode(401).end(problem);
      return;
    }
    String prefix = "/api/v1/gates/" + gate;
    if (path.equals(prefix + "/clearances") && request.method().name().equals("GET")) {
      String since = request.getParam("since");
      long from = since == null ? 0 : Long.parseLong(since);
      JsonArray entries = new JsonArray();
      long cursor = from;
      for (JsonObject e : feed) {
        if (e.getLong("seq") > from) {
          entries.add(new JsonObject().put("jws", e.getString("jws")));
          cursor = Math.max(cursor, e.getLong("seq"));
        }
      }
      request
          .response()
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put("cursor", String.valueOf(cursor))
                  .put("snapshot", since == null)
                  .put("entries", entries)
                  .put("commands", new JsonArray(List.copyOf(commands)))
                  .encode());
    } else if (path.equals(prefix + "/lanes/L1/report") && request.method().name().equals("PUT")) {
      request
          .body()
          .onSuccess(
              body -> {
                laneReports.add(body.toJsonObject());
                request.response().setStatusCode(204).end();
              });
    } else if (path.equals(prefix + "/events") && request.method().name().equals("POST")) {
      request
          .body()
          .onSuccess(
              body -> {
                JsonArray events = body.toJsonObject().getJsonArray("events");
                if (events.size() > 500 || body.length() > maxBodyBytes) {
                  tooLarge++;
                  request.response().setStatusCode(413).end();
                  return;
                }
                for (int i = 0; i < events.size(); i++) {
                  if (events.getJsonObject(i).getString("type").equals(refusedType)) {
                    // as the api answers an invalid event: the whole batch refused, the event named
                    // by its pointer
                    String pointer = "/events/" + i + "/type";
                    request
                        .response()
                        .setStatusCode(422)
                        .putHeader("Content-Type", "application/problem+json")
                        .end(
                            new JsonObject()
                                .put("type", "urn:digital-customs:problem:validation")
                                .put("status", 422)
                                .put("title", "Invalid request")
                                .put("detail", "the event batch is invalid")
                                .put(
                                    "errors",
                                    new JsonArray()
                                        .add(
                                            new JsonObject()
                                                .put("pointer", pointer)
                                                .put("detail", "refused")))
                                .encode());
                    return;
                  }
                }
                int accepted = 0;
                int duplicates = 0;
                for (int i = 0; i < events.size(); i++) {
                  JsonObject event = events.getJsonObject(i);
                  if (eventIds.add(event.getString("id"))) {
                    storedEvents.add(event);
                    storedAt.put(event.getString("id"), Instant.now());
                    accepted++;
                  } else {
                    duplicates++;
                  }
                }
                duplicatesSeen += duplicates;
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("accepted", accepted)
                            .put("duplicates", duplicates)
                            .encode());
              });
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void feedSocket(ServerWebSocket ws) {
    if (!ws.path().equals("/api/v1/gates/" + gate + "/feed")) {
      ws.close((short) 1008, "unknown path");
      return;
    }
    String problem = authenticate(ws.headers().get("Authorization"));
    if (problem != null) {
      authFailures.add(problem);
      ws.close((short) 1008, problem);
      return;
    }
    sockets.add(ws);
    ws.closeHandler(v -> sockets.remove(ws));
  }

  /** Null when the bearer token is a valid, fresh, never-seen device token; otherwise why not. */
  private String authenticate(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return "no bearer token";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(header.substring(7));
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
          || !deviceId.equals(jwt.getHeader().getKeyID())) {
        return "wrong alg or kid";
      }
      if (!jwt.verify(new ECDSAVerifier(devicePublicKey))) {
        return "bad signature";
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      Instant now = Instant.now();
      if (!deviceId.equals(c.getIssuer()) || !deviceId.equals(c.getSubject())) {
        return "iss/sub is not the device";
      }
      if (!List.of(AUDIENCE).equals(c.getAudience())) {
        return "wrong audience";
      }
      Instant iat = c.getIssueTime().toInstant();
      Instant exp = c.getExpirationTime().toInstant();
      if (exp.isBefore(now)
          || exp.getEpochSecond() - iat.getEpochSecond() > 300
          || iat.isAfter(now.plusSeconds(30))) {
        return "expired or too long-lived";
      }
      if (c.getJWTID() == null || !seenJti.add(c.getJWTID())) {
        return "replayed jti";
      }
      return null;
    } catch (java.text.ParseException | JOSEException e) {
      return "unparseable token: " + e.getMessage();
    }
  }

  public static List<String> ids(List<JsonObject> events) {
    List<String> ids = new ArrayList<>();
    events.forEach(e -> ids.add(e.getString("id")));
    return ids;
  }
}
