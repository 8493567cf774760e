package vn.customs.digital.api;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import vn.customs.digital.api.audit.AuditCheckpoints;
import vn.customs.digital.api.audit.AuditConfig;
import vn.customs.digital.api.audit.AuditSequencer;
import vn.customs.digital.api.auth.EnterpriseKeys;
import vn.customs.digital.api.auth.Identity;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.ReferenceData;
import vn.customs.digital.api.declarations.Submissions;
import vn.customs.digital.api.gates.GateFeedListener;
import vn.customs.digital.api.payments.PaymentService;
import vn.customs.digital.api.payments.PaymentsConfig;
import vn.customs.digital.api.payments.VnpayGateway;
import vn.customs.digital.api.procedures.PageCache;
import vn.customs.digital.api.risk.RiskService;
import vn.customs.digital.api.signing.ServiceKeys;
import vn.customs.digital.notifications.FcmPushSender;
import vn.customs.digital.notifications.NotificationRoutes;
import vn.customs.digital.notifications.NotificationWorker;
import vn.customs.digital.notifications.NotificationsConfig;
import vn.customs.digital.notifications.NotificationsSchema;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.api.platform.Database;
import vn.customs.digital.api.platform.DatabaseSettings;
import vn.customs.digital.api.platform.Retention;
import vn.customs.digital.api.platform.RetentionConfig;

/**
 * Starts the api: configuration, metrics, migrations (on a worker thread), one pool, one HTTP
 * verticle per event loop. SIGTERM/Ctrl-C undeploys gracefully and closes the pool.
 */
public final class Main {
  /** How soon a committed audit record is chained when the sequencer is idle, and its batch. */
  private static final Duration AUDIT_CHAIN_INTERVAL = Duration.ofMillis(200);
  private static final int AUDIT_CHAIN_BATCH = 500;
  private static final int RETENTION_BATCH = 5_000;

  private Main() {}

