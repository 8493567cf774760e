package vn.customs.digital.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import vn.customs.digital.problems.Problem;

/**
 * The door every request passes before any route reads it: the request target and the body are
 * decoded once, strictly, and refused as a problem when they are not what a route could read
 * without failing or without changing them. Routes and the contract validation then read parameters
 * and bodies the usual way, knowing that percent-encoding is well-formed, text is UTF-8, and no
 * string holds a character that {@link InputText#unacceptable} refuses.
 *
 * <ul>
 *   <li>{@link #target()} (before the body is read): each path segment and each query parameter
 *       name and value is percent-encoded correctly ({@code %} and two hex digits), decodes to
 *       UTF-8, and holds no NUL; the raw target is printable ASCII (RFC 3986). Otherwise 400 {@code
 *       bad-request}, naming the parameter. Without it, Netty's query decoder throws from whichever
 *       handler first reads a parameter (a 500), and the router's own path decoding fails outside
 *       any failure handler (a bare 400).
 *   <li>{@link #body()} (once the body handler has read it and the caller is authenticated): a text
 *       body (JSON, JOSE, YAML, text, or no content type) is UTF-8 without NUL, else 400 {@code
 *       bad-request}; a JSON body whose strings hold NUL or a lone surrogate through escapes is 422
 *       {@code validation}, one JSON pointer per string.
 * </ul>
 */
public final class InputGuard {
  private final List<String[]> templates;

  /**
   * @param pathTemplates the contract's paths ({@code /api/v1/procedures/{code}}), to name path
   *     parameters
   */
  public InputGuard(Collection<String> pathTemplates) {
    this.templates = pathTemplates.stream().map(t -> t.split("/", -1)).toList();
  }

  /**
   * A platform handler: it must run before the body handler, which would decode the query of a
   * form.
   */
  public PlatformHandler target() {
    return ctx -> {
      List<Problem.FieldError> errors = new ArrayList<>();
      String path = ctx.request().path();
      String query = ctx.request().query();
      checkPath(path == null ? "" : path, errors);
      if (query != null) {
        checkQuery(query, errors);
      }
      if (errors.isEmpty()) {
        ctx.next();
      } else {
        ctx.fail(
            Problem.badRequest(
                    "the request target is not well-formed: " + errors.get(0).detail(), errors)
                .exception());
      }
    };
  }

