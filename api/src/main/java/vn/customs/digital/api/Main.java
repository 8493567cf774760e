package vn.customs.digital.api;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Route;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.sqlclient.Pool;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.app.AppShell;
import vn.customs.digital.api.audit.AuditCheckpoints;
import vn.customs.digital.api.audit.AuditSequencer;
import vn.customs.digital.api.auth.Delegations;
import vn.customs.digital.api.auth.EnterpriseKeys;
import vn.customs.digital.api.auth.Identity;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.declarations.ReferenceData;
import vn.customs.digital.api.documents.Documents;
import vn.customs.digital.api.documents.PostgresDocumentStore;
import vn.customs.digital.api.gates.GateFeedListener;
import vn.customs.digital.api.gates.Gates;
import vn.customs.digital.api.officers.OfficerDesk;
import vn.customs.digital.api.payments.PaymentService;
import vn.customs.digital.api.payments.VnpayGateway;
import vn.customs.digital.api.permits.PermitAgencies;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.api.platform.Database;
import vn.customs.digital.api.platform.DatabaseSettings;
import vn.customs.digital.api.platform.Retention;
import vn.customs.digital.api.platform.ServiceMetrics;
import vn.customs.digital.api.platform.Tracing;
import vn.customs.digital.api.procedures.PageCache;
import vn.customs.digital.api.procedures.ProcedureIndex;
import vn.customs.digital.api.risk.RiskService;
import vn.customs.digital.api.signing.ServiceKeys;
import vn.customs.digital.notifications.FcmPushSender;
import vn.customs.digital.notifications.NotificationRoutes;
import vn.customs.digital.notifications.NotificationWorker;
import vn.customs.digital.notifications.NotificationsSchema;
import vn.customs.digital.notifications.PushSender;

/**
 * Starts the api: configuration, metrics, migrations (on a worker thread), the pool and the public
 * catalogue's own small pool, one HTTP verticle per event loop. SIGTERM/Ctrl-C undeploys gracefully
 * and closes the pools.
 */
public final class Main {
  /** How soon a committed audit record is chained when the sequencer is idle, and its batch. */
  private static final Duration AUDIT_CHAIN_INTERVAL = Duration.ofMillis(200);

  private static final int AUDIT_CHAIN_BATCH = 500;
  private static final int RETENTION_BATCH = 5_000;

  /** How often the procedure index asks whether the catalogue changed: its staleness bound. */
  private static final Duration PROCEDURE_INDEX_CHECK = Duration.ofSeconds(60);

  private Main() {}

