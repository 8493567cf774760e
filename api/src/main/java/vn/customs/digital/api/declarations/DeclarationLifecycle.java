package vn.customs.digital.api.declarations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import vn.customs.digital.api.assessment.Assessment;
import vn.customs.digital.api.assessment.DutyCalculator;
import vn.customs.digital.api.assessment.ReferencePrices;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.platform.TimeOrderedIds;
import vn.customs.digital.api.platform.TransactionEnd;
import vn.customs.digital.api.risk.RiskMetrics;
import vn.customs.digital.api.risk.RiskService;
import vn.customs.digital.notifications.NotificationUser;
import vn.customs.digital.notifications.Outbox;
import vn.customs.digital.notifications.OutboxMessage;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.risk.ChannelDecision;
import vn.customs.digital.risk.DeclarationFacts;
import vn.customs.digital.risk.DeclarationItem;
import vn.customs.digital.risk.DeclarationType;
import vn.customs.digital.risk.DocumentKind;
import vn.customs.digital.risk.RandomKey;
import vn.customs.digital.risk.ReasonCode;
import vn.customs.digital.risk.RiskJson;
import vn.customs.digital.risk.TraderProfile;
import vn.customs.digital.risk.TransportMode;

/**
 * The write model of a declaration's lifecycle: drafts, submissions, amendments and cancellations,
 * and the status changes and announcements of officers, payments and gates. Every change writes its
 * new state, its audit record and its outbox message in one transaction.
 *
 * <p>The changes a trader asks for (draft, submission, amendment, cancellation) run in a
 * transaction of their own, which this class begins and commits. Each reports what it did ({@link
 * Outcome}: the declaration as it now is, and whether the change created it) to the {@link
 * TransactionEnd} its caller gives, inside the transaction: that is where a route keeps the answer
 * to an {@code Idempotency-Key}, so the answer exists exactly when the change does. What the
 * outcome is answered over HTTP is the route's to say. {@link #transition} and {@link #announce}
 * instead join a transaction their caller owns, for changes that are one step of a larger one (an
 * inspection, a settled payment, a passage at a gate).
 *
 * <p>A change of status or exit gate is also what the clearance feed follows: the trigger {@code
 * declarations_gate_feed} clears and revokes the goods at the gates in the same transaction (see
 * the {@link vn.customs.digital.api.gates gates} package).
 */
public final class DeclarationLifecycle {
  /**
   * Days after release during which the declarant may still amend (procedure HQ-002: a
   * supplementary declaration within 60 days of clearance, Law on Customs 54/2014/QH13, Art. 29).
   * The further condition, before customs decides on a post-clearance audit, is not modelled: no
   * such decision is recorded here yet.
   */
  public static final int AMENDMENT_DAYS_AFTER_RELEASE = 60;

  /** What a supplementary declaration cannot change: the goods were cleared through these. */
  private static final List<String> FIXED_AFTER_RELEASE =
      List.of("type", "customsOfficeCode", "borderGateCode", "containers");

  private final Pool pool;
  private final Clock clock;
  private final ReferenceData reference;
  private final RiskService risk;
  private final Tenancy tenancy;

  public DeclarationLifecycle(
      Pool pool, Clock clock, ReferenceData reference, RiskService risk, Tenancy tenancy) {
    this.pool = pool;
    this.clock = clock;
    this.reference = reference;
    this.risk = risk;
    this.tenancy = tenancy;
  }

  /** A validated declaration document, with who signed it when it was signed. */
  public record Draft(DeclarationDocument document, String signingKid, String signerTaxCode) {}

  /** A verified signed declaration. */
  public record Signed(SignedDeclaration envelope, Draft draft) {}

  /**
   * What a change made of a declaration: the declaration as it now is, and whether the change
   * created it.
   */
  public record Outcome(Declarations.Declaration declaration, boolean created) {}

  /** Validates the declaration JSON; every violation in one 422 with JSON pointers. */
  public Draft validate(Caller caller, JsonObject json, String kid, String signerTaxCode) {
    DeclarationValidator.Result result = DeclarationValidator.validate(json, risk.today());
    if (!result.errors().isEmpty()) {
      throw Problem.validation(
              result.errors().size() + " field(s) do not pass validation", result.errors())
          .exception();
    }
    DeclarationDocument doc = result.document();
    if (caller.role() == Role.BROKER
        && doc.brokerTaxCode() != null
        && !doc.brokerTaxCode().equals(caller.taxCode())) {
      throw Problem.validation(
              "the broker named in the declaration is not the caller",
              List.of(
                  new Problem.FieldError(
                      "/brokerTaxCode", "must be your own tax code " + caller.taxCode())))
          .exception();
    }
    return new Draft(doc, kid, signerTaxCode);
  }

