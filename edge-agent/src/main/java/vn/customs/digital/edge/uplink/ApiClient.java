package vn.customs.digital.edge.uplink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import vn.customs.digital.edge.config.GateConfig;

/**
 * The api as the agent sees it: HTTP requests and the push WebSocket, each carrying a freshly
 * signed device token. Non-2xx answers fail the future with {@link ApiException}.
 */
public final class ApiClient {
  private final WebClient web;
  private final WebSocketClient webSockets;
  private final URI base;
  private final URI webSocketBase;
  private final DeviceToken token;
  private final long timeoutMs;

  public ApiClient(Vertx vertx, GateConfig.Api api, DeviceToken token) {
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) api.requestTimeout().toMillis())
                .setUserAgent("digital-customs-edge-agent")
                .setKeepAlive(true));
    this.webSockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setConnectTimeout((int) api.requestTimeout().toMillis()));
    this.base = api.url();
    this.webSocketBase = api.webSocketUrl();
    this.token = token;
    this.timeoutMs = api.requestTimeout().toMillis();
  }

  public Future<JsonObject> getJson(String pathAndQuery) {
    return get(pathAndQuery, true);
  }

  /**
   * A public resource (the service keys): no device token, which the api would check as a user's
   * token.
   */
  public Future<JsonObject> getPublicJson(String path) {
    return get(path, false);
  }

  private Future<JsonObject> get(String pathAndQuery, boolean withDeviceToken) {
    HttpRequest<Buffer> request =
        web.getAbs(url(base, pathAndQuery))
            .putHeader("Accept", "application/json")
            .timeout(timeoutMs);
    if (withDeviceToken) {
      request.putHeader("Authorization", token.authorization());
    }
    return request.send().compose(ApiClient::json);
  }

  public Future<JsonObject> postJson(String path, JsonObject body) {
    return web.postAbs(url(base, path))
        .putHeader("Authorization", token.authorization())
        .putHeader("Accept", "application/json")
        .timeout(timeoutMs)
        .sendJsonObject(body)
        .compose(ApiClient::json);
  }

  /** PUT of a JSON body whose answer carries nothing to read (204): fails on any non-2xx. */
  public Future<Void> putJson(String path, JsonObject body) {
    return web.putAbs(url(base, path))
        .putHeader("Authorization", token.authorization())
        .timeout(timeoutMs)
        .sendJsonObject(body)
        .compose(
            r ->
                r.statusCode() / 100 == 2
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(new ApiException(r.statusCode(), r.bodyAsString())));
  }

  public Future<WebSocket> webSocket(String path) {
    return webSockets.connect(
        new WebSocketConnectOptions()
            .setAbsoluteURI(url(webSocketBase, path))
            .putHeader("Authorization", token.authorization())
            .setTimeout(timeoutMs));
  }

  public Future<Void> close() {
    web.close();
    return webSockets.close();
  }

  private static String url(URI base, String path) {
    String b = base.toString();
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
  }

  private static Future<JsonObject> json(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      String body = response.bodyAsString();
      return Future.failedFuture(
          new ApiException(
              response.statusCode(),
              body == null ? "" : body.substring(0, Math.min(body.length(), 2000))));
    }
    try {
      return Future.succeededFuture(response.bodyAsJsonObject());
    } catch (RuntimeException e) {
      return Future.failedFuture(new ApiException(response.statusCode(), "not a JSON object"));
    }
  }

  /** The api answered, but not with success. */
  public static final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String body) {
      super("api answered " + status + ": " + body);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
