package vn.customs.digital.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import vn.customs.digital.api.auth.EnterpriseKeys;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.ReferenceData;
import vn.customs.digital.api.declarations.Submissions;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.api.risk.RiskService;
import vn.customs.digital.api.signing.ServiceKeys;
import vn.customs.digital.api.payments.PaymentService;
import vn.customs.digital.notifications.NotificationRoutes;

/**
 * What every HTTP verticle shares: one pool, one clock, and the process-wide caches (reference
 * data, the compiled ruleset, trader profiles). Built once in {@link Main}.
 */
public record Services(
    ApiConfig config,
    Pool pool,
    Clock clock,
    Contract contract,
    PrometheusMeterRegistry registry,
    String schemaVersion,
    ReferenceData reference,
    RiskService risk,
    Tenancy tenancy,
    EnterpriseKeys keys,
    Submissions submissions,
    NotificationRoutes notifications,
    ServiceKeys serviceKeys,
    PaymentService payments) {
}
