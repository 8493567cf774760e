package vn.customs.digital.api.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's public signing keys, one set for the whole process: an immutable key set swapped
 * atomically when a fetch succeeds, so every event loop sees the same keys from the same moment.
 * Fetches never block (they are futures), share one in-flight request whichever event loop asked,
 * and are rate-limited: an unknown {@code kid} may trigger a refresh at most once per minimum
 * interval, so a flood of tokens with made-up key ids cannot turn into a flood of requests to the
 * issuer.
 */
final class IssuerKeys {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);
  static final int MAX_DOCUMENT_BYTES = 256 * 1024;
  static final int MAX_KEYS = 100;
  private static final long FETCH_TIMEOUT_MS = 5_000;

  /** Where keys come from; each call fetches afresh. */
  interface Source {
    Future<JWKSet> fetch();

    String describe();
  }

  /** One version of the key set, with the moment it was taken. */
  record Snapshot(ImmutableJWKSet<SecurityContext> keys, Instant fetchedAt) {
    boolean hasKeyId(String kid) {
      return keys.getJWKSet().getKeyByKeyId(kid) != null;
    }
  }

  private final Source source;
  private final Clock clock;
  private final Duration minInterval;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  // Under this object's lock: event loops ask for refreshes at the same time.
  private Future<Snapshot> inFlight;
  private Instant lastAttempt;
  private long fetches;

  IssuerKeys(Source source, Clock clock, Duration minInterval) {
    this.source = source;
    this.clock = clock;
    this.minInterval = minInterval;
  }

  /** The keys now, or null before the first successful fetch. */
  Snapshot current() {
    return current.get();
  }

  /** How many fetches were started. */
  synchronized long fetches() {
    return fetches;
  }

  /**
   * Fetches unless a fetch is running (then joins it) or the last attempt was less than the minimum
   * interval ago (then answers the current keys). Never fails: a failed fetch keeps the keys there
   * were, and is logged. The answer comes on the caller's own context, whichever event loop the
   * shared fetch ran on.
   */
  Future<Snapshot> refresh() {
    Promise<Snapshot> started = null;
    Future<Snapshot> shared;
    synchronized (this) {
      if (inFlight == null) {
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minInterval))) {
          return Future.succeededFuture(current.get());
        }
        lastAttempt = now;
        fetches++;
        started = Promise.promise();
        inFlight = started.future();
      }
      shared = inFlight;
    }
    if (started != null) {
      fetch(started);
    }
    return onCallersContext(shared);
  }

  private void fetch(Promise<Snapshot> promise) {
    source
        .fetch()
        .map(
            set -> {
              Snapshot s = new Snapshot(new ImmutableJWKSet<>(usable(set)), clock.instant());
              current.set(s);
              return s;
            })
        .recover(
            e -> {
              LOG.atWarn()
                  .addKeyValue("source", source.describe())
                  .log("could not fetch the issuer's signing keys: {}", e.getMessage());
              return Future.succeededFuture(current.get());
            })
        .onComplete(
            ar -> {
              synchronized (this) {
                inFlight = null;
              }
              promise.complete(ar.result());
            });
  }

  /**
   * The shared fetch completes on the event loop that started it; a request of another event loop
   * must go on on its own, where its connection and everything its handlers touch belong.
   */
  private static <T> Future<T> onCallersContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null || shared.isComplete()) {
      return shared;
    }
    Thread callerThread = Thread.currentThread();
    Promise<T> here = Promise.promise();
    shared.onComplete(
        ar -> {
          if (Thread.currentThread() == callerThread) {
            here.handle(ar);
          } else {
            caller.runOnContext(v -> here.handle(ar));
          }
        });
    return here.future();
  }

  /** Public signature keys of the kinds tokens may be signed with; everything else is dropped. */
  static JWKSet usable(JWKSet set) {
    List<JWK> keys =
        set.toPublicJWKSet().getKeys().stream()
            .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
            .filter(k -> KeyType.EC.equals(k.getKeyType()) || KeyType.RSA.equals(k.getKeyType()))
            .limit(MAX_KEYS)
            .toList();
    return new JWKSet(keys);
  }

  /** A fixed key set (the development issuer's own key). */
  static Source fixed(JWKSet set, String description) {
    return new Source() {
      @Override
      public Future<JWKSet> fetch() {
        return Future.succeededFuture(set);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  /** A JWKS document over HTTP(S). */
  static Source http(HttpClient client, String jwksUrl) {
    return new Source() {
      @Override
      public Future<JWKSet> fetch() {
        return get(client, jwksUrl).compose(IssuerKeys::parseJwks);
      }

      @Override
      public String describe() {
        return jwksUrl;
      }
    };
  }

  /**
   * OpenID Connect discovery: the issuer's configuration names its {@code jwks_uri}, which is
   * remembered once found. The configuration must name the same issuer (OpenID Connect Discovery
   * 4.3).
   */
  static Source discovery(HttpClient client, String issuer) {
    String configUrl =
        (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
            + "/.well-known/openid-configuration";
    AtomicReference<String> jwksUri = new AtomicReference<>();
    return new Source() {
      @Override
      public Future<JWKSet> fetch() {
        String known = jwksUri.get();
        Future<String> uri =
            known != null
                ? Future.succeededFuture(known)
                : get(client, configUrl)
                    .compose(
                        body -> {
                          JsonObject config;
                          try {
                            config = new JsonObject(body);
                          } catch (DecodeException e) {
                            return Future.failedFuture(
                                "the discovery document at " + configUrl + " is not JSON");
                          }
                          if (!issuer.equals(config.getValue("issuer"))) {
                            return Future.failedFuture(
                                "the discovery document names issuer "
                                    + config.getValue("issuer")
                                    + ", not "
                                    + issuer);
                          }
                          if (!(config.getValue("jwks_uri") instanceof String u)
                              || !(u.startsWith("https://") || u.startsWith("http://"))) {
                            return Future.failedFuture(
                                "the discovery document has no usable jwks_uri");
                          }
                          jwksUri.set(u);
                          return Future.succeededFuture(u);
                        });
        return uri.compose(u -> get(client, u)).compose(IssuerKeys::parseJwks);
      }

      @Override
      public String describe() {
        return configUrl;
      }
    };
  }

  private static Future<JWKSet> parseJwks(String body) {
    try {
      return Future.succeededFuture(JWKSet.parse(body));
    } catch (ParseException e) {
      return Future.failedFuture("not a JWK set: " + e.getMessage());
    }
  }

  /**
   * GET with a time limit and a size limit: a slow or huge answer fails rather than hangs or fills
   * memory.
   */
  private static Future<String> get(HttpClient client, String url) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url)
            .setTimeout(FETCH_TIMEOUT_MS)
            .putHeader(HttpHeaders.ACCEPT, "application/json, application/jwk-set+json");
    // The answer is read in the callback that gets its head, chained with the send on the event
    // loop: chained from another thread (at start-up), a short answer could end unread.
    return client
        .request(options)
        .compose(
            req ->
                req.send()
                    .compose(
                        resp -> {
                          if (resp.statusCode() != 200) {
                            resp.request().reset();
                            return Future.failedFuture(url + " answered " + resp.statusCode());
                          }
                          if (declaredLength(resp.getHeader(HttpHeaders.CONTENT_LENGTH))
                              > MAX_DOCUMENT_BYTES) {
                            resp.request().reset();
                            return Future.failedFuture(
                                url + " sent more than " + MAX_DOCUMENT_BYTES + " bytes");
                          }
                          Promise<String> body = Promise.promise();
                          Buffer buffer = Buffer.buffer();
                          resp.exceptionHandler(body::tryFail);
                          resp.handler(
                              chunk -> {
                                if (buffer.length() + chunk.length() > MAX_DOCUMENT_BYTES) {
                                  body.tryFail(
                                      url + " sent more than " + MAX_DOCUMENT_BYTES + " bytes");
                                  resp.request().reset();
                                } else {
                                  buffer.appendBuffer(chunk);
                                }
                              });
                          resp.endHandler(v -> body.tryComplete(buffer.toString()));
                          return body.future();
                        }));
  }

  /**
   * The Content-Length as a number; absent (chunked) is 0 here, being bounded while read; nonsense
   * is too long.
   */
  private static long declaredLength(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
