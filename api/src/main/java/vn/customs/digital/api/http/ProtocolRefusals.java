package vn.customs.digital.api.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.problems.RequestIds;

/**
 * Requests refused below the router, by the HTTP/1 decoder: a request line or URI over the limit
 * (414), header fields over the limit (431), a malformed request line or header (400, e.g. a
 * control character in a header value), and a request line of a protocol other than HTTP/1 (400).
 * Vert.x answers these with an empty body; here they get a problem like every other refusal, as far
 * as the connection still allows: the response is written and the connection closed, because the
 * decoder may no longer know where the next request starts.
 *
 * <p>Versions: RFC 9112 (2.3) has a server process a higher HTTP/1 minor version (HTTP/1.2) as the
 * highest it speaks, but Vert.x answers anything but HTTP/1.0 and 1.1 with a bare 501 before any
 * handler runs. A pipeline handler behind the decoder therefore reads HTTP/1.x as HTTP/1.1, and
 * marks any other version as a decoding failure, so that it reaches {@link #refuse} as a 400
 * problem. It reaches the pipeline through Vert.x's internal {@link HttpServerConnection}; {@code
 * ProtocolRefusalsTest} fails if an upgrade changes that.
 */
public final class ProtocolRefusals {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolRefusals.class);
  private static final String VERSION_HANDLER = "dc-http-version";
  private static final int MAX_DETAIL = 200;

  private ProtocolRefusals() {}

  /** Installs the refusals on a server not yet listening; returns it. */
  public static HttpServer install(HttpServer server) {
    return server
        .invalidRequestHandler(ProtocolRefusals::refuse)
        .connectionHandler(ProtocolRefusals::readVersions);
  }

  /** A version this service does not speak, found by {@link HttpVersionReader}. */
  static final class UnsupportedVersion extends RuntimeException {
    UnsupportedVersion(String version) {
      super(version + " is not spoken here: send HTTP/1.1", null, false, false);
    }
  }

  static void refuse(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem =
          Problem.of(
              "uri-too-long",
              414,
              "The request line is too long",
              "the request line (method, URI and version) exceeds the limit of this service; send long input in a body");
    } else if (cause instanceof TooLongHttpHeaderException
        || cause instanceof TooLongFrameException) {
      problem =
          Problem.of(
              "header-fields-too-large",
              431,
              "The request's header fields are too large",
              "the header fields exceed the limit of this service");
    } else {
      problem =
          Problem.badRequest(
              "the request is not well-formed HTTP/1.1: " + message(cause), List.of());
    }
    String requestId = UUID.randomUUID().toString();
    LOG.atDebug()
        .addKeyValue("requestId", requestId)
        .addKeyValue("status", problem.status())
        .log("request refused by the HTTP decoder: " + message(cause));
    HttpServerResponse response = request.response();
    response
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader(RequestIds.HEADER, requestId)
        .end(problem.toJson(null, requestId).toBuffer())
        .onComplete(done -> request.connection().close());
  }

  private static String message(Throwable cause) {
    String m = cause == null || cause.getMessage() == null ? "malformed" : cause.getMessage();
    return m.length() > MAX_DETAIL ? m.substring(0, MAX_DETAIL) + "..." : m;
  }

  private static void readVersions(HttpConnection connection) {
    if (connection instanceof HttpServerConnection internal) {
      ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
      // HTTP/2 connections have no "handler" of HTTP/1 messages, and need none.
      if (pipeline.get("handler") != null
          && pipeline.get(VERSION_HANDLER) == null
          && pipeline.get("httpDecoder") != null) {
        pipeline.addBefore("handler", VERSION_HANDLER, HttpVersionReader.INSTANCE);
      }
    }
  }

  /**
   * Between the HTTP/1 decoder and Vert.x: HTTP/1.x is read as HTTP/1.1; another version is a
   * decoding failure.
   */
  @ChannelHandler.Sharable
  static final class HttpVersionReader extends ChannelInboundHandlerAdapter {
    static final HttpVersionReader INSTANCE = new HttpVersionReader();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
        HttpVersion version = request.protocolVersion();
        if (version != HttpVersion.HTTP_1_0 && version != HttpVersion.HTTP_1_1) {
          request.setProtocolVersion(HttpVersion.HTTP_1_1);
          if (!"HTTP".equals(version.protocolName()) || version.majorVersion() != 1) {
            request.setDecoderResult(DecoderResult.failure(new UnsupportedVersion(version.text())));
          }
        }
      }
      ctx.fireChannelRead(msg);
    }
  }
}