  /** An input-trust handler: after the body handler and authentication, before any route. */
  public InputTrustHandler body() {
    return ctx -> {
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      if (body == null
          || body.length() == 0
          || !isText(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
        ctx.next();
        return;
      }
      byte[] bytes = body.getBytes();
      String text;
      try {
        text = InputText.utf8(bytes);
      } catch (InputText.NotUtf8 e) {
        ctx.fail(
            Problem.badRequest(
                    "the body is " + e.getMessage(),
                    List.of(new Problem.FieldError("", "the body must be UTF-8 text")))
                .exception());
        return;
      }
      int at = InputText.unacceptable(text);
      if (at >= 0) {
        ctx.fail(
            Problem.badRequest(
                    "the body " + InputText.why(text, at),
                    List.of(
                        new Problem.FieldError(
                            "", "the body " + InputText.why(text, at) + " (character " + at + ")")))
                .exception());
        return;
      }
      if (isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
          && InputText.mayHoldUnacceptableEscape(bytes)) {
        List<Problem.FieldError> errors;
        try {
          errors = InputText.unacceptableStrings(Json.decodeValue(body), "");
        } catch (DecodeException e) {
          errors =
              List.of(
                  new Problem.FieldError(
                      "", "the body is not JSON, and it escapes NUL or a lone surrogate"));
        }
        if (!errors.isEmpty()) {
          ctx.fail(unacceptableJson(errors).exception());
          return;
        }
      }
      ctx.next();
    };
  }

  /**
   * The problem of JSON whose strings hold characters the service does not accept: a body, or a
   * signed payload.
   */
  public static Problem unacceptableJson(List<Problem.FieldError> errors) {
    return Problem.validation(
        errors.size()
            + " string(s) hold a character that is not accepted (U+0000 or a lone"
            + " surrogate)",
        errors);
  }

  private static boolean isText(String contentType) {
    if (contentType == null) {
      return true;
    }
    String type = mediaType(contentType);
    return isJson(contentType)
        || type.startsWith("text/")
        || type.equals("application/jose")
        || type.equals("application/yaml")
        || type.equals("application/x-yaml");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = mediaType(contentType);
    return type.equals("application/json") || type.endsWith("+json");
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private void checkPath(String path, List<Problem.FieldError> errors) {
    String[] segments = path.split("/", -1);
    String[] template = template(segments);
    for (int i = 0; i < segments.length; i++) {
      String problem = decodingProblem(segments[i], false);
      if (problem == null) {
        continue;
      }
      if (template != null && template[i].startsWith("{")) {
        String name = template[i].substring(1, template[i].length() - 1);
        errors.add(new Problem.FieldError(name, "the path parameter " + name + " " + problem));
      } else {
        errors.add(new Problem.FieldError("path", "path segment " + i + " " + problem));
      }
    }
  }

  private void checkQuery(String query, List<Problem.FieldError> errors) {
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String nameProblem = decodingProblem(rawName, true);
      String name = nameProblem == null ? InputText.shown(decode(rawName, true)) : "query";
      if (nameProblem != null) {
        errors.add(new Problem.FieldError(name, "a query parameter name " + nameProblem));
        continue;
      }
      String valueProblem = eq < 0 ? null : decodingProblem(pair.substring(eq + 1), true);
      if (valueProblem != null) {
        errors.add(
            new Problem.FieldError(name, "the query parameter " + name + " " + valueProblem));
      }
    }
  }

  /**
   * The contract path whose literal segments all match, for naming the parameter of a segment; null
   * if none.
   */
  private String[] template(String[] segments) {
    String[] best = null;
    int bestLiterals = -1;
    for (String[] t : templates) {
      if (t.length != segments.length) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < t.length && matches; i++) {
        if (t[i].startsWith("{") && t[i].endsWith("}")) {
          continue;
        }
        matches = t[i].equals(segments[i]);
        literals++;
      }
      if (matches && literals > bestLiterals) {
        best = t;
        bestLiterals = literals;
      }
    }
    return best;
  }

  /**
   * What is wrong with a percent-encoded component, or null: raw characters, escapes, UTF-8, NUL.
   */
  static String decodingProblem(String raw, boolean plusIsSpace) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return "holds a raw character that must be percent-encoded ("
            + String.format("U+%04X", (int) c)
            + ")";
      }
      if (c == '%'
          && (i + 2 >= raw.length()
              || Character.digit(raw.charAt(i + 1), 16) < 0
              || Character.digit(raw.charAt(i + 2), 16) < 0)) {
        String at = raw.substring(i, Math.min(raw.length(), i + 3));
        return "holds a malformed percent-escape '"
            + InputText.shown(at)
            + "' (a % must be followed by two hex digits)";
      }
    }
    String decoded;
    try {
      decoded = InputText.utf8(bytes(raw, plusIsSpace));
    } catch (InputText.NotUtf8 e) {
      return "does not decode to UTF-8 text (percent-escapes of a malformed byte sequence)";
    }
    int at = InputText.unacceptable(decoded);
    return at < 0 ? null : InputText.why(decoded, at);
  }

  /** The decoded text of a component {@link #decodingProblem} found nothing wrong with. */
  private static String decode(String raw, boolean plusIsSpace) {
    try {
      return InputText.utf8(bytes(raw, plusIsSpace));
    } catch (InputText.NotUtf8 e) {
      throw new IllegalStateException("checked before", e);
    }
  }

  private static byte[] bytes(String raw, boolean plusIsSpace) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        out.write(
            Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        out.write(plusIsSpace && c == '+' ? ' ' : c);
      }
    }
    return out.toByteArray();
  }
}
