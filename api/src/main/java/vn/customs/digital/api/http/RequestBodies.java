package vn.customs.digital.api.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/**
 * The body handler of every route: bodies are bounded by {@code HTTP_MAX_BODY_BYTES}, except a
 * document upload ({@code POST /api/v1/enterprises/{taxCode}/documents}), bounded by {@code
 * DOCUMENT_MAX_BYTES}. Both are read by Vert.x's own body handler, which refuses with 413 as soon
 * as a body passes its bound (by Content-Length before reading, else while reading); the larger
 * bound is given to the one route that needs it, never to the others.
 *
 * <p>It is a {@link BodyHandler} so that the router places it where a body handler goes (before
 * authentication). Both handlers are configured once, here, when it is made: its setters refuse, as
 * one setting applied to both would undo the split or drift from the constructor's.
 */
public final class RequestBodies implements BodyHandler {
  private static final Pattern UPLOAD = Pattern.compile("/api/v1/enterprises/[^/]+/documents");

  private final BodyHandler bodies;
  private final BodyHandler documents;

  public RequestBodies(long maxBodyBytes, long maxDocumentBytes) {
    this.bodies = bounded(maxBodyBytes);
    this.documents = bounded(maxDocumentBytes);
  }

  /** The one construction of both handlers: Vert.x's, bodies in memory, no file uploads. */
  private static BodyHandler bounded(long limit) {
    return BodyHandler.create(false).setBodyLimit(limit);
  }

  static boolean isUpload(HttpServerRequest request) {
    return request.method() == HttpMethod.POST
        && request.path() != null
        && UPLOAD.matcher(request.path()).matches();
  }

  @Override
  public void handle(RoutingContext ctx) {
    (isUpload(ctx.request()) ? documents : bodies).handle(ctx);
  }

  private static BodyHandler configuredWhenMade() {
    throw new UnsupportedOperationException("the body handlers are configured when made");
  }

  @Override
  public BodyHandler setHandleFileUploads(boolean handleFileUploads) {
    return configuredWhenMade();
  }

  @Override
  public BodyHandler setBodyLimit(long bodyLimit) {
    return configuredWhenMade();
  }

  @Override
  public BodyHandler setUploadsDirectory(String uploadsDirectory) {
    return configuredWhenMade();
  }

  @Override
  public BodyHandler setMergeFormAttributes(boolean mergeFormAttributes) {
    return configuredWhenMade();
  }

  @Override
  public BodyHandler setDeleteUploadedFilesOnEnd(boolean deleteUploadedFilesOnEnd) {
    return configuredWhenMade();
  }

  @Override
  public BodyHandler setPreallocateBodyBuffer(boolean preallocateBodyBuffer) {
    return configuredWhenMade();
  }
}