  public static void main(String[] args) {
    ApiConfig config;
    try {
      config = ApiConfig.fromEnv(System.getenv());
      NotificationsConfig.fromEnv(System.getenv());
      PaymentsConfig.fromEnv(System.getenv());
      AuditConfig.fromEnv(System.getenv());
      RetentionConfig.fromEnv(System.getenv());
    } catch (ApiConfig.InvalidConfig | IllegalArgumentException e) {
      System.err.println("digital-customs api: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.setProperty("logback.configurationFile", "logback-" + config.logFormat() + ".xml");
    Logger log = LoggerFactory.getLogger(Main.class);
    try {
      Running running = start(config, System.getenv()).join();
      log.atInfo().addKeyValue("port", running.port()).log("api started: http://localhost:" + running.port()
          + "/api/v1/procedures , contract at /api/v1/openapi.yaml");
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("shutting down: finishing in-flight requests");
        running.close().toCompletionStage().toCompletableFuture().join();
        log.info("stopped");
        stopped.countDown();
      }, "shutdown"));
    } catch (RuntimeException e) {
      log.error("api failed to start: {}", rootMessage(e), e);
      System.exit(1);
    }
  }

  /** A started api; tests start one the same way. */
  public record Running(Vertx vertx, Pool pool, int port, NotificationRoutes liveStreams, Identity identity) {
    public Future<Void> close() {
      // Verticles first (in-flight requests still use the pool), then the live streams' LISTEN connection (so it
      // does not try to reconnect), then the pool, then the rest.
      return Future.join(vertx.deploymentIDs().stream().map(vertx::undeploy).toList())
          .<Void>mapEmpty()
          .recover(e -> Future.succeededFuture())
          .compose(v -> liveStreams.close().recover(e -> Future.succeededFuture()))
          .compose(v -> pool.close())
          .compose(v -> vertx.close());
    }
  }

  /**
   * Starts everything; completes off the event loop, so the caller may block on it. On failure
   * whatever was started is closed and the cause is reported.
   */
  public static CompletableFuture<Running> start(ApiConfig config, Map<String, String> env) {
    return start(config, env, Clock.systemUTC());
  }

  /** As {@link #start(ApiConfig, Map)}, on {@code clock}: every part of the api tells the time by it. */
  public static CompletableFuture<Running> start(ApiConfig config, Map<String, String> env, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.addRegistry(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(config.eventLoops())
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(false)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Pool pool = Database.pool(vertx, config.database(), config.eventLoops());
    NotificationsConfig notifications = NotificationsConfig.fromEnv(env);
    PaymentsConfig payments = PaymentsConfig.fromEnv(env);
    AuditConfig audit = AuditConfig.fromEnv(env);
    RetentionConfig retention = RetentionConfig.fromEnv(env);
    Future<Running> started = Database.migrate(vertx, config.database())
        .compose(version -> vertx.executeBlocking(() -> {
          ApiConfig.Database db = config.database();
          NotificationsSchema.migrate(db.jdbcUrl(), db.user(), db.password());
          return version;
        }, false))
        .compose(version -> Contract.load(vertx, "openapi.yaml")
            .compose(contract -> ReferenceData.start(vertx, pool, Duration.ofMinutes(10))
                .compose(reference -> new RiskService(pool, clock).start(vertx)
                    .compose(risk -> NotificationRoutes.start(vertx, pool, notifications)
                        .compose(routes -> ServiceKeys.load(vertx, config.signing().keyFile(),
                                config.signing().retiredKeysFile(), config.signing().mayCreate())
                            .compose(serviceKeys -> Identity.start(vertx, config.auth(), clock).map(identity -> {
                              Tenancy tenancy = new Tenancy(pool, clock);
                              Submissions submissions = new Submissions(clock, reference, risk, tenancy);
                              return new Services(config, pool, clock, contract, registry, version, reference, risk, tenancy,
                                  new EnterpriseKeys(pool, clock), submissions, routes,
                                  serviceKeys, new PaymentService(pool, clock, new VnpayGateway(payments), payments, serviceKeys,
                                      submissions, tenancy, risk).start(vertx),
                                  identity, PageCache.forCatalogue());
                            })))))))
        .compose(services -> deploy(vertx, services, audit, retention)
            .compose(port -> FcmPushSender.create(vertx, notifications, clock)
                .compose(sender -> vertx.deployVerticle(new NotificationWorker(pool, notifications, sender, clock)))
                .map(id -> new Running(vertx, pool, port, services.notifications(), services.identity()))));
    CompletableFuture<Running> result = new CompletableFuture<>();
    started.onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else {
        // Complete first: once vertx is closed, its contexts can no longer deliver anything.
        result.completeExceptionally(ar.cause());
        pool.close().eventually(vertx::close);
      }
    });
    return result;
  }

  private static Future<Integer> deploy(Vertx vertx, Services services, AuditConfig audit, RetentionConfig retention) {
    return vertx.deployVerticle(() -> new ApiVerticle(services),
            new DeploymentOptions().setInstances(services.config().eventLoops()))
        .compose(id -> vertx.deployVerticle(new GateFeedListener(services.pool())))
        .compose(id -> vertx.deployVerticle(new AuditSequencer(services.pool(), AUDIT_CHAIN_INTERVAL, AUDIT_CHAIN_BATCH)))
        .compose(id -> vertx.deployVerticle(new AuditCheckpoints(services.pool(), services.serviceKeys(), services.clock(),
            audit.checkpointInterval())))
        .compose(id -> vertx.deployVerticle(new Retention(services.pool(), services.clock(), retention, RETENTION_BATCH)))
        .compose(id -> DatabaseSettings.warnings(services.pool())
            .onSuccess(warnings -> warnings.forEach(w -> LoggerFactory.getLogger(Main.class).warn("PostgreSQL: {}", w)))
            .<Object>mapEmpty().otherwiseEmpty())
        .map(id -> services.config().httpPort());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
