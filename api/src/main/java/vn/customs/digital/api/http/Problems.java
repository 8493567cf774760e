package vn.customs.digital.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.notifications.DatabaseAvailability;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.problems.ProblemException;
import vn.customs.digital.problems.ProblemResponses;
import vn.customs.digital.problems.RequestIds;

/**
 * The router's one failure handler: every failure becomes an RFC 9457 problem. Domain problems pass
 * through as they are; contract violations name the parameter; a database that cannot be reached or
 * does not answer in time is a 503 with Retry-After; anything unexpected is a 500 whose details
 * stay in the log (with the request id), never in the response.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private static final Problem DATABASE_UNAVAILABLE =
      Problem.serviceUnavailable(
          "the service's database cannot be reached or did not answer in time; retry later, a change with the same"
              + " Idempotency-Key where the route takes one");
  private static final Pattern PARAMETER =
      Pattern.compile("(query|path|header|cookie) parameter (\\S+?)[ .:]");

  private Problems() {}

  public static void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx);
    if (problem == DATABASE_UNAVAILABLE) {
      // Logged once per outage by the tracker, not once per request.
      DatabaseAvailability.of(ctx.vertx()).failed(ctx.failure());
    } else if (problem.status() >= 500) {
      LOG.atError()
          .addKeyValue("requestId", RequestIds.of(ctx))
          .addKeyValue("method", ctx.request().method().name())
          .addKeyValue("path", ctx.request().path())
          .setCause(ctx.failure())
          .log("request failed");
    }
    ProblemResponses.send(ctx, problem);
  }

  static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException pe) {
      return pe.problem();
    }
    if (failure instanceof ValidatorException ve) {
      return contractViolation(ve);
    }
    if (failure instanceof HttpException he && he.getCause() instanceof ValidatorException ve) {
      return contractViolation(ve);
    }
    if (DatabaseAvailability.isOutage(failure)) {
      return DATABASE_UNAVAILABLE;
    }
    int status = failure instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
    return switch (status) {
      case 400 -> Problem.badRequest(failure == null ? null : failure.getMessage(), List.of());
      case 401 -> Problem.unauthorized("a valid bearer token is required");
      case 403 -> Problem.forbidden(null);
      case 404 -> Problem.notFound("no resource at " + ctx.request().path());
      case 405 ->
          Problem.of(
              "method-not-allowed",
              405,
              "The method is not allowed on this resource",
              ctx.request().method().name() + " is not supported on " + ctx.request().path());
      case 413 ->
          Problem.of(
              "payload-too-large",
              413,
              "The request body is too large",
              "the body exceeds the limit of this service");
      case 415 ->
          Problem.of(
              "unsupported-media-type",
              415,
              "The request's content type is not supported",
              "Content-Type "
                  + ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)
                  + " is not accepted here");
      default ->
          status >= 400 && status < 500
              ? Problem.of("client-error", status, "The request cannot be served", null)
              : Problem.of(
                  "internal",
                  500,
                  "Internal error",
                  "the error was logged with request id " + RequestIds.of(ctx));
    };
  }

  private static Problem contractViolation(ValidatorException ve) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String message = ve.getMessage();
    Matcher m = PARAMETER.matcher(message + " ");
    if (m.find()) {
      errors.add(new Problem.FieldError(m.group(2), message));
    } else if (ve instanceof SchemaValidationException sve
        && sve.getOutputUnit() != null
        && sve.getOutputUnit().getErrors() != null) {
      sve.getOutputUnit()
          .getErrors()
          .forEach(
              u ->
                  errors.add(
                      new Problem.FieldError(pointer(u.getInstanceLocation()), u.getError())));
    }
    return Problem.badRequest(message, errors);
  }

  /**
   * The validator's instance location ({@code #/lanes/0}, a URI fragment) as the JSON pointer every
   * other problem of the api carries ({@code /lanes/0}, RFC 6901), so that a client maps both to
   * its fields the same way.
   */
  static String pointer(String instanceLocation) {
    return instanceLocation != null && instanceLocation.startsWith("#")
        ? instanceLocation.substring(1)
        : instanceLocation;
  }
}
