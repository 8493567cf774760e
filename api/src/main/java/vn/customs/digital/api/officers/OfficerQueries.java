package vn.customs.digital.api.officers;

/** Every SQL statement of the officers package. */
final class OfficerQueries {
  private OfficerQueries() {}

  /** Serialises round-robin assignment between concurrent queue reads (transaction-scoped). */
  static final long ASSIGNMENT_LOCK = 0x6463_7175_6575_6501L; // "dcqueue\1"

  static final String SEEN = """
      insert into officers_on_duty (officer, last_seen_at) values ($1, $2)
      on conflict (officer) do update set last_seen_at = excluded.last_seen_at
      """;

  static final String LOCK = "select pg_advisory_xact_lock($1)";

  /** $1 on duty since. The rotation order is the officers' ids. */
  static final String ON_DUTY = "select officer from officers_on_duty where last_seen_at >= $1 order by officer";

  static final String LAST_ASSIGNED = "select officer from officer_assignments order by seq desc limit 1";

  /** $1 status, $2 limit: queued declarations nobody holds, oldest submitted first. */
  static final String UNASSIGNED = """
      select d.id from declarations d
       where d.status = $1 and not exists (select 1 from officer_assignments a where a.declaration_id = d.id)
       order by d.submitted_at, d.id
       limit $2
      """;

  static final String ASSIGN = """
      insert into officer_assignments (declaration_id, officer, assigned_at) values ($1, $2, $3)
      on conflict (declaration_id) do nothing
      """;

  /** $1 status, $2 limit. */
  static final String QUEUE = """
      select d.id, d.number, d.status, d.channel, d.enterprise_tax_code, d.customs_office_code, d.border_gate_code,
             d.total_payable_vnd, d.submitted_at, a.officer, a.assigned_at
        from declarations d
        left join officer_assignments a on a.declaration_id = d.id
       where d.status = $1
       order by d.submitted_at, d.id
       limit $2
      """;

  static final String UNASSIGN = "delete from officer_assignments where declaration_id = $1";

  static final String INSERT_INSPECTION = """
      insert into inspections (id, declaration_id, version, officer, result, severity, note, held, inspected_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      """;

  static final String INSERT_VIOLATION = """
      insert into violations (id, tax_code, declaration_id, severity, found_on) values ($1, $2, $3, $4, $5)
      """;

  /** $1 id, $2 status read, $3 cleared, $4 now. */
  static final String SET_CLEARED = """
      update declarations set inspection_cleared = $3, updated_at = $4 where id = $1 and status = $2
      """;

  /** $1 id, $2 status read, $3 channel, $4 cleared, $5 now. */
  static final String SET_CHANNEL = """
      update declarations set channel = $3, inspection_cleared = $4, updated_at = $5 where id = $1 and status = $2
      """;

  /** $1 id, $2 status read, $3 gate read, $4 new gate, $5 now. The gate feed follows (V9 trigger). */
  static final String SET_BORDER_GATE = """
      update declarations set border_gate_code = $4, updated_at = $5 where id = $1 and status = $2 and border_gate_code = $3
      """;

  static final String DECISION = """
      select r.version, r.ruleset_id, r.ruleset_version, r.random_key_day, r.channel, r.decision, r.facts, r.profile,
             r.decided_at, d.number
        from risk_decisions r
        join declarations d on d.id = r.declaration_id
       where r.declaration_id = $1
       order by r.version desc
       limit 1
      """;

  static final String DECISION_OF_VERSION = "select decision from risk_decisions where declaration_id = $1 and version = $2";
}
