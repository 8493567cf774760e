package vn.customs.digital.api.gates;

/**
 * Every SQL statement of the gates package, in one place. The feed itself is written by the
 * triggers of V9 ({@code declarations_gate_feed}, {@code pre_arrivals_gate_feed}): see the package
 * documentation.
 */
final class GateSql {
  private GateSql() {}

  static final String INSERT_GATE =
      """
      insert into gates (code, name, office_code, lanes, created_by, created_at) values ($1, $2, $3, $4, $5, $6)
      on conflict (code) do nothing""";

  static final String GATE_EXISTS = "select 1 from gates where code = $1";

  static final String INSERT_DEVICE =
      """
      insert into gate_devices (id, gate_code, public_jwk, created_by, created_at) values ($1, $2, $3, $4, $5)
      on conflict (id) do nothing""";

  static final String DEVICE = "select gate_code, public_jwk from gate_devices where id = $1";

  /**
   * Records a token id; no row back means it was seen before. Expired ids are dropped on the way.
   */
  static final String USE_JTI =
      """
      with purged as (delete from gate_device_jtis where expires_at < now() - interval '5 minutes')
      insert into gate_device_jtis (jti, device_id, expires_at) values ($1, $2, $3)
      on conflict (jti) do nothing
      returning jti""";

  static final String UPSERT_PRE_ARRIVAL =
      """
      insert into pre_arrivals (declaration_id, plate, driver, expected_arrival, seals, declared_by, declared_at)
      values ($1, $2, $3, $4, $5, $6, $7)
      on conflict (declaration_id) do update set plate = excluded.plate, driver = excluded.driver,
        expected_arrival = excluded.expected_arrival, seals = excluded.seals, declared_by = excluded.declared_by,
        declared_at = excluded.declared_at""";

  static final String FEED_HEAD =
      "select coalesce(max(seq), 0) as head from gate_feed where gate_code = $1";

  private static final String ENTRY_COLUMNS =
      """
      seq, gate_code, declaration_id, declaration_number, container_number, kind, reason, plate, seal_id,
      valid_until, issued_at""";

  /**
   * What may pass now: the latest entry of each container + declaration, when it is an unexpired
   * clearance.
   */
  static final String SNAPSHOT =
      "select "
          + ENTRY_COLUMNS
          + """
       from (select distinct on (declaration_id, container_number) %s
               from gate_feed
              where gate_code = $1 and seq <= $2
              order by declaration_id, container_number, seq desc) latest
      where kind = 'CLEARANCE' and valid_until > now()
        and exists (select 1 from declarations d where d.id = latest.declaration_id and d.status = 'RELEASED')
      order by seq"""
              .formatted(ENTRY_COLUMNS);

  /**
   * Changes after a cursor; only the latest entry per container + declaration matters to the agent.
   */
  static final String DELTA =
      "select "
          + ENTRY_COLUMNS
          + """
       from (select distinct on (declaration_id, container_number) %s
               from gate_feed
              where gate_code = $1 and seq > $2 and seq <= $3
              order by declaration_id, container_number, seq desc) latest
      order by seq"""
              .formatted(ENTRY_COLUMNS);

  static final String INSERT_EVENT =
      """
      insert into gate_events (id, gate_code, delivered_by, device_id, lane, agent_seq, type, occurred_at, data, received_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      on conflict (id) do nothing
      returning id""";

  /**
   * The released declarations a passage at this gate is about: named by number, or holding a
   * cleared container.
   */
  static final String PASSAGE_DECLARATIONS =
      """
      select id from declarations
       where border_gate_code = $1 and status = 'RELEASED'
         and (trim(number) = any($2)
              or id in (select declaration_id from gate_feed where gate_code = $1 and container_number = any($3)))
       order by id
       for update""";

  /**
   * The declarations an interrupted opening at this gate was for: named by number with one of the
   * containers, as the feed the agent decided on had them (whatever their status now), locked for
   * their alert's order.
   */
  static final String INTERRUPTED_DECLARATIONS =
      """
      select id from declarations
       where id in (select declaration_id from gate_feed
                     where gate_code = $1 and declaration_number = any($2) and container_number = any($3))
       order by id
       for update""";

  /**
   * What the feed last said of each of these containers at this gate (a passage nobody released).
   */
  static final String LATEST_FEED_ENTRIES =
      """
      select distinct on (container_number) container_number, declaration_id, declaration_number, kind, reason
        from gate_feed
       where gate_code = $1 and container_number = any($2)
       order by container_number, seq desc""";

  static final String RECORD_EXITS =
      """
      insert into gate_container_exits (declaration_id, container_number, gate_code, event_id, exited_at)
      select $1, c, $3, $4, $5 from unnest($2::text[]) as c
      on conflict do nothing""";

  /**
   * $1 declaration, $2 gate, $3 the containers that passed: their clearances at the gate end
   * ({@code gate_feed_revoke}, V9).
   */
  static final String REVOKE_EXITED = "select gate_feed_revoke($1, $2, 'EXITED', $3::text[])";

  static final String EXITED_CONTAINERS =
      "select container_number from gate_container_exits where declaration_id = $1";

  /** The declaration a seal or container at this gate belongs to, if the feed knows it. */
  static final String SEAL_DECLARATION =
      """
      select declaration_id, declaration_number from gate_feed
       where gate_code = $1 and (container_number = $2 or seal_id = $3)
       order by seq desc
       limit 1""";
}
