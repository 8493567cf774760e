package vn.customs.digital.api.risk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import vn.customs.digital.api.platform.TimeOrderedIds;
import vn.customs.digital.notifications.DatabaseAvailability;
import vn.customs.digital.risk.ChannelDecision;
import vn.customs.digital.risk.ChannelSelector;
import vn.customs.digital.risk.DeclarationFacts;
import vn.customs.digital.risk.RandomKey;
import vn.customs.digital.risk.TraderProfile;
import vn.customs.digital.risk.ViolationCounts;
import vn.customs.digital.risk.ruleset.Ruleset;
import vn.customs.digital.risk.ruleset.RulesetLoader;

/**
 * The risk core as the api uses it: the active ruleset compiled once, the random key of each day
 * (made ahead and committed to by its hash), and trader profiles read without blocking and cached
 * briefly, with the outcomes that feed them (amendments after release, late payments; violations
 * are recorded by the officers' desk). A decision ({@code active().selector().decide}) is pure and
 * takes microseconds, so it runs on the event loop inside the submission transaction.
 */
public final class RiskService {
  /** Customs days run on Vietnam time: the key of "today" is the key of the Hanoi calendar day. */
  public static final ZoneId CUSTOMS_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  private static final Duration PROFILE_TTL = Duration.ofSeconds(30);
  private static final String DEFAULT_RULESET = "rulesets/default-2026.1.yaml";
  private static final Duration RELOAD_EVERY = Duration.ofSeconds(30);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RiskService.class);

  private final Pool pool;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<LocalDate, RandomKey> keys = new ConcurrentHashMap<>();
  private final Map<String, CachedProfile> profiles = new ConcurrentHashMap<>();
  private Vertx vertx;
  private volatile Active active;
  private volatile Active shadow;

  public record Active(Ruleset ruleset, ChannelSelector selector, String id, String version) {}

  private record CachedProfile(TraderProfile profile, Instant until) {}

  public RiskService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Loads the active ruleset (installing the bundled default on first start) and today's and
   * tomorrow's keys.
   */
  public Future<RiskService> start(Vertx vertx) {
    this.vertx = vertx;
    return installDefaultRuleset(vertx)
        .compose(v -> reloadActive())
        .compose(v -> keyFor(today()))
        .compose(k -> keyFor(today().plusDays(1)))
        .map(
            k -> {
              // Rulesets changed through another instance, and activations set for a later time,
              // arrive here; a
              // reload that finds the same rulesets in force compiles nothing.
              DatabaseAvailability availability = DatabaseAvailability.of(vertx);
              vertx.setPeriodic(
                  RELOAD_EVERY.toMillis(),
                  t ->
                      reloadActive()
                          .compose(v -> keyFor(today().plusDays(1)))
                          .onFailure(
                              e -> {
                                if (!availability.failed(e)) {
                                  LOG.warn(
                                      "periodic ruleset reload failed; keeping {}@{}",
                                      active.id(),
                                      active.version(),
                                      e);
                                }
                              }));
              return this;
            });
  }

  public LocalDate today() {
    return LocalDate.now(clock.withZone(CUSTOMS_ZONE));
  }

  public Active active() {
    return active;
  }

  /** The candidate evaluated in shadow mode, if any. */
  public Active shadow() {
    return shadow;
  }

  /**
   * Evaluates the shadow candidate (if any) on the same facts and records a disagreement with the
   * active decision, in the submission's transaction. Never changes the declaration's channel.
   */
  public Future<Void> shadow(
      SqlClient tx,
      java.util.UUID declarationId,
      int version,
      DeclarationFacts facts,
      TraderProfile profile,
      RandomKey key,
      ChannelDecision activeDecision) {
    Active candidate = shadow;
    if (candidate == null) {
      return Future.succeededFuture();
    }
    ChannelDecision theirs = candidate.selector().decide(facts, profile, key);
    if (theirs.channel() == activeDecision.channel()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(RiskSql.INSERT_DISAGREEMENT)
        .execute(
            Tuple.from(
                new Object[] {
                  declarationId,
                  version,
                  candidate.id(),
                  candidate.version(),
                  activeDecision.channel().name(),
                  theirs.channel().name(),
                  new io.vertx.core.json.JsonObject(
                      vn.customs.digital.risk.RiskJson.writeDecision(theirs)),
                  clock.instant().atOffset(ZoneOffset.UTC)
                }))
        .mapEmpty();
  }

  /**
   * The ruleset in force now (the latest whose activation time has come) and the shadow candidate.
   * Only their ids and versions are read each time; a ruleset is fetched and compiled (on a worker
   * thread: parsing and compiling is CPU work of milliseconds) only when another one is in force
   * than before.
   */
  public Future<Void> reloadActive() {
    return pool.preparedQuery(RiskSql.IN_FORCE)
        .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC)))
        .compose(
            rows -> {
              String[] activeRef = null;
              String[] shadowRef = null;
              for (Row row : rows) {
                String[] ref = {row.getString("id"), row.getString("version")};
                if ("active".equals(row.getString("role"))) {
                  activeRef = ref;
                } else {
                  shadowRef = ref;
                }
              }
              if (activeRef == null) {
                return Future.failedFuture(new IllegalStateException("no ruleset is in force"));
              }
              String[] shadowOf = shadowRef;
              return compiled(activeRef, active)
                  .compose(
                      a ->
                          compiled(shadowOf, shadow)
                              .map(
                                  s -> {
                                    if (a != active) {
                                      // a ruleset newly in force: its rules' counters from zero
                                      RiskMetrics.rulesKnown(a.ruleset());
                                    }
                                    active = a;
                                    shadow = s;
                                    return null;
                                  }));
            });
  }

  /**
   * The compiled ruleset {@code ref} (id, version): {@code current} when it is that one already.
   */
  private Future<Active> compiled(String[] ref, Active current) {
    if (ref == null) {
      return Future.succeededFuture(null);
    }
    if (current != null && current.id().equals(ref[0]) && current.version().equals(ref[1])) {
      return Future.succeededFuture(current);
    }
    return pool.preparedQuery(RiskSql.RULESET_DOCUMENT)
        .execute(Tuple.of(ref[0], ref[1]))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              String document = row.getString("document");
              boolean yaml = "YAML".equals(row.getString("format"));
              return vertx.executeBlocking(
                  () -> {
                    Ruleset ruleset =
                        yaml ? RulesetLoader.fromYaml(document) : RulesetLoader.fromJson(document);
                    return new Active(ruleset, ChannelSelector.of(ruleset), ref[0], ref[1]);
                  },
                  false);
            });
  }

  private Future<Void> installDefaultRuleset(Vertx vertx) {
    return vertx
        .<String>executeBlocking(
            () -> {
              try (var in =
                  RulesetLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RULESET)) {
                if (in == null) {
                  throw new IllegalStateException(
                      "the default ruleset " + DEFAULT_RULESET + " is not on the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              }
            },
            false)
        .compose(
            yaml -> {
              Ruleset ruleset = RulesetLoader.fromYaml(yaml);
              return pool.preparedQuery(RiskSql.INSERT_DEFAULT)
                  .execute(
                      Tuple.of(
                          ruleset.id(),
                          ruleset.version(),
                          yaml,
                          clock.instant().atOffset(ZoneOffset.UTC)))
                  .mapEmpty();
            });
  }

  /**
   * The key of a customs day, made on first need; its commitment can be published before the day.
   */
  public Future<RandomKey> keyFor(LocalDate day) {
    RandomKey cached = keys.get(day);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    byte[] fresh = new byte[32];
    random.nextBytes(fresh);
    return pool.preparedQuery(RiskSql.INSERT_KEY)
        .execute(
            Tuple.of(day, io.vertx.core.buffer.Buffer.buffer(fresh), RandomKey.commitmentOf(fresh)))
        .compose(v -> pool.preparedQuery(RiskSql.KEY).execute(Tuple.of(day)))
        .map(
            rows -> {
              RandomKey key =
                  new RandomKey(
                      day.toString(), day, rows.iterator().next().getBuffer("key").getBytes());
              keys.put(day, key);
              return key;
            });
  }

  /**
   * The declarant's profile as the risk core sees it, from its record and its history, read on the
   * given client (a transaction's own connection) and cached briefly.
   */
  public Future<TraderProfile> profile(SqlClient client, String taxCode) {
    CachedProfile cached = profiles.get(taxCode);
    Instant now = clock.instant();
    if (cached != null && cached.until().isAfter(now)) {
      return Future.succeededFuture(cached.profile());
    }
    LocalDate today = today();
    return client
        .preparedQuery(RiskSql.PROFILE)
        .execute(Tuple.of(taxCode, today))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              LocalDate registered = r.getLocalDate("registered_on");
              TraderProfile profile =
                  new TraderProfile(
                      taxCode,
                      // An enterprise unknown to customs is treated as registered today: the newest
                      // of traders.
                      registered == null ? today : registered,
                      r.getInteger("declarations_12m"),
                      new ViolationCounts(
                          r.getInteger("minor_12m"),
                          r.getInteger("serious_12m"),
                          r.getInteger("criminal_12m")),
                      new ViolationCounts(
                          r.getInteger("minor_24m"),
                          r.getInteger("serious_24m"),
                          r.getInteger("criminal_24m")),
                      Boolean.TRUE.equals(r.getBoolean("priority")),
                      r.getBigDecimal("overdue_debt_vnd") == null
                          ? BigDecimal.ZERO
                          : r.getBigDecimal("overdue_debt_vnd"),
                      r.getInteger("amendments_after_release_12m"),
                      r.getInteger("late_payments_12m"));
              profiles.put(taxCode, new CachedProfile(profile, now.plus(PROFILE_TTL)));
              return profile;
            });
  }

  /**
   * An outcome changed this trader's history (inspection, amendment, late payment): read it afresh.
   */
  public void invalidate(String taxCode) {
    profiles.remove(taxCode);
  }

  /**
   * Like {@link #invalidate}, for a change made in {@code tx}: forgets the profile now and again
   * once the transaction has completed, so that a profile read meanwhile (still without the change)
   * is not kept for the rest of its time to live.
   */
  public void invalidateOnCommit(SqlConnection tx, String taxCode) {
    invalidate(taxCode);
    Transaction transaction = tx.transaction();
    if (transaction != null) {
      transaction.completion().onComplete(done -> invalidate(taxCode));
    }
  }

  /**
   * Records, in {@code tx}, that the trader amended a declaration already released: {@code version}
   * is the amending one.
   */
  public Future<Void> recordAmendmentAfterRelease(
      SqlConnection tx, String taxCode, UUID declarationId, int version, JsonObject details) {
    return recordOutcome(
        tx, taxCode, "AMENDMENT_AFTER_RELEASE", declarationId, version, null, today(), details);
  }

  /**
   * Records, in {@code tx}, that the trader paid a declaration's duties late: on {@code paidOn}, a
   * customs day.
   */
  public Future<Void> recordLatePayment(
      SqlConnection tx,
      String taxCode,
      UUID declarationId,
      UUID paymentId,
      LocalDate paidOn,
      JsonObject details) {
    return recordOutcome(
        tx, taxCode, "LATE_PAYMENT", declarationId, null, paymentId, paidOn, details);
  }

  private Future<Void> recordOutcome(
      SqlConnection tx,
      String taxCode,
      String kind,
      UUID declarationId,
      Integer version,
      UUID paymentId,
      LocalDate on,
      JsonObject details) {
    return tx.preparedQuery(RiskSql.INSERT_OUTCOME)
        .execute(
            Tuple.from(
                new Object[] {
                  TimeOrderedIds.next(),
                  taxCode,
                  kind,
                  declarationId,
                  version,
                  paymentId,
                  on,
                  details,
                  clock.instant().atOffset(ZoneOffset.UTC)
                }))
        .onSuccess(v -> invalidateOnCommit(tx, taxCode))
        .mapEmpty();
  }
}
