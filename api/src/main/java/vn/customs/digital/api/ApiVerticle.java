package vn.customs.digital.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.assessment.TariffRoutes;
import vn.customs.digital.api.audit.AuditRoutes;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.IdentityRoutes;
import vn.customs.digital.api.declarations.DeclarationRoutes;
import vn.customs.digital.api.documents.DocumentRoutes;
import vn.customs.digital.api.gates.DeviceAuthenticator;
import vn.customs.digital.api.gates.GateRoutes;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.Cors;
import vn.customs.digital.api.http.InputGuard;
import vn.customs.digital.api.http.Language;
import vn.customs.digital.api.http.Problems;
import vn.customs.digital.api.http.ProtocolRefusals;
import vn.customs.digital.api.http.RequestBodies;
import vn.customs.digital.api.officers.OfficerRoutes;
import vn.customs.digital.api.officers.PostReleaseRoutes;
import vn.customs.digital.api.payments.PaymentRoutes;
import vn.customs.digital.api.permits.AgencyAuthenticator;
import vn.customs.digital.api.permits.PermitRoutes;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.api.platform.Database;
import vn.customs.digital.api.platform.DatabaseSettings;
import vn.customs.digital.api.platform.ServiceMetrics;
import vn.customs.digital.api.procedures.ProcedureRoutes;
import vn.customs.digital.api.risk.ReferencePriceRoutes;
import vn.customs.digital.api.risk.RiskRoutes;
import vn.customs.digital.notifications.NotificationRoutes;
import vn.customs.digital.notifications.NotificationUser;
import vn.customs.digital.problems.RequestIds;

/** One HTTP server per event loop; every route of the service is wired here. */
public final class ApiVerticle extends VerticleBase {
  private static final Logger ACCESS = LoggerFactory.getLogger("access");

  private final Services services;
  private final ApiConfig config;
  private final Pool pool;
  private final Contract contract;
  private HttpServer server;
  private Router router;

