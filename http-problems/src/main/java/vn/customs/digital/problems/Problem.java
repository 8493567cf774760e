package vn.customs.digital.problems;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN clients may switch on; {@code title} is
 * the same for every occurrence of a type; {@code detail} and {@code errors} speak of this one.
 */
public record Problem(
    String slug, int status, String title, String detail, List<FieldError> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_PREFIX = "urn:digital-customs:problem:";

  /** One violation: where (a JSON pointer into the body, or a parameter name) and what is wrong. */
  public record FieldError(String pointer, String detail) {
    public JsonObject toJson() {
      return new JsonObject().put("pointer", pointer).put("detail", detail);
    }
  }

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static Problem of(String slug, int status, String title, String detail) {
    return new Problem(slug, status, title, detail, List.of());
  }

  public String type() {
    return TYPE_PREFIX + slug;
  }

  public ProblemException exception() {
    return new ProblemException(this);
  }

  public JsonObject toJson(String instance, String requestId) {
    JsonObject json =
        new JsonObject().put("type", type()).put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    if (requestId != null) {
      json.put("requestId", requestId);
    }
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(e.toJson()));
      json.put("errors", list);
    }
    return json;
  }

  // The catalogue of problem types this service emits. Titles never vary with the request.
  public static Problem badRequest(String detail, List<FieldError> errors) {
    return new Problem("bad-request", 400, "The request is malformed", detail, errors);
  }

  public static Problem validation(String detail, List<FieldError> errors) {
    return new Problem("validation", 422, "The request does not pass validation", detail, errors);
  }

  public static Problem notFound(String detail) {
    return of("not-found", 404, "No such resource", detail);
  }

  public static Problem conflict(String slug, String detail) {
    return of(slug, 409, "The request conflicts with the current state", detail);
  }

  public static Problem unauthorized(String detail) {
    return of("unauthorized", 401, "Authentication is required", detail);
  }

  public static Problem forbidden(String detail) {
    return of("forbidden", 403, "This action is not allowed for the caller", detail);
  }

  public static Problem serviceUnavailable(String detail) {
    return of("service-unavailable", 503, "The service is temporarily unavailable", detail);
  }
}
