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
 */
public final class RequestBodies implements BodyHandler {
  private static final Pattern UPLOAD = Pattern.compile("/api/v1/enterprises/[^/]+/documents");

  private final BodyHandler bodies;
  private final BodyHandler documents;

  public RequestBodies(long maxBodyBytes, long maxDocumentBytes) {
    this.bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    this.documents = BodyHandler.create(false).setBodyLimit(maxDocumentBytes);
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

  @Override
  public BodyHandler setHandleFileUploads(boolean handleFileUploads) {
    bodies.setHandleFileUploads(handleFileUploads);
    documents.setHandleFileUploads(handleFileUploads);
    return this;
  }

  /** Both bounds are the constructor's: a single limit would undo the split. */
  @Override
  public BodyHandler setBodyLimit(long bodyLimit) {
    throw new UnsupportedOperationException("the body limits are set when the handler is made");
  }

  @Override
  public BodyHandler setUploadsDirectory(String uploadsDirectory) {
    bodies.setUploadsDirectory(uploadsDirectory);
    documents.setUploadsDirectory(uploadsDirectory);
    return this;
  }

  @Override
  public BodyHandler setMergeFormAttributes(boolean mergeFormAttributes) {
    bodies.setMergeFormAttributes(mergeFormAttributes);
    documents.setMergeFormAttributes(mergeFormAttributes);
    return this;
  }

  @Override
  public BodyHandler setDeleteUploadedFilesOnEnd(boolean deleteUploadedFilesOnEnd) {
    bodies.setDeleteUploadedFilesOnEnd(deleteUploadedFilesOnEnd);
    documents.setDeleteUploadedFilesOnEnd(deleteUploadedFilesOnEnd);
    return this;
  }

  @Override
  public BodyHandler setPreallocateBodyBuffer(boolean preallocateBodyBuffer) {
    bodies.setPreallocateBodyBuffer(preallocateBodyBuffer);
    documents.setPreallocateBodyBuffer(preallocateBodyBuffer);
    return this;
  }
}
