package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Contract validation on the event loop")
class ContractValidationTest {

  private static final JsonObject CONTRACT =
      new JsonObject(
          """
      {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
       "paths": {"/items": {"post": {"operationId": "addItem",
         "parameters": [{"name": "limit", "in": "query", "required": true, "schema": {"type": "integer", "maximum": 10}}],
         "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
           "required": ["name"], "properties": {"name": {"type": "string", "maxLength": 5}}}}}},
         "responses": {"200": {"description": "ok"}}}}}}
      """);

  /**
   * One HTTP verticle with the contract's route, its validation replaced by {@link
   * ContractValidation}.
   */
  static final class Server extends VerticleBase {
    final CountDownLatch workerHeld = new CountDownLatch(1);
    final CountDownLatch releaseWorker = new CountDownLatch(1);
    HttpServer http;
    Context context;

    @Override
    public Future<?> start() {
      context = vertx.getOrCreateContext();
      return OpenAPIContract.from(vertx, CONTRACT)
          .compose(
              contract -> {
                RequestExtractor extractor = RequestExtractor.withBodyHandler();
                RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor);
                builder.rootHandler(BodyHandler.create(false).setBodyLimit(4096));
                builder
                    .getRoute("addItem")
                    .addHandler(
                        ctx -> {
                          ValidatedRequest validated =
                              ctx.get(ContractValidation.VALIDATED_REQUEST);
                          ctx.json(
                              new JsonObject()
                                  .put("limit", validated.getQuery().get("limit").getInteger())
                                  .put(
                                      "name", validated.getBody().getJsonObject().getString("name"))
                                  .put(
                                      "onEventLoop",
                                      Vertx.currentContext().isEventLoopContext()
                                          && !Thread.currentThread().getName().contains("worker")));
                        });
                ContractValidation.install(vertx, builder, contract, extractor);
                Router router = builder.createRouter();
                router
                    .route()
                    .failureHandler(
                        ctx ->
                            ctx.response()
                                .setStatusCode(ctx.statusCode())
                                .end(
                                    ctx.failure() == null || ctx.failure().getCause() == null
                                        ? ""
                                        : ctx.failure().getCause().getMessage()));
                return vertx
                    .createHttpServer()
                    .requestHandler(router)
                    .listen(0, "127.0.0.1")
                    .map(s -> http = s);
              });
    }
  }

  @Test
  @DisplayName(
      "valid and invalid requests are answered while the event loop's ordered worker queue is busy")
  void notQueuedBehindBlockingWork(Vertx vertx) throws Exception {
    Server server = new Server();
    Await.result(vertx.deployVerticle(server));
    // An ordered blocking task of the server's context that does not end until the test says so:
    // the router
    // builder's own validation would queue every request behind it.
    server.context.runOnContext(
        v ->
            server.context.executeBlocking(
                () -> {
                  server.workerHeld.countDown();
                  return server.releaseWorker.await(60, TimeUnit.SECONDS);
                }));
    assertThat(server.workerHeld.await(10, TimeUnit.SECONDS)).isTrue();
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(server.http.actualPort()));
    try {
      Promise<Void> answered = Promise.promise();
      var valid = client.post("/items?limit=5").sendJsonObject(new JsonObject().put("name", "tea"));
      var badQuery =
          client.post("/items?limit=50").sendJsonObject(new JsonObject().put("name", "tea"));
      var badBody =
          client
              .post("/items?limit=5")
              .sendJsonObject(new JsonObject().put("name", "far too long"));
      var missingQuery = client.post("/items").sendJsonObject(new JsonObject().put("name", "tea"));
      Future.all(valid, badQuery, badBody, missingQuery).onComplete(ar -> answered.complete());
      // All four are answered before the blocking task ends; with the builder's validation none
      // would be.
      answered.future().await(20, TimeUnit.SECONDS);
      assertThat(server.releaseWorker.getCount()).isEqualTo(1);

      assertThat(valid.result().statusCode()).as(valid.result().bodyAsString()).isEqualTo(200);
      assertThat(valid.result().bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("limit", 5).put("name", "tea").put("onEventLoop", true));
      assertThat(badQuery.result().statusCode()).isEqualTo(400);
      assertThat(badQuery.result().bodyAsString()).contains("limit");
      assertThat(badBody.result().statusCode()).isEqualTo(400);
      assertThat(missingQuery.result().statusCode()).isEqualTo(400);
    } finally {
      server.releaseWorker.countDown();
      client.close();
    }
  }
}
