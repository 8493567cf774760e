package vn.customs.digital.api.auth;

import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.ApiConfig;

/**
 * Sign-in for the process: the issuer's keys (fetched, or the development issuer's file), the
 * {@link Authenticator} that checks tokens with them, and the development JWKS when enabled. Made
 * once in {@code Main} and shared by every HTTP verticle, so a request is answered the same on
 * every event loop: one key set, one refresh schedule and rate limit, one cache of verified tokens.
 */
public final class Identity {
  private static final Logger LOG = LoggerFactory.getLogger(Identity.class);

  private final Authenticator authenticator;
  private final IssuerKeys keys;
  private final Buffer devJwks;
  private final DevSignIn devSignIn;
  private final Clock clock;

  private Identity(
      Authenticator authenticator,
      IssuerKeys keys,
      Buffer devJwks,
      DevSignIn devSignIn,
      Clock clock) {
    this.authenticator = authenticator;
    this.keys = keys;
    this.devJwks = devJwks;
    this.devSignIn = devSignIn;
    this.clock = clock;
  }

  /**
   * Ready when the keys are: the development key is read (or created) on a worker thread and
   * failing to do so fails start-up; a remote issuer that cannot be reached yet is only logged, and
   * retried on schedule and on the first token. Expiry, not-before and the refresh rate limit are
   * judged by {@code clock}.
   */
  public static Future<Identity> start(Vertx vertx, ApiConfig.Auth config, Clock clock) {
    Future<ECKey> devKey =
        config.devIssuer()
            ? vertx.executeBlocking(() -> DevIssuer.loadOrCreate(config.devKeyFile()), false)
            : Future.succeededFuture(null);
    return devKey.compose(
        key -> {
          Buffer published =
              key == null ? null : Buffer.buffer(DevIssuer.publicKeys(key).toString(true));
          DevSignIn signIn = key == null ? null : new DevSignIn(key, config, clock);
          if (config.issuer() == null) {
            LOG.warn(
                "no token issuer is configured (AUTH_ISSUER, AUTH_JWKS_URL, or AUTH_DEV_ISSUER=true):"
                    + " every bearer token will be refused; public routes work");
            return Future.succeededFuture(
                new Identity(
                    new Authenticator(new TokenVerifier(null, config, clock)),
                    null,
                    published,
                    signIn,
                    clock));
          }
          IssuerKeys.Source source;
          if (config.keysFromDevFile()) {
            source =
                IssuerKeys.fixed(
                    DevIssuer.publicKeys(key), "development issuer key " + config.devKeyFile());
          } else {
            HttpClient http =
                vertx.createHttpClient(
                    new HttpClientOptions()
                        .setConnectTimeout(5_000)
                        .setMaxRedirects(0)
                        .setTrustAll(false)
                        .setVerifyHost(true));
            source =
                config.jwksUrl() != null
                    ? IssuerKeys.http(http, config.jwksUrl())
                    : IssuerKeys.discovery(http, config.issuer());
          }
          IssuerKeys keys = new IssuerKeys(source, clock, config.jwksMinRefresh());
          if (!config.keysFromDevFile()) {
            vertx.setPeriodic(config.jwksRefresh().toMillis(), id -> keys.refresh());
          }
          Identity identity =
              new Identity(
                  new Authenticator(new TokenVerifier(keys, config, clock)),
                  keys,
                  published,
                  signIn,
                  clock);
          return keys.refresh()
              .map(
                  snapshot -> {
                    if (snapshot == null) {
                      LOG.atWarn()
                          .addKeyValue("source", source.describe())
                          .log(
                              "the token issuer's keys are not available yet; tokens are refused until they are");
                    }
                    return identity;
                  });
        });
  }

  /** The root handler that puts the verified {@link Caller} on each request with a bearer token. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** The development issuer's public keys as published, or null when it is off. */
  Buffer devJwks() {
    return devJwks;
  }

  /** The development issuer's browser sign-in, or null when it is off. */
  DevSignIn devSignIn() {
    return devSignIn;
  }

  Clock clock() {
    return clock;
  }

  /** How many times the issuer's keys were fetched (0 without an issuer). */
  long keyFetches() {
    return keys == null ? 0 : keys.fetches();
  }

  /**
   * How many bearer tokens went through the full signature check (repeated tokens are remembered).
   */
  long tokenSignatureChecks() {
    return authenticator.signatureChecks();
  }
}
