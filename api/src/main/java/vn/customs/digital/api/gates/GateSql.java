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

  static final String GATES_WITH_OFFICES = "select code, office_code from gates";

  static final String GATE_EXISTS = "select 1 from gates where code = $1";

  static final String INSERT_DEVICE =
      """
      insert into gate_devices (id, gate_code, public_jwk, created_by, created_at) values ($1, $2, $3, $4, $5)
      on conflict (id) do nothing""";

  static final String DEVICE =
      """
      select d.gate_code, d.public_jwk, g.office_code
        from gate_devices d join gates g on g.code = d.gate_code
       where d.id = $1""";

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

  /** $1 declaration: its pre-arrival information, if any was given. */
  static final String PRE_ARRIVAL =
      """
      select plate, driver, expected_arrival, seals, declared_by, declared_at from pre_arrivals where declaration_id = $1""";

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

  // ---- the officers' view of a gate (GateDesk) and one-time passages (PassageAuthorisations)

  static final String GATE = "select code, name, office_code, lanes from gates where code = $1";

  /** $1 the officer's offices. */
  static final String GATES_OF_OFFICES =
      """
      select code, name, office_code, lanes from gates where office_code = any($1) order by code""";

  /**
   * A gate's events newest first: $1 gate, $2 lane, $3 type (null: any), $4 from (inclusive), $5 to
   * (exclusive), $6 + $7 the cursor (the last row's occurred_at and received_seq), $8 limit.
   */
  static final String EVENTS =
      """
      select id, received_seq, delivered_by, device_id, lane, agent_seq, type, occurred_at, data, received_at
        from gate_events
       where gate_code = $1
         and ($2::text is null or lane = $2)
         and ($3::text is null or type = $3)
         and ($4::timestamptz is null or occurred_at >= $4)
         and ($5::timestamptz is null or occurred_at < $5)
         and ($6::timestamptz is null or (occurred_at, received_seq) < ($6, $7))
       order by occurred_at desc, received_seq desc
       limit $8""";

  /**
   * Per lane of the gate ($1): its last barrier event (by the agent's clock and journal order), its
   * last event received, and its agent's last report.
   */
  static final String LANES =
      """
      select l.lane, barrier.type as barrier_type, barrier.id as barrier_event_id,
             barrier.occurred_at as barrier_at, last_event.received_at as last_event_at,
             r.device_id as report_device_id, r.reported_at, r.received_at as report_received_at, r.report
        from gates g
        cross join lateral unnest(g.lanes) with ordinality as l(lane, n)
        left join lateral (select e.type, e.id, e.occurred_at from gate_events e
                            where e.gate_code = g.code and e.lane = l.lane
                              and e.type in ('BARRIER_OPENED', 'BARRIER_CLOSED', 'PASSAGE_INTERRUPTED')
                            order by e.occurred_at desc, e.agent_seq desc limit 1) barrier on true
        left join lateral (select e.received_at from gate_events e
                            where e.gate_code = g.code and e.lane = l.lane
                            order by e.received_seq desc limit 1) last_event on true
        left join gate_lane_reports r on r.gate_code = g.code and r.lane = l.lane
       where g.code = $1
       order by l.n""";

  /** $1 gate, $2 lane, $3 device, $4 reported at, $5 received at, $6 report. */
  static final String UPSERT_LANE_REPORT =
      """
      insert into gate_lane_reports (gate_code, lane, device_id, reported_at, received_at, report)
      values ($1, $2, $3, $4, $5, $6)
      on conflict (gate_code, lane) do update set device_id = excluded.device_id,
        reported_at = excluded.reported_at, received_at = excluded.received_at, report = excluded.report""";

  /** The HOLD event $1 at gate $2, lane $3. */
  static final String HOLD_EVENT =
      """
      select id, data, occurred_at from gate_events
       where id = $1 and gate_code = $2 and lane = $3 and type = 'HOLD'""";

  private static final String AUTHORISATION_COLUMNS =
      """
      id, gate_code, lane, hold_event_id, plate, container_numbers, reason, authorised_by, authorised_at,
      expires_at, command_jws, opened_event_id, opened_at, passed_event_id, passed_at""";

  /** The authorisation of hold $1 at gate $2, lane $3 (a hold of another gate or lane: none). */
  static final String AUTHORISATION_FOR_HOLD =
      "select "
          + AUTHORISATION_COLUMNS
          + " from gate_passage_authorisations where hold_event_id = $1 and gate_code = $2 and lane = $3";

  /** Nothing back: another officer authorised the same hold meanwhile. */
  static final String INSERT_AUTHORISATION =
      """
      insert into gate_passage_authorisations (id, gate_code, lane, hold_event_id, plate, container_numbers,
        reason, authorised_by, authorised_at, expires_at, command_jws)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      on conflict (hold_event_id) do nothing
      returning\s"""
          + AUTHORISATION_COLUMNS;

  /** $1 gate, $2 lane (null: every lane), $3 limit: the newest first. */
  static final String AUTHORISATIONS =
      "select "
          + AUTHORISATION_COLUMNS
          + """
       from gate_passage_authorisations
      where gate_code = $1 and ($2::text is null or lane = $2)
      order by authorised_at desc, id
      limit $3""";

  /** The commands a gate's agents are still to act on: neither opened nor expired. */
  static final String PENDING_COMMANDS =
      """
      select command_jws from gate_passage_authorisations
       where gate_code = $1 and opened_event_id is null and expires_at > now()
       order by authorised_at""";

  /**
   * The agent opened for authorisation $1 at gate $2, lane $3 (event $4 at $5); nothing back when
   * it names none of this gate and lane, or one already opened.
   */
  static final String AUTHORISATION_OPENED =
      """
      update gate_passage_authorisations set opened_event_id = $4, opened_at = $5
       where id = $1 and gate_code = $2 and lane = $3 and opened_event_id is null
      returning id""";

  /** The vehicle of authorisation $1 at gate $2, lane $3 passed (event $4 at $5). */
  static final String AUTHORISATION_PASSED =
      """
      update gate_passage_authorisations set passed_event_id = $4, passed_at = $5
       where id = $1 and gate_code = $2 and lane = $3 and passed_event_id is null
      returning id, hold_event_id, reason, authorised_by""";
}
