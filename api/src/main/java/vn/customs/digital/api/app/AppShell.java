package vn.customs.digital.api.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.problems.Problem;

/**
 * The phone app (module {@code web}), served on the api's own origin under {@code /app/}: the files
 * of the class path's {@code webroot/}, listed in its {@code files.txt}, read once at start-up into
 * memory (a few tens of KB). Hashed assets ({@code assets/}) are immutable for a year; everything
 * else is revalidated on every use (no-cache with an ETag). Every URL the app uses is relative to
 * {@code /app/}, so it works behind a proxy that serves it under a sub-path.
 */
public final class AppShell {
  private static final Logger LOG = LoggerFactory.getLogger(AppShell.class);
  static final String ROOT = "webroot/";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String REVALIDATE = "no-cache";
  private static final int MAX_RETURN_QUERY = 4_096;

  private record File(Buffer body, String type, String etag) {}

  private final Map<String, File> files;
  private final String csp;

  private AppShell(Map<String, File> files, String csp) {
    this.files = Map.copyOf(files);
    this.csp = csp;
  }

  /**
   * Reads the app's files (blocking class path reads, on a worker thread) and its sign-in settings.
   * Without the files (a class path without the web module) the app's URLs answer 404.
   */
  public static Future<AppShell> load(Vertx vertx, AppConfig app, ApiConfig.Auth auth) {
    return vertx.executeBlocking(
        () -> {
          Map<String, File> files = new HashMap<>();
          String listing = read("files.txt");
          if (listing == null) {
            LOG.warn(
                "the phone app is not on the class path (webroot/files.txt): /app/ answers 404");
          } else {
            for (String name : listing.lines().map(String::trim).toList()) {
              if (name.isEmpty()) {
                continue;
              }
              byte[] bytes = bytes(name);
              if (bytes == null) {
                throw new IllegalStateException("webroot/files.txt names a missing file " + name);
              }
              Buffer body = Buffer.buffer(bytes);
              files.put(name, new File(body, type(name), ConditionalGet.etag(body)));
            }
          }
          String discovery = app.discoveryFor(auth);
          JsonObject config =
              new JsonObject()
                  .put("clientId", app.clientId())
                  .put("scope", app.scope())
                  .put("discovery", discovery)
                  .put("devIssuer", auth.keysFromDevFile());
          Buffer configBody = config.toBuffer();
          files.put(
              "config.json",
              new File(configBody, "application/json", ConditionalGet.etag(configBody)));
          String issuerOrigin = discovery == null ? null : AppConfig.origin(discovery);
          String connect = "'self'" + (issuerOrigin == null ? "" : " " + issuerOrigin);
          String csp =
              // blob: for the officer's desk, which shows a declaration's documents (fetched with
              // the bearer token) as images and in the browser's PDF viewer
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
                  + " frame-src blob:; connect-src "
                  + connect
                  + "; manifest-src 'self'; worker-src 'self'; object-src 'none';"
                  + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
          return new AppShell(files, csp);
        },
        false);
  }

  /** Mounts {@code /app}, {@code /app/} and the app's files on the router. */
  public void mount(Router router) {
    router
        .get("/app")
        .handler(
            ctx -> {
              // Vert.x matches /app/ here too: only the bare /app moves to the folder
              if (!"/app".equals(ctx.request().path())) {
                ctx.next();
                return;
              }
              ctx.response()
                  .setStatusCode(301)
                  .putHeader(HttpHeaders.LOCATION, "app/")
                  .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                  .end();
            });
    // Where the payment gateway sends the payer back (VNPAY_RETURN_URL): into the app, on the
    // payment's page, with the gateway's signed parameters for the app to have verified.
    router.get("/app/payments/return").handler(this::paymentReturn);
    router.get("/app/*").handler(this::file);
  }

  private void paymentReturn(RoutingContext ctx) {
    String query = ctx.request().query();
    if (query != null && query.length() > MAX_RETURN_QUERY) {
      throw Problem.badRequest("the gateway's parameters are too long", List.of()).exception();
    }
    ctx.response()
        .setStatusCode(303)
        .putHeader(
            HttpHeaders.LOCATION, "../#/payments/return" + (query == null ? "" : "?" + query))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .end();
  }

  private void file(RoutingContext ctx) {
    String path = ctx.request().path().substring("/app/".length());
    String name = path.isEmpty() ? "index.html" : path;
    File f = files.get(name);
    if (f == null) {
      throw Problem.notFound("no such file of the app").exception();
    }
    var response = ctx.response();
    response.putHeader("X-Content-Type-Options", "nosniff");
    if (name.endsWith(".html")) {
      response
          .putHeader("Content-Security-Policy", csp)
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }
    if (name.equals("sw.js")) {
      // the service worker controls the whole app, whatever folder it is served from
      response.putHeader("Service-Worker-Allowed", "./");
    }
    if (name.endsWith(".png")) {
      response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    }
    ConditionalGet.send(
        ctx, f.type(), name.startsWith("assets/") ? IMMUTABLE : REVALIDATE, f.body(), f.etag());
  }

  /** The app's files by name (for tests). */
  Map<String, Buffer> files() {
    Map<String, Buffer> out = new HashMap<>();
    files.forEach((k, v) -> out.put(k, v.body()));
    return out;
  }

  private static String read(String name) throws IOException {
    byte[] b = bytes(name);
    return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) throws IOException {
    if (name.contains("..") || name.startsWith("/")) {
      throw new IllegalStateException("webroot/files.txt names a file outside it: " + name);
    }
    try (InputStream in = AppShell.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  static String type(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json" -> "application/json";
      case "webmanifest" -> "application/manifest+json";
      case "png" -> "image/png";
      case "svg" -> "image/svg+xml";
      case "txt" -> "text/plain; charset=utf-8";
      default -> "application/octet-stream";
    };
  }
}
