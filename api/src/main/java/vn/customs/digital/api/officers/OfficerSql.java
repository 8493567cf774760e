package vn.customs.digital.api.officers;

/** Every SQL statement of the officers package. */
final class OfficerSql {
  private OfficerSql() {}

  /**
   * $1 offices, $2 officer, $3 now: the officer is on duty at each office. Refreshed at most once a
   * minute, and neither statement touches a row otherwise (no row lock, no transaction id): a read
   * in the steady state writes nothing and its commit has nothing to flush.
   */
  static final String SEEN =
      """
      with refreshed as (
        update officers_on_duty set last_seen_at = $3
         where office = any($1::text[]) and officer = $2 and last_seen_at < $3::timestamptz - interval '1 minute')
      insert into officers_on_duty (office, officer, last_seen_at) select unnest($1::text[]), $2, $3
      on conflict (office, officer) do nothing
      """;

  /**
   * $1 offices, $2 status, $3 limit per office: what is left to hand out in each office, oldest
   * first, claimed by this transaction; rows another reader is handing out right now are skipped,
   * not waited for.
   */
  static final String UNASSIGNED =
      """
      select q.office, q.declaration_id
        from unnest($1::text[]) o(office)
        cross join lateral (select office, declaration_id, submitted_at from officer_queue
                             where office = o.office and status = $2 and officer is null
                             order by submitted_at, declaration_id
                             limit $3
                             for update skip locked) q
       order by q.office, q.submitted_at, q.declaration_id
      """;

  /**
   * $1 offices, $2 status. Makes sure each office has its rotation row, so that it can be locked.
   */
  static final String ROTATION_ROWS =
      """
      insert into officer_rotation (office, status) select unnest($1::text[]), $2 on conflict do nothing
      """;

  /**
   * $1 offices, $2 status: where each office's rotation stands, locked in office order (two readers
   * handing out in the same offices lock them in the same order, and never wait for each other
   * otherwise).
   */
  static final String ROTATION =
      """
      select office, last_officer from officer_rotation where office = any($1::text[]) and status = $2
       order by office
         for update
      """;

  /** $1 offices, $2 on duty since. The rotation order is the officers' ids. */
  static final String ON_DUTY =
      """
      select office, officer from officers_on_duty where office = any($1::text[]) and last_seen_at >= $2
       order by office, officer
      """;

  /** $1 declaration ids, $2 their officers (same order), $3 now. */
  static final String ASSIGN =
      """
      update officer_queue q set officer = a.officer, assigned_at = $3
        from unnest($1::uuid[], $2::text[]) a(declaration_id, officer)
       where q.declaration_id = a.declaration_id and q.officer is null
      """;

  static final String ROTATED =
      "update officer_rotation set last_officer = $3 where office = $1 and status = $2";

  /**
   * $1 offices, $2 status, $3 limit: the queue of the officer's offices, oldest first, with who
   * holds each declaration. Each office gives at most $3 rows from its own index, and only the $3
   * oldest of them are joined to their declarations: a read costs the officer's offices, not the
   * country's backlog.
   */
  static final String QUEUE =
      """
      select d.id, d.number, d.status, d.channel, d.enterprise_tax_code, d.customs_office_code, d.border_gate_code,
             d.total_payable_vnd, q.submitted_at, q.officer, q.assigned_at, q.version
        from (select q.declaration_id, q.submitted_at, q.officer, q.assigned_at, q.version
                from unnest($1::text[]) o(office)
                cross join lateral (select declaration_id, submitted_at, officer, assigned_at, version from officer_queue
                                     where office = o.office and status = $2
                                     order by submitted_at, declaration_id
                                     limit $3) q
               order by q.submitted_at, q.declaration_id
               limit $3) q
        join declarations d on d.id = q.declaration_id
       order by q.submitted_at, q.declaration_id
      """;

  /**
   * $1 offices, $2 status, $3 limit: the versions of the rows {@link #QUEUE} lists, in its order,
   * from the listing's index alone (V21): what the queue's ETag is made of.
   */
  static final String QUEUE_VERSIONS =
      """
      select q.version
        from unnest($1::text[]) o(office)
        cross join lateral (select declaration_id, submitted_at, version from officer_queue
                             where office = o.office and status = $2
                             order by submitted_at, declaration_id
                             limit $3) q
       order by q.submitted_at, q.declaration_id
       limit $3
      """;

  /** The declaration goes back to be handed out again (an officer rerouted it). */
  static final String UNASSIGN =
      "update officer_queue set officer = null, assigned_at = null where declaration_id = $1";

  static final String INSERT_INSPECTION =
      """
      insert into inspections (id, declaration_id, version, officer, result, severity, note, held, inspected_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      """;

  static final String INSERT_VIOLATION =
      """
      insert into violations (id, tax_code, declaration_id, severity, found_on) values ($1, $2, $3, $4, $5)
      """;

  /** $1 id, $2 status read, $3 cleared, $4 now. */
  static final String SET_CLEARED =
      """
      update declarations set inspection_cleared = $3, updated_at = $4 where id = $1 and status = $2
      """;

  /** $1 id, $2 status read, $3 channel, $4 cleared, $5 now. */
  static final String SET_CHANNEL =
      """
      update declarations set channel = $3, inspection_cleared = $4, updated_at = $5 where id = $1 and status = $2
      """;

  /**
   * $1 id, $2 status read, $3 gate read, $4 new gate, $5 now. The gate feed follows (V9 trigger).
   */
  static final String SET_BORDER_GATE =
      """
      update declarations set border_gate_code = $4, updated_at = $5 where id = $1 and status = $2 and border_gate_code = $3
      """;

  static final String DECISION =
      """
      select r.version, r.ruleset_id, r.ruleset_version, r.random_key_day, r.channel, r.decision, r.facts, r.profile,
             r.decided_at, d.number
        from risk_decisions r
        join declarations d on d.id = r.declaration_id
       where r.declaration_id = $1
       order by r.version desc
       limit 1
      """;

  static final String DECISION_OF_VERSION =
      "select decision from risk_decisions where declaration_id = $1 and version = $2";
}