  public ApiVerticle(Services services) {
    this.services = services;
    this.config = services.config();
    this.pool = services.pool();
    this.contract = services.contract();
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setCompressionSupported(true)
                .setMaxHeaderSize(16 * 1024)
                .setMaxInitialLineLength(8 * 1024));
    ProtocolRefusals.install(server);
    router = router();
    return server.requestHandler(router).listen();
  }

  @Override
  public Future<?> stop() {
    // In-flight requests get the grace period to finish; new connections are refused meanwhile.
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The routes this verticle serves, once started (the same on every event loop). */
  List<Route> routes() {
    return router == null ? List.of() : router.getRoutes();
  }

  Router router() {
    RequestExtractor extractor = RequestExtractor.withBodyHandler();
    RouterBuilder builder = RouterBuilder.create(vertx, contract.routing(), extractor);
    builder.rootHandler(new RequestIds());
    if (config.accessLog()) {
      builder.rootHandler((PlatformHandler) ApiVerticle::accessLog);
    }
    // Input is decoded and checked once, before any route reads it: the target before the body is
    // read, the body after.
    InputGuard guard = new InputGuard(contract.document().getJsonObject("paths").fieldNames());
    builder.rootHandler(guard.target());
    if (!config.corsAllowedOrigins().isEmpty()) {
      builder.rootHandler(new Cors(config.corsAllowedOrigins()));
    }
    builder.rootHandler(new RequestBodies(config.maxBodyBytes(), config.documentMaxBytes()));
    // Gate agents' routes take the device's own token; every other route an access token.
    // Agencies read the permit register with a token of their own (typ agency+jwt).
    builder.rootHandler(
        new AgencyAuthenticator(
            services.permitAgencies(),
            config.auth().audience(),
            services.clock(),
            new DeviceAuthenticator(
                pool,
                config.auth().audience(),
                services.clock(),
                services.identity().authenticator())));
    builder.rootHandler(guard.body());

    // What holds state (keys, caches) comes from Services, made once for the process: the same on
    // every event loop.
    new ProcedureRoutes(services.catalogue(), services.procedurePages(), services.procedureIndex())
        .mount(builder);
    new TariffRoutes(services.catalogue()).mount(builder);
    new IdentityRoutes(services.identity(), services.delegations(), services.keys()).mount(builder);
    new DeclarationRoutes(
            pool, services.clock(), services.lifecycle(), services.keys(), services.tenancy())
        .mount(builder);
    new PaymentRoutes(pool, services.clock(), services.payments(), services.tenancy())
        .mount(builder);
    new DocumentRoutes(pool, services.tenancy(), services.documents()).mount(builder);
    new PermitRoutes(pool, services.clock(), services.permitAgencies(), services.tenancy())
        .mount(builder);
    new GateRoutes(vertx, pool, services.clock(), services.tenancy(), services.gates())
        .mount(builder);
    new OfficerRoutes(pool, services.officers(), services.tenancy()).mount(builder);
    new PostReleaseRoutes(services.officers()).mount(builder);
    new RiskRoutes(pool, services.clock(), services.risk()).mount(builder);
    new ReferencePriceRoutes(pool, services.clock(), services.risk(), services.reference())
        .mount(builder);
    new AuditRoutes(pool).mount(builder);

    builder
        .getRoute("getServiceJwks")
        .addHandler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                    .end(services.serviceKeys().publicJwks().toBuffer()));
    builder
        .getRoute("getContract")
        .addHandler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                    .end(contract.yaml()));
    builder
        .getRoute("getLiveness")
        .addHandler(
            HealthCheckHandler.create(vertx).register("process", p -> p.complete(Status.OK())));
    builder
        .getRoute("getReadiness")
        .addHandler(
            HealthCheckHandler.createWithHealthChecks(
                HealthChecks.create(vertx)
                    .register(
                        "database",
                        Database.READY_CHECK_TIMEOUT_MS,
                        Database.readiness(vertx, pool, services.schemaVersion()))
                    // Settings that hurt the service are named, without making it unready
                    // (DatabaseSettings).
                    .register(
                        "database-settings",
                        Database.READY_CHECK_TIMEOUT_MS,
                        p ->
                            DatabaseSettings.warnings(pool)
                                .onSuccess(
                                    w ->
                                        p.tryComplete(
                                            Status.OK(
                                                new JsonObject()
                                                    .put("warnings", new JsonArray(w)))))
                                .onFailure(e -> p.tryComplete(Status.KO())))));
    builder.getRoute("getMetrics").addHandler(ServiceMetrics.scrape(services.registry()));
    for (NotificationRoutes.Endpoint endpoint :
        services
            .notifications()
            .endpoints(
                ctx -> {
                  Caller caller = Caller.of(ctx);
                  Language lang = Language.of(ctx);
                  // An officer's offices address the queue events of those offices to it.
                  return new NotificationUser(
                      caller.subject(),
                      caller.taxCode(),
                      Set.of(caller.role().claim()),
                      lang.tag(),
                      Set.copyOf(caller.offices()));
                })) {
      builder.getRoute(endpoint.operationId()).addHandler(endpoint.handler());
    }
    // Every route is an operation of the contract, mounted here: one the contract has and nothing
    // serves would answer 503 (the builder's stand-in), so the api does not start with one.
    List<String> unserved = unservedOperations(builder);
    if (!unserved.isEmpty()) {
      throw new IllegalStateException(
          "operations of the contract without a handler: " + String.join(", ", unserved));
    }
    ContractValidation.install(vertx, builder, contract.routing(), extractor);
    Router router = builder.createRouter();
    // The phone app and the officer's desk: static files of the web module, not operations of the
    // contract (RoutesMatchContractTest names them as its one exception).
    services.app().mount(router);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, Problems::handle);
    router.errorHandler(405, Problems::handle);
    return router;
  }

  /** The contract's operations that no handler serves, by operation id. */
  static List<String> unservedOperations(RouterBuilder builder) {
    return builder.getRoutes().stream()
        .filter(r -> r.getHandlers().isEmpty())
        .map(r -> r.getOperation().getOperationId())
        .sorted()
        .toList();
  }

  private static void accessLog(RoutingContext ctx) {
    long start = System.nanoTime();
    // the request's trace, as Vert.x's tracer took it from traceparent or began it: the line is
    // logged in it (its MDC, TraceIdMdc) and names it
    io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
    SpanContext span = Span.fromContext(trace).getSpanContext();
    String traceId = span.isValid() ? span.getTraceId() : "-";
    ctx.addEndHandler(
        done -> {
          try (Scope scope = trace.makeCurrent()) {
            ACCESS
                .atInfo()
                .addKeyValue("requestId", RequestIds.of(ctx))
                .addKeyValue("traceId", traceId)
                .addKeyValue("method", ctx.request().method().name())
                .addKeyValue("path", ctx.request().path())
                .addKeyValue("status", ctx.response().getStatusCode())
                .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000.0)
                .log("request");
          }
        });
    ctx.next();
  }
}