  /** Saves a new draft: unsigned, not assessed, not numbered. */
  public <T> Future<T> saveDraft(Caller caller, Draft draft, TransactionEnd<Outcome, T> end) {
    return inTransaction(conn -> saveDraft(conn, caller, draft), end);
  }

  /** Registers a new signed declaration. */
  public <T> Future<T> submit(Caller caller, Signed signed, TransactionEnd<Outcome, T> end) {
    return inTransaction(conn -> submit(conn, caller, null, signed), end);
  }

  /**
   * What may receive a new signed version of an existing declaration, checked in the version's
   * transaction: so a retry of a change that went through fails there and is answered by its
   * caller's end step, as the first attempt was.
   */
  public enum NewVersion {
    /** A draft submitted, now signed. */
    SUBMISSION_OF_DRAFT {
      @Override
      Problem refusal(DeclarationStatus status) {
        return status == DeclarationStatus.DRAFT
            ? null
            : Problem.conflict(
                "not-a-draft",
                "only a draft can be submitted this way; this declaration is " + status);
      }
    },
    /**
     * An amendment of a submitted declaration: before release (re-assessed and re-routed) or within
     * {@link #AMENDMENT_DAYS_AFTER_RELEASE} days after it (re-assessed only); the history stays.
     */
    AMENDMENT {
      @Override
      Problem refusal(DeclarationStatus status) {
        return status != DeclarationStatus.DRAFT && (status.beforeRelease() || status.released())
            ? null
            : Problem.conflict(
                "not-amendable",
                "a declaration can be amended once submitted, before or after release; this one is "
                    + status);
      }
    };

    /** Why a declaration in {@code status} cannot take this version; null when it can. */
    abstract Problem refusal(DeclarationStatus status);
  }

  /** A new signed version of {@code current}, when {@code kind} allows it in its status. */
  public <T> Future<T> newVersion(
      NewVersion kind,
      Caller caller,
      Declarations.Declaration current,
      Signed signed,
      TransactionEnd<Outcome, T> end) {
    return inTransaction(
        conn -> {
          Problem refusal = kind.refusal(current.status());
          if (refusal != null) {
            throw refusal.exception();
          }
          return submit(conn, caller, current, signed);
        },
        end);
  }

  /** One change in a transaction of its own, ended by the caller's step. */
  private <T> Future<T> inTransaction(
      Function<SqlConnection, Future<Outcome>> change, TransactionEnd<Outcome, T> end) {
    return Outbox.withTransaction(
        pool, conn -> change.apply(conn).compose(outcome -> end.apply(conn, outcome)));
  }