  public static void main(String[] args) {
    Settings settings;
    try {
      settings = Settings.fromEnv(System.getenv());
    } catch (ApiConfig.InvalidConfig e) {
      System.err.println(
          "digital-customs api: the configuration has " + e.problems().size() + " problem(s):");
      e.problems().forEach(p -> System.err.println("  - " + p));
      System.exit(2);
      return;
    }
    System.setProperty(
        "logback.configurationFile", "logback-" + settings.api().logFormat() + ".xml");
    Logger log = LoggerFactory.getLogger(Main.class);
    try {
      Running running = start(settings, Clock.systemUTC()).join();
      log.atInfo()
          .addKeyValue("port", running.port())
          .log(
              "api started: http://localhost:"
                  + running.port()
                  + "/api/v1/procedures , contract at /api/v1/openapi.yaml");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    log.info("shutting down: finishing in-flight requests");
                    running.close().toCompletionStage().toCompletableFuture().join();
                    log.info("stopped");
                    flushLogs();
                  },
                  "shutdown"));
    } catch (RuntimeException e) {
      log.error("api failed to start: {}", rootMessage(e), e);
      flushLogs();
      System.exit(1);
    }
  }

  /**
   * Writes out the log lines still queued (the logback configurations write from a thread of their
   * own, see logback-text.xml), before the process exits.
   */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      logging.stop();
    }
  }

  /** A started api; tests start one the same way. */
  public record Running(
      Vertx vertx,
      Pool pool,
      Pool catalogue,
      int port,
      NotificationRoutes liveStreams,
      Identity identity,
      Tracing tracing,
      List<ApiVerticle> apis) {
    /** The routes the api's router mounted (every event loop's router mounts the same). */
    public List<Route> routes() {
      return apis.get(0).routes();
    }

    public Future<Void> close() {
      // Verticles first (in-flight requests still use the pools), then the live streams' LISTEN
      // connection (so it does not try to reconnect), then the pools, then the rest.
      return Future.join(vertx.deploymentIDs().stream().map(vertx::undeploy).toList())
          .<Void>mapEmpty()
          .recover(e -> Future.succeededFuture())
          .compose(v -> liveStreams.close().recover(e -> Future.succeededFuture()))
          .compose(v -> Future.join(pool.close(), catalogue.close()).<Void>mapEmpty())
          .compose(v -> vertx.close())
          .eventually(tracing::shutdown);
    }
  }

  /** Starts everything configured by {@code env} (see {@link Settings}), on the system clock. */
  public static CompletableFuture<Running> start(Map<String, String> env) {
    return start(Settings.fromEnv(env), Clock.systemUTC());
  }

  /** As {@link #start(Map)}, on {@code clock}: every part of the api tells the time by it. */
  public static CompletableFuture<Running> start(Map<String, String> env, Clock clock) {
    return start(Settings.fromEnv(env), clock);
  }

  /**
   * Starts everything, one step after the other, on the calling thread, which must not be an event
   * loop (the steps are waited for); everything holding state is made here once and handed to
   * whoever uses it. On failure whatever was started is closed and the returned future carries the
   * cause.
   */
  public static CompletableFuture<Running> start(Settings settings, Clock clock) {
    ApiConfig config = settings.api();
    PrometheusMeterRegistry registry = ServiceMetrics.registry();
    Tracing tracing = Tracing.start(settings.tracing());
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setEventLoopPoolSize(config.eventLoops())
                    .setMetricsOptions(ServiceMetrics.vertxOptions())
                    .setTracingOptions(new OpenTelemetryOptions()))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .withTracer(tracing.vertxTracer())
            .build();
    Pool pool = Database.pool(vertx, config.database(), config.eventLoops());
    Pool catalogue = Database.cataloguePool(vertx, config.database(), config.eventLoops());
    try {
      // The schema first (JDBC, on a worker thread), then what the requests need, then the
      // verticles. The notifications module's schema before the api's: the api's migrations use
      // its functions (V23 partitions its tables by year with year_partition_create).
      ApiConfig.Database db = config.database();
      Database.accepting(vertx, db).await();
      vertx
          .executeBlocking(
              () -> {
                NotificationsSchema.migrate(db.jdbcUrl(), db.user(), db.password());
                return null;
              },
              false)
          .await();
      String schemaVersion = Database.migrate(vertx, db).await();
      Contract contract = Contract.load(vertx, "openapi.yaml").await();
      ReferenceData reference = ReferenceData.start(vertx, pool, Duration.ofMinutes(10)).await();
      RiskService risk = new RiskService(pool, clock).start(vertx).await();
      Gates.countKnownGates(pool).await();
      ProcedureIndex procedureIndex =
          ProcedureIndex.start(vertx, catalogue, PROCEDURE_INDEX_CHECK).await();
      NotificationRoutes liveStreams =
          NotificationRoutes.start(vertx, pool, settings.notifications()).await();
      ServiceKeys serviceKeys =
          ServiceKeys.load(
                  vertx,
                  config.signing().keyFile(),
                  config.signing().retiredKeysFile(),
                  config.signing().mayCreate())
              .await();
      Identity identity = Identity.start(vertx, config.auth(), clock).await();
      AppShell app = AppShell.load(vertx, settings.app(), config.auth()).await();
      Tenancy tenancy = new Tenancy(pool, clock);
      DeclarationLifecycle lifecycle =
          new DeclarationLifecycle(pool, clock, reference, risk, tenancy);
      PaymentService payments =
          new PaymentService(
                  pool,
                  clock,
                  new VnpayGateway(settings.payments()),
                  settings.payments(),
                  serviceKeys,
                  lifecycle,
                  tenancy,
                  risk)
              .start(vertx);
      Services services =
          new Services(
              config,
              pool,
              clock,
              contract,
              registry,
              schemaVersion,
              reference,
              risk,
              tenancy,
              new EnterpriseKeys(pool, clock),
              new Delegations(pool, clock),
              lifecycle,
              new OfficerDesk(pool, clock, lifecycle, risk),
              liveStreams,
              Gates.create(
                  vertx, pool, clock, serviceKeys, lifecycle, contract, config.passageCommandTtl()),
              serviceKeys,
              payments,
              new Documents(
                  pool, clock, new PostgresDocumentStore(pool), config.documentMaxBytes()),
              PermitAgencies.load(vertx, config.permitAgenciesFile()).await(),
              identity,
              catalogue,
              PageCache.forCatalogue(),
              procedureIndex,
              app);

      List<ApiVerticle> apis = new CopyOnWriteArrayList<>();
      vertx
          .deployVerticle(
              () -> {
                ApiVerticle api = new ApiVerticle(services);
                apis.add(api);
                return api;
              },
              new DeploymentOptions().setInstances(config.eventLoops()))
          .await();
      vertx.deployVerticle(new GateFeedListener(pool)).await();
      vertx
          .deployVerticle(new AuditSequencer(pool, AUDIT_CHAIN_INTERVAL, AUDIT_CHAIN_BATCH))
          .await();
      vertx
          .deployVerticle(
              new AuditCheckpoints(pool, serviceKeys, clock, settings.audit().checkpointInterval()))
          .await();
      vertx
          .deployVerticle(new Retention(pool, clock, settings.retention(), RETENTION_BATCH))
          .await();
      warnAboutDatabaseSettings(pool);
      PushSender sender = FcmPushSender.create(vertx, settings.notifications(), clock).await();
      vertx
          .deployVerticle(
              new NotificationWorker(
                  pool, settings.notifications(), sender, clock, tracing.openTelemetry()))
          .await();
      return CompletableFuture.completedFuture(
          new Running(
              vertx,
              pool,
              catalogue,
              config.httpPort(),
              liveStreams,
              identity,
              tracing,
              List.copyOf(apis)));
    } catch (Throwable e) {
      Future.join(pool.close(), catalogue.close())
          .eventually(vertx::close)
          .eventually(tracing::shutdown);
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Logs what PostgreSQL is set to that hurts (a failure to read it is no reason not to start). */
  private static void warnAboutDatabaseSettings(Pool pool) {
    DatabaseSettings.warnings(pool)
        .onSuccess(
            warnings ->
                warnings.forEach(
                    w -> LoggerFactory.getLogger(Main.class).warn("PostgreSQL: {}", w)))
        .otherwiseEmpty()
        .await();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
