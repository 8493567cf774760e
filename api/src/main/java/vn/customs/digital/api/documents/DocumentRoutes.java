package vn.customs.digital.api.documents;

import static vn.customs.digital.api.http.Requests.pathId;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.http.JsonResponses;
import vn.customs.digital.problems.Problem;

/**
 * Uploading and reading electronic documents. A trader or broker uploads for an enterprise it acts
 * for ({@link Tenancy#mayActFor}) and reads that enterprise's documents back; whoever may read a
 * declaration ({@link Declarations#readable}: its enterprise's traders and brokers, officers of its
 * office or holding it) reads the documents its versions name. Anything else answers 404.
 */
public final class DocumentRoutes {
  private final Pool pool;
  private final Tenancy tenancy;
  private final Documents documents;

  public DocumentRoutes(Pool pool, Tenancy tenancy, Documents documents) {
    this.pool = pool;
    this.tenancy = tenancy;
    this.documents = documents;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("uploadDocument").addHandler(this::upload);
    builder.getRoute("getEnterpriseDocument").addHandler(this::enterpriseDocument);
    builder.getRoute("listDeclarationDocuments").addHandler(this::listOfDeclaration);
    builder.getRoute("getDeclarationDocument").addHandler(this::declarationDocument);
  }

  /** POST /enterprises/{taxCode}/documents: the file's bytes as the body. */
  private void upload(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER);
    String owner = ctx.pathParam("taxCode");
    actingFor(caller, owner)
        .compose(v -> documents.upload(owner, caller.subject(), ctx.body().buffer()))
        .onSuccess(
            d ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader(
                        HttpHeaders.LOCATION,
                        "/api/v1/enterprises/" + owner + "/documents/" + d.id())
                    .putHeader(HttpHeaders.CONTENT_TYPE, JsonResponses.JSON)
                    .end(d.toJson().toBuffer()))
        .onFailure(ctx::fail);
  }

  /** GET /enterprises/{taxCode}/documents/{documentId}: the bytes, to the enterprise's own. */
  private void enterpriseDocument(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER);
    String owner = ctx.pathParam("taxCode");
    UUID id = pathId(ctx, "documentId", "document");
    actingFor(caller, owner).compose(v -> documents.owned(id, owner)).onComplete(sent(ctx));
  }

  /**
   * GET /declarations/{id}/documents/{documentId}: the bytes of a document the declaration names.
   */
  private void declarationDocument(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER, Role.OFFICER);
    UUID declaration = pathId(ctx, "id", "declaration");
    UUID id = pathId(ctx, "documentId", "document");
    Declarations.readable(pool, tenancy, caller, declaration)
        .compose(d -> documents.namedBy(declaration, id))
        .onComplete(sent(ctx));
  }

  /**
   * GET /declarations/{id}/documents: the documents the current version lists, as signed, each with
   * its stored type and size.
   */
  private void listOfDeclaration(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER, Role.OFFICER);
    UUID declaration = pathId(ctx, "id", "declaration");
    Declarations.readable(pool, tenancy, caller, declaration)
        .compose(
            d -> {
              JsonArray listed = d.document().getJsonArray("documents", new JsonArray());
              java.util.List<UUID> ids = new java.util.ArrayList<>();
              listed.forEach(
                  o -> ids.add(UUID.fromString(((JsonObject) o).getString("documentId"))));
              return Documents.ofOwner(pool, d.enterpriseTaxCode(), ids)
                  .map(
                      found -> {
                        JsonArray items = new JsonArray();
                        for (int i = 0; i < listed.size(); i++) {
                          JsonObject entry = listed.getJsonObject(i).copy();
                          Documents.Document stored = found.get(ids.get(i));
                          entry
                              .put("mediaType", stored.mediaType())
                              .put("sizeBytes", stored.sizeBytes())
                              .put(
                                  "href",
                                  "/api/v1/declarations/"
                                      + declaration
                                      + "/documents/"
                                      + stored.id());
                          items.add(entry);
                        }
                        return new JsonObject()
                            .put("declarationId", declaration.toString())
                            .put("version", d.version())
                            .put("items", items);
                      });
            })
        .onSuccess(
            body ->
                ConditionalGet.send(ctx, JsonResponses.JSON, "private, no-cache", body.toBuffer()))
        .onFailure(ctx::fail);
  }

  private Future<Void> actingFor(Caller caller, String owner) {
    return tenancy
        .mayActFor(caller, owner)
        .compose(
            may ->
                may
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        Problem.notFound("no enterprise " + owner + " for this caller")
                            .exception()));
  }

  /**
   * Sends a document's bytes: its recognised type, a download name of its id, never sniffed by the
   * browser, with its SHA-256 as a strong ETag (the bytes never change); 304 when the client holds
   * them.
   */
  private io.vertx.core.Handler<io.vertx.core.AsyncResult<Documents.Document>> sent(
      RoutingContext ctx) {
    return found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      Documents.Document d = found.result();
      String etag = "\"" + d.sha256() + "\"";
      var response =
          ctx.response()
              .putHeader(HttpHeaders.ETAG, etag)
              .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache")
              .putHeader("X-Content-Type-Options", "nosniff");
      if (ConditionalGet.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
        response.setStatusCode(304).end();
        return;
      }
      documents
          .content(d)
          .onSuccess(
              bytes ->
                  response
                      .putHeader(HttpHeaders.CONTENT_TYPE, d.mediaType())
                      .putHeader(
                          HttpHeaders.CONTENT_DISPOSITION,
                          "inline; filename=\"" + d.fileName() + "\"")
                      .end(bytes))
          .onFailure(ctx::fail);
    };
  }
}