  private Future<Outcome> saveDraft(SqlConnection conn, Caller caller, Draft draft) {
    Instant now = now();
    UUID id = TimeOrderedIds.next();
    DeclarationDocument doc = draft.document();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return conn.preparedQuery(DeclarationSql.INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  null,
                  doc.declarantTaxCode(),
                  broker(caller, doc),
                  caller.subject(),
                  doc.type().name(),
                  DeclarationStatus.DRAFT.name(),
                  null,
                  1,
                  doc.customsOfficeCode(),
                  doc.borderGateCode(),
                  null,
                  at,
                  null,
                  null
                }))
        .compose(
            v ->
                conn.preparedQuery(DeclarationSql.INSERT_VERSION)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              id, 1, doc.toJson(), null, null, null, null, caller.subject(), at
                            })))
        .compose(
            v ->
                AuditLog.append(
                    conn,
                    new AuditLog.Entry(
                        now,
                        caller.subject(),
                        id,
                        "DRAFT_CREATED",
                        new JsonObject().put("version", 1))))
        .compose(v -> Declarations.byId(conn, id))
        .map(d -> new Outcome(d, true));
  }

  /**
   * Registers a signed declaration (new, a signed draft, or an amendment): assessment, a number on
   * first submission, the risk decision, then the status its channel leads to.
   */
  private Future<Outcome> submit(
      SqlConnection conn, Caller caller, Declarations.Declaration current, Signed signed) {
    DeclarationDocument doc = signed.draft().document();
    if (current != null && !current.enterpriseTaxCode().equals(doc.declarantTaxCode())) {
      throw Problem.validation(
              "a declaration cannot change its declarant",
              List.of(
                  new Problem.FieldError(
                      "/declarantTaxCode", "must stay " + current.enterpriseTaxCode())))
          .exception();
    }
    LocalDate today = risk.today();
    DutyCalculator.Result assessed =
        DutyCalculator.assess(doc, reference.tariff(), reference.rates(), today);
    if (!assessed.assessed()) {
      throw Problem.validation("the declaration cannot be assessed", assessed.errors()).exception();
    }
    Assessment assessment = assessed.assessment();
    return attached(conn, doc)
        .compose(v -> CitedPermits.check(conn, doc, current, today))
        .compose(
            permits ->
                current != null && current.status().released()
                    ? amendReleased(conn, caller, current, signed, assessment, today, permits)
                    : route(conn, caller, current, signed, assessment, today, permits));
  }

  /**
   * Every document the declaration lists must have been uploaded for its declarant, with the
   * SHA-256 the declaration names (the signature then covers the file): a 422 naming each listed
   * document that was not, at its pointer.
   */
  private static Future<Void> attached(SqlConnection conn, DeclarationDocument doc) {
    if (doc.documents().isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = doc.documents().stream().map(d -> d.documentId()).toArray(UUID[]::new);
    return conn.preparedQuery(DeclarationSql.DOCUMENTS_OF_DECLARANT)
        .execute(Tuple.of(doc.declarantTaxCode(), (Object) ids))
        .compose(
            rows -> {
              java.util.Map<UUID, String> uploaded = new java.util.HashMap<>();
              rows.forEach(r -> uploaded.put(r.getUUID("id"), r.getString("sha256")));
              List<Problem.FieldError> errors = new ArrayList<>();
              for (int i = 0; i < doc.documents().size(); i++) {
                DeclarationDocument.SupportingDocument listed = doc.documents().get(i);
                String sha256 = uploaded.get(listed.documentId());
                if (sha256 == null) {
                  errors.add(
                      new Problem.FieldError(
                          "/documents/" + i + "/documentId",
                          "no document "
                              + listed.documentId()
                              + " was uploaded for enterprise "
                              + doc.declarantTaxCode()
                              + ": upload the file first (POST /api/v1/enterprises/"
                              + doc.declarantTaxCode()
                              + "/documents)"));
                } else if (!sha256.equals(listed.sha256())) {
                  errors.add(
                      new Problem.FieldError(
                          "/documents/" + i + "/sha256",
                          "is not the SHA-256 of the uploaded document "
                              + listed.documentId()
                              + " ("
                              + sha256
                              + ")"));
                }
              }
              return errors.isEmpty()
                  ? Future.succeededFuture()
                  : Future.failedFuture(
                      Problem.validation(
                              errors.size() + " listed document(s) do not match what was uploaded",
                              errors)
                          .exception());
            });
  }

  /** A signed version before release: numbered, decided on and routed. */
  private Future<Outcome> route(
      SqlConnection conn,
      Caller caller,
      Declarations.Declaration current,
      Signed signed,
      Assessment assessment,
      LocalDate today,
      List<CitedPermits.Use> permits) {
    DeclarationDocument doc = signed.draft().document();
    Future<String> number =
        current != null && current.number() != null
            ? Future.succeededFuture(current.number())
            : conn.preparedQuery(DeclarationSql.NEXT_NUMBER)
                .execute()
                .map(rows -> String.valueOf(rows.iterator().next().getLong("n")));
    // Independent reads, pipelined on the transaction's connection (the key of the day is a cached
    // read).
    Future<TraderProfile> profile = risk.profile(conn, doc.declarantTaxCode());
    Future<RandomKey> key = risk.keyFor(today);
    Future<List<String>> recipients = tenancy.recipientsOf(conn, doc.declarantTaxCode());
    return Future.all(number, profile, key, recipients)
        .compose(
            all ->
                register(
                    conn,
                    caller,
                    current,
                    signed,
                    assessment,
                    number.result(),
                    profile.result(),
                    key.result(),
                    recipients.result(),
                    permits));
  }

  private Future<Outcome> register(
      SqlConnection conn,
      Caller caller,
      Declarations.Declaration current,
      Signed signed,
      Assessment assessment,
      String number,
      TraderProfile profile,
      RandomKey key,
      List<String> recipients,
      List<CitedPermits.Use> permits) {
    DeclarationDocument doc = signed.draft().document();
    Instant now = now();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    UUID id = current == null ? TimeOrderedIds.next() : current.id();
    int version =
        current == null
            ? 1
            : current.version() + (current.status() == DeclarationStatus.DRAFT ? 0 : 1);
    DeclarationFacts facts =
        facts(
            number,
            doc,
            assessment,
            reference.prices(),
            permits.stream().map(CitedPermits.Use::kind).toList(),
            risk.today());
    RiskService.Active ruleset = risk.active();
    ChannelDecision decision = ruleset.selector().decide(facts, profile, key);
    // Counted once committed: a retry rolled back for its Idempotency-Key, or a failed transaction,
    // decided nothing.
    conn.transaction()
        .completion()
        .onSuccess(
            v ->
                RiskMetrics.channelDecided(
                    doc.customsOfficeCode(), doc.borderGateCode(), decision.channel()));
    BigDecimal payable = assessment.totalPayable();
    DeclarationStatus status =
        switch (decision.channel()) {
          case GREEN ->
              payable.signum() > 0
                  ? DeclarationStatus.AWAITING_PAYMENT
                  : DeclarationStatus.RELEASED;
          case YELLOW -> DeclarationStatus.DOCUMENT_CHECK;
          case RED -> DeclarationStatus.PHYSICAL_INSPECTION;
        };
    String channel = decision.channel().name();
    Future<?> row;
    if (current == null) {
      row =
          conn.preparedQuery(DeclarationSql.INSERT)
              .execute(
                  Tuple.from(
                      new Object[] {
                        id,
                        number,
                        doc.declarantTaxCode(),
                        broker(caller, doc),
                        caller.subject(),
                        doc.type().name(),
                        status.name(),
                        channel,
                        version,
                        doc.customsOfficeCode(),
                        doc.borderGateCode(),
                        payable,
                        at,
                        at,
                        status == DeclarationStatus.RELEASED ? at : null
                      }));
    } else {
      if (!current.status().canMoveTo(DeclarationStatus.SUBMITTED)) {
        throw Problem.conflict(
                "invalid-transition",
                "a " + current.status() + " declaration cannot be submitted again")
            .exception();
      }
      row =
          conn.preparedQuery(DeclarationSql.UPDATE)
              .execute(
                  Tuple.from(
                      new Object[] {
                        id,
                        current.version(),
                        number,
                        broker(caller, doc),
                        doc.type().name(),
                        status.name(),
                        channel,
                        version,
                        doc.customsOfficeCode(),
                        doc.borderGateCode(),
                        payable,
                        at,
                        current.submittedAt() == null ? at : null,
                        status == DeclarationStatus.RELEASED ? at : null,
                        current.status().name()
                      }))
              .map(
                  rows -> {
                    if (rows.rowCount() != 1) {
                      throw Problem.conflict(
                              "concurrent-change",
                              "the declaration changed meanwhile; read it again and retry")
                          .exception();
                    }
                    return rows;
                  });
    }
    boolean amendment = current != null && current.status() != DeclarationStatus.DRAFT;
    // Every write below is sent at once and pipelined on the transaction's connection: PostgreSQL
    // runs
    // them in this order (any failure aborts the transaction and fails the whole), and the
    // submission
    // waits for one round trip instead of one per statement. The audit record is chained after the
    // commit
    // (AuditSequencer), so no statement here waits on another transaction's audit record.
    Future<?> draftCleanup =
        current != null && current.status() == DeclarationStatus.DRAFT
            ? conn.preparedQuery(DeclarationSql.DELETE_UNSIGNED_VERSION)
                .execute(Tuple.of(id, version))
            : Future.succeededFuture();
    JsonObject document = doc.toJson();
    JsonObject assessed = assessment.toJson();
    Future<?> versionRow =
        insertSignedVersion(conn, caller, id, version, signed, document, assessed, at);
    Future<?> permitsTaken = CitedPermits.take(conn, id, version, current != null, permits, at);
    Future<?> decisionRow =
        conn.preparedQuery(DeclarationSql.INSERT_DECISION)
            .execute(
                Tuple.from(
                    new Object[] {
                      id,
                      version,
                      ruleset.id(),
                      ruleset.version(),
                      key.date(),
                      channel,
                      RiskJson.writeDecision(decision),
                      RiskJson.writeFacts(facts),
                      RiskJson.writeProfile(profile),
                      at
                    }));
    Future<Void> shadowRow = risk.shadow(conn, id, version, facts, profile, key, decision);
    // Submitted, then routed: one statement, in that order.
    Future<Void> notified =
        Outbox.append(
            conn,
            List.of(
                message(
                    id,
                    number,
                    amendment ? "declaration.amended" : "declaration.submitted",
                    DeclarationStatus.SUBMITTED,
                    null,
                    recipients),
                message(
                    id,
                    number,
                    status == DeclarationStatus.RELEASED
                        ? "declaration.released"
                        : status == DeclarationStatus.DOCUMENT_CHECK
                            ? "declaration.documents-requested"
                            : "declaration.channel-assigned",
                    status,
                    channel,
                    recipients)));
    // The public reason codes (R-...), as the trader sees them in the declaration and its history.
    List<String> reasons = decision.reasonCodes().stream().map(ReasonCode::code).toList();
    Future<Long> audited =
        AuditLog.append(
            conn,
            new AuditLog.Entry(
                now,
                caller.subject(),
                id,
                amendment ? "AMENDED" : "SUBMITTED",
                new JsonObject()
                    .put("version", version)
                    .put("number", number)
                    .put("signingKid", signed.draft().signingKid())
                    .put("channel", channel)
                    .put("status", status.name())
                    .put("totalPayableVnd", payable.toPlainString())
                    .put("reasons", new JsonArray(reasons))));
    // What the statements above store, as Declarations.byId would read it back (the submission does
    // not
    // spend a query and the decoding of its own documents on learning what it has just written).
    Declarations.Declaration stored =
        new Declarations.Declaration(
            id,
            number,
            doc.declarantTaxCode(),
            broker(caller, doc),
            doc.type().name(),
            status,
            channel,
            version,
            document,
            signed.envelope().compact(),
            signed.draft().signingKid(),
            assessed,
            new JsonArray(reasons),
            payable,
            doc.customsOfficeCode(),
            doc.borderGateCode(),
            current == null ? now : current.createdAt(),
            current == null || current.submittedAt() == null ? now : current.submittedAt(),
            status == DeclarationStatus.RELEASED
                ? now
                : current == null ? null : current.releasedAt());
    return Future.all(
            List.of(
                row,
                draftCleanup,
                versionRow,
                permitsTaken,
                decisionRow,
                shadowRow,
                notified,
                audited))
        .recover(
            e ->
                Future.failedFuture(
                    firstFailure(
                        e,
                        row,
                        draftCleanup,
                        versionRow,
                        permitsTaken,
                        decisionRow,
                        shadowRow,
                        notified,
                        audited)))
        .map(
            all -> {
              if (amendment) {
                risk.invalidate(doc.declarantTaxCode());
              }
              return new Outcome(stored, current == null);
            });
  }

  /**
   * A supplementary declaration after release: within {@link #AMENDMENT_DAYS_AFTER_RELEASE} days a
   * new signed version corrects the declared goods, is assessed (any difference in duties shows in
   * the declaration's total) and feeds the trader's profile. It is not routed again: the goods left
   * on the earlier version's decision, which stays the record, and the declaration keeps its
   * status.
   */
  private Future<Outcome> amendReleased(
      SqlConnection conn,
      Caller caller,
      Declarations.Declaration current,
      Signed signed,
      Assessment assessment,
      LocalDate today,
      List<CitedPermits.Use> permits) {
    LocalDate lastDay =
        current
            .releasedAt()
            .atZone(RiskService.CUSTOMS_ZONE)
            .toLocalDate()
            .plusDays(AMENDMENT_DAYS_AFTER_RELEASE);
    if (today.isAfter(lastDay)) {
      throw Problem.conflict(
              "amendment-period-over",
              "a released declaration can be amended for "
                  + AMENDMENT_DAYS_AFTER_RELEASE
                  + " days after release; for this one that ended on "
                  + lastDay)
          .exception();
    }
    DeclarationDocument doc = signed.draft().document();
    JsonObject amended = doc.toJson();
    List<Problem.FieldError> fixed = new ArrayList<>();
    for (String field : FIXED_AFTER_RELEASE) {
      if (!Objects.equals(amended.getValue(field), current.document().getValue(field))) {
        fixed.add(
            new Problem.FieldError(
                "/" + field,
                "cannot change after release: the goods were cleared with "
                    + current.document().getValue(field)));
      }
    }
    if (!fixed.isEmpty()) {
      throw Problem.validation(
              "an amendment after release corrects the declared goods, not where they were cleared",
              fixed)
          .exception();
    }
    Instant now = now();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    UUID id = current.id();
    int version = current.version() + 1;
    BigDecimal payable = assessment.totalPayable();
    JsonObject details =
        new JsonObject()
            .put("version", version)
            .put("number", current.number())
            .put("signingKid", signed.draft().signingKid())
            .put("status", current.status().name())
            .put("totalPayableVnd", payable.toPlainString())
            .put(
                "previousTotalPayableVnd",
                current.totalPayableVnd() == null
                    ? null
                    : current.totalPayableVnd().toPlainString());
    return conn.preparedQuery(DeclarationSql.AMEND_RELEASED)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  current.version(),
                  version,
                  broker(caller, doc),
                  payable,
                  at,
                  current.status().name()
                }))
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? insertSignedVersion(
                        conn, caller, id, version, signed, amended, assessment.toJson(), at)
                    : Future.failedFuture(
                        Problem.conflict(
                                "concurrent-change",
                                "the declaration changed meanwhile; read it again and retry")
                            .exception()))
        .compose(v -> CitedPermits.take(conn, id, version, true, permits, at))
        .compose(
            v ->
                risk.recordAmendmentAfterRelease(
                    conn, current.enterpriseTaxCode(), id, version, details))
        .compose(v -> tenancy.recipientsOf(conn, current.enterpriseTaxCode()))
        .compose(
            recipients ->
                Outbox.append(
                    conn,
                    message(
                        id,
                        current.number(),
                        "declaration.amended",
                        current.status(),
                        current.channel(),
                        recipients)))
        .compose(
            v ->
                AuditLog.append(
                    conn,
                    new AuditLog.Entry(
                        now, caller.subject(), id, "AMENDED_AFTER_RELEASE", details)))
        .compose(v -> Declarations.byId(conn, id))
        .map(d -> new Outcome(d, false));
  }

  private Future<?> insertSignedVersion(
      SqlConnection conn,
      Caller caller,
      UUID id,
      int version,
      Signed signed,
      JsonObject document,
      JsonObject assessment,
      OffsetDateTime at) {
    Future<?> versionRow =
        conn.preparedQuery(DeclarationSql.INSERT_VERSION)
            .execute(
                Tuple.from(
                    new Object[] {
                      id,
                      version,
                      document,
                      signed.envelope().compact(),
                      signed.draft().signingKid(),
                      signed.draft().signerTaxCode(),
                      assessment,
                      caller.subject(),
                      at
                    }));
    List<DeclarationDocument.SupportingDocument> documents = signed.draft().document().documents();
    if (documents.isEmpty()) {
      return versionRow;
    }
    // Pipelined behind the version it refers to: which documents this signed version names.
    return Future.all(
            versionRow,
            conn.preparedQuery(DeclarationSql.NAME_DOCUMENTS)
                .execute(
                    Tuple.of(
                        id,
                        version,
                        documents.stream().map(d -> d.documentId()).toArray(UUID[]::new))))
        .recover(e -> Future.failedFuture(firstFailure(e, versionRow)));
  }

  /**
   * The failure to report from pipelined statements: the earliest in sending order (the later ones
   * only say the transaction was aborted by it).
   */
  private static Throwable firstFailure(Throwable any, Future<?>... inOrder) {
    for (Future<?> f : inOrder) {
      if (f.failed()) {
        return f.cause();
      }
    }
    return any;
  }

  /**
   * The trader (or its broker) withdraws a declaration before release; after release and before
   * exit only an officer cancels it, which revokes its gate clearances (the trigger {@code
   * declarations_gate_feed}, see the {@link vn.customs.digital.api.gates gates} package).
   */
  public <T> Future<T> cancel(
      Caller caller,
      Declarations.Declaration current,
      String reason,
      TransactionEnd<Outcome, T> end) {
    return inTransaction(conn -> cancel(conn, caller, current, reason), end);
  }

  private Future<Outcome> cancel(
      SqlConnection conn, Caller caller, Declarations.Declaration current, String reason) {
    boolean officer = caller.role() == Role.OFFICER;
    if (officer ? !current.status().releasedNotExited() : !current.status().beforeRelease()) {
      throw Problem.conflict(
              "invalid-transition",
              officer
                  ? "customs cancels a declaration after release and before exit; this one is "
                      + current.status()
                  : current.status().releasedNotExited()
                      ? "a " + current.status() + " declaration can only be cancelled by customs"
                      : "a " + current.status() + " declaration cannot be cancelled")
          .exception();
    }
    // What it held of permits goes back to them in this transaction (the audit record names it).
    return CitedPermits.giveBack(conn, current.id())
        .compose(
            givenBack ->
                transition(
                    conn,
                    current,
                    DeclarationStatus.CANCELLED,
                    caller.subject(),
                    "CANCELLED",
                    givenBack.isEmpty()
                        ? new JsonObject().put("reason", reason)
                        : new JsonObject().put("reason", reason).put("permitsGivenBack", givenBack),
                    "declaration.cancelled",
                    officer))
        .compose(v -> Declarations.byId(conn, current.id()))
        .map(d -> new Outcome(d, false));
  }

  /**
   * Moves a declaration to another status with its audit record and outbox message, guarded by the
   * status it was read in, in the caller's transaction: for officers' decisions, payments and
   * gates. Into or out of RELEASED, the trigger {@code declarations_gate_feed} clears or revokes
   * the goods at their gate in that transaction (see the {@link vn.customs.digital.api.gates gates}
   * package).
   */
  public Future<Void> transition(
      SqlConnection conn,
      Declarations.Declaration current,
      DeclarationStatus to,
      String actor,
      String action,
      JsonObject details,
      String eventType,
      boolean highPriority) {
    if (!current.status().canMoveTo(to)) {
      return Future.failedFuture(
          Problem.conflict(
                  "invalid-transition",
                  "a " + current.status() + " declaration cannot become " + to)
              .exception());
    }
    Instant now = now();
    return conn.preparedQuery(DeclarationSql.SET_STATUS)
        .execute(
            Tuple.of(
                current.id(), current.status().name(), to.name(), now.atOffset(ZoneOffset.UTC)))
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? announce(
                        conn,
                        current,
                        to,
                        now,
                        actor,
                        action,
                        details.copy().put("from", current.status().name()).put("to", to.name()),
                        eventType,
                        highPriority,
                        new JsonObject().put("reason", details.getString("reason")))
                    : Future.failedFuture(
                        Problem.conflict(
                                "concurrent-change", "the declaration changed meanwhile; retry")
                            .exception()));
  }

  /**
   * The outbox message to the trader and its brokers and the audit record of a change that keeps
   * the declaration's status (written by the caller, in the same transaction). {@code data} goes to
   * the app, never into the visible text of a push.
   */
  public Future<Void> announce(
      SqlConnection conn,
      Declarations.Declaration current,
      String actor,
      String action,
      JsonObject details,
      String eventType,
      boolean highPriority,
      JsonObject data) {
    return announce(conn, current, now(), actor, action, details, eventType, highPriority, data);
  }

  /**
   * As {@link #announce(SqlConnection, Declarations.Declaration, String, String, JsonObject,
   * String, boolean, JsonObject)}, recorded at {@code at}.
   */
  public Future<Void> announce(
      SqlConnection conn,
      Declarations.Declaration current,
      Instant at,
      String actor,
      String action,
      JsonObject details,
      String eventType,
      boolean highPriority,
      JsonObject data) {
    return announce(
        conn, current, current.status(), at, actor, action, details, eventType, highPriority, data);
  }

  /**
   * An alert for the officers of one customs office (their live stream and phones, high priority:
   * audience {@code office:<office>}, whom a token naming that office reaches, as the office's
   * queue events), about a declaration when one is known ({@code declarationId} and {@code number}
   * may be null), in the caller's transaction: not a change of the declaration, so no audit record
   * and nothing to the trader. The one way the gates' alerts ({@code gate.unreleased-passage},
   * {@code gate.passage-unknown}, {@code seal.alert}) are written, to the office of the gate.
   */
  public static Future<Void> alertOfficers(
      SqlConnection conn,
      String office,
      String declarationId,
      String number,
      String eventType,
      JsonObject data) {
    return Outbox.append(
        conn,
        new OutboxMessage(
            TimeOrderedIds.next(),
            declarationId,
            number,
            eventType,
            null,
            null,
            List.of(),
            List.of(NotificationUser.OFFICE_AUDIENCE + office),
            true,
            data));
  }

  private Future<Void> announce(
      SqlConnection conn,
      Declarations.Declaration current,
      DeclarationStatus status,
      Instant now,
      String actor,
      String action,
      JsonObject details,
      String eventType,
      boolean highPriority,
      JsonObject data) {
    return tenancy
        .recipientsOf(conn, current.enterpriseTaxCode())
        .compose(
            recipients ->
                Outbox.append(
                    conn,
                    new OutboxMessage(
                        TimeOrderedIds.next(),
                        current.id().toString(),
                        current.number(),
                        eventType,
                        status.name(),
                        current.channel() == null ? null : current.channel().toLowerCase(),
                        recipients,
                        List.of(),
                        highPriority,
                        data)))
        .compose(
            v ->
                AuditLog.append(
                    conn, new AuditLog.Entry(now, actor, current.id(), action, details)))
        .mapEmpty();
  }

  /**
   * What the risk core decides on: the goods with their customs value and the reference unit price
   * in force for their HS code, origin and unit (null without one), and the kinds of document
   * attached or of permit cited (checked against the register).
   */
  static DeclarationFacts facts(
      String number,
      DeclarationDocument doc,
      Assessment assessment,
      ReferencePrices prices,
      List<DocumentKind> permitted,
      LocalDate today) {
    Set<DocumentKind> documents = EnumSet.noneOf(DocumentKind.class);
    // The permits checked against the register stand for their documents.
    documents.addAll(permitted);
    List<DeclarationItem> items = new ArrayList<>();
    for (int i = 0; i < doc.items().size(); i++) {
      DeclarationDocument.Item item = doc.items().get(i);
      if (item.certificateOfOrigin() != null) {
        documents.add(
            switch (item.certificateOfOrigin().form()) {
              case "D" -> DocumentKind.CO_FORM_D;
              case "E" -> DocumentKind.CO_FORM_E;
              case "AK" -> DocumentKind.CO_FORM_AK;
              case "EUR.1" -> DocumentKind.CO_EUR1;
              default -> DocumentKind.CO_OTHER;
            });
      }
      items.add(
          new DeclarationItem(
              item.hsCode(),
              item.origin(),
              assessment.items().get(i).customsValueVnd(),
              item.quantity(),
              prices.unitPrice(item.hsCode(), item.origin(), item.unit(), today)));
    }
    for (DeclarationDocument.SupportingDocument attached : doc.documents()) {
      DocumentKind kind = riskKind(attached.kind());
      if (kind != null) {
        documents.add(kind);
      }
    }
    return new DeclarationFacts(
        number,
        DeclarationType.valueOf(doc.type().name()),
        doc.customsOfficeCode(),
        doc.borderGateCode(),
        transportMode(doc.transportMode()),
        today,
        doc.declarantTaxCode(),
        doc.declarantTaxCode(),
        documents,
        items);
  }

  /**
   * The kinds of attached document the risk core reasons about (licences, quarantine and
   * specialised inspection); commercial and transport documents are always required and are not
   * risk facts, and origin reaches it through each line's certificate of origin.
   */
  private static DocumentKind riskKind(DeclarationDocument.DocumentKind kind) {
    return switch (kind) {
      case IMPORT_LICENCE -> DocumentKind.IMPORT_LICENCE;
      case EXPORT_LICENCE -> DocumentKind.EXPORT_LICENCE;
      case QUARANTINE_CERTIFICATE -> DocumentKind.QUARANTINE_CERTIFICATE;
      case INSPECTION_REGISTRATION -> DocumentKind.INSPECTION_REGISTRATION;
      case INSPECTION_RESULT -> DocumentKind.INSPECTION_RESULT;
      case COMMERCIAL_INVOICE,
          PACKING_LIST,
          BILL_OF_LADING,
          AIR_WAYBILL,
          CONTRACT,
          CERTIFICATE_OF_ORIGIN,
          OTHER ->
          null;
    };
  }

  /** The risk core knows the modes it has indicators for; the rest travel as their main leg. */
  private static TransportMode transportMode(DeclarationDocument.TransportMode mode) {
    return switch (mode) {
      case SEA, MULTIMODAL -> TransportMode.SEA;
      case AIR -> TransportMode.AIR;
      case ROAD, FIXED_INSTALLATION -> TransportMode.ROAD;
      case RAIL -> TransportMode.RAIL;
      case INLAND_WATERWAY -> TransportMode.INLAND_WATERWAY;
      case POST -> TransportMode.POST;
    };
  }

  private static OutboxMessage message(
      UUID id,
      String number,
      String event,
      DeclarationStatus status,
      String channel,
      List<String> recipients) {
    return new OutboxMessage(
        TimeOrderedIds.next(),
        id.toString(),
        number,
        event,
        status.name(),
        channel == null ? null : channel.toLowerCase(),
        recipients,
        List.of(),
        false,
        new JsonObject());
  }

  private static String broker(Caller caller, DeclarationDocument doc) {
    return caller.role() == Role.BROKER ? caller.taxCode() : doc.brokerTaxCode();
  }

  /**
   * To the microsecond, as PostgreSQL keeps it: a submission's answer is built from these values,
   * not read back.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
