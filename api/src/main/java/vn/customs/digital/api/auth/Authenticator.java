package vn.customs.digital.api.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import vn.customs.digital.problems.Problem;

/**
 * Root handler: a request with {@code Authorization: Bearer ...} continues only with a verified
 * {@link Caller} on its context (else 401); a request without the header continues anonymously, so
 * public routes stay public and protected handlers ask {@link Caller#require}. It is an {@link
 * AuthenticationHandler}, which Vert.x Web places after the body handler.
 */
public final class Authenticator implements AuthenticationHandler {
  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;

  long signatureChecks() {
    return verifier.signatureChecks();
  }

  Authenticator(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * The caller a bearer token stands for, or a 401 problem: what {@link #handle} puts in the
   * context.
   */
  Future<Caller> verify(String token) {
    return verifier.verify(token);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      ctx.next();
      return;
    }
    if (authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(
          Problem.unauthorized("only a Bearer access token is accepted in Authorization")
              .exception());
      return;
    }
    verifier
        .verify(authorization.substring(BEARER.length()).trim())
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                ctx.put(Caller.CONTEXT_KEY, ar.result());
                ctx.next();
              } else {
                ctx.fail(ar.cause());
              }
            });
  }
}
