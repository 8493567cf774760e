package vn.customs.digital.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import vn.customs.digital.api.app.AppShell;
import vn.customs.digital.api.auth.Delegations;
import vn.customs.digital.api.auth.EnterpriseKeys;
import vn.customs.digital.api.auth.Identity;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.declarations.ReferenceData;
import vn.customs.digital.api.documents.Documents;
import vn.customs.digital.api.gates.Gates;
import vn.customs.digital.api.officers.OfficerDesk;
import vn.customs.digital.api.payments.PaymentService;
import vn.customs.digital.api.permits.PermitAgencies;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.api.procedures.PageCache;
import vn.customs.digital.api.procedures.ProcedureIndex;
import vn.customs.digital.api.risk.RiskService;
import vn.customs.digital.api.signing.ServiceKeys;
import vn.customs.digital.notifications.NotificationRoutes;

/**
 * What every HTTP verticle shares: one pool (and the public catalogue's own, {@code catalogue}),
 * one clock, and the process-wide state (reference data, the compiled ruleset, trader profiles, the
 * token issuer's keys and the verified tokens, the catalogue's pages and search index). Built once
 * in {@link Main}; a verticle builds nothing that holds state of its own, so an answer never
 * depends on the event loop a connection landed on.
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
    Delegations delegations,
    DeclarationLifecycle lifecycle,
    OfficerDesk officers,
    NotificationRoutes notifications,
    Gates gates,
    ServiceKeys serviceKeys,
    PaymentService payments,
    Documents documents,
    PermitAgencies permitAgencies,
    Identity identity,
    Pool catalogue,
    PageCache procedurePages,
    ProcedureIndex procedureIndex,
    AppShell app) {}
