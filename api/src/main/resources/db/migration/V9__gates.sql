-- Gates and their devices, pre-arrival information, the clearance feed the gate agents cache, and the
-- events they report (issue 7).

-- HELD: an officer holds released goods that have not all exited (post-release intelligence); lifting the hold
-- returns the declaration to RELEASED.
alter table declarations drop constraint declarations_status_check;
alter table declarations add constraint declarations_status_check check (status in ('DRAFT', 'SUBMITTED',
  'AWAITING_PAYMENT', 'DOCUMENT_CHECK', 'PHYSICAL_INSPECTION', 'RELEASED', 'HELD', 'EXITED', 'CANCELLED'));

create table gates (
  code        text primary key check (code ~ '^[A-Z0-9]{2,16}$'),
  name        text,
  office_code text not null check (office_code ~ '^[A-Z0-9]{2,8}$'),
  lanes       text[] not null check (cardinality(lanes) between 1 and 64),
  created_by  text not null,
  created_at  timestamptz not null
);

-- A gate device signs its own short-lived tokens; the api keeps only its public key.
create table gate_devices (
  id          text primary key check (id ~ '^[A-Za-z0-9._-]{1,64}$'),
  gate_code   text not null references gates (code),
  public_jwk  jsonb not null,
  created_by  text not null,
  created_at  timestamptz not null
);
create index gate_devices_gate on gate_devices (gate_code);

-- Every device token id seen, until the token has expired: a replayed token is refused on any instance.
create table gate_device_jtis (
  jti         text primary key,
  device_id   text not null,
  expires_at  timestamptz not null
);
create index gate_device_jtis_expiry on gate_device_jtis (expires_at);

create table pre_arrivals (
  declaration_id   uuid primary key references declarations (id),
  plate            text not null,          -- upper case, no separators: how the gate compares plates
  driver           text not null,
  expected_arrival timestamptz not null,
  seals            jsonb not null default '{}',  -- container number -> e-seal id
  declared_by      text not null,
  declared_at      timestamptz not null
);

-- What may pass each gate, append-only. Rows are written by the triggers below in the transaction that
-- releases, revokes or re-routes a declaration (or gives its pre-arrival plate), so the feed never
-- disagrees with the declarations. seq orders a gate's entries in commit order: writers of one gate's feed
-- hold a transaction-scoped advisory lock, so no entry with a smaller seq can commit after a reader has
-- seen a larger one (the cursor is safe).
create table gate_feed (
  seq                bigint generated always as identity primary key,
  gate_code          text not null,
  declaration_id     uuid not null references declarations (id),
  declaration_number text not null,
  container_number   text not null,
  kind               text not null check (kind in ('CLEARANCE', 'REVOCATION')),
  reason             text check (reason in ('HOLD', 'REROUTE', 'CANCELLED', 'EXITED')),
  plate              text,
  seal_id            text,
  valid_until        timestamptz not null,
  issued_at          timestamptz not null,
  check ((kind = 'REVOCATION') = (reason is not null))
);
create index gate_feed_by_gate on gate_feed (gate_code, seq);
create index gate_feed_by_declaration on gate_feed (declaration_id, gate_code, container_number, seq desc);

create function gate_feed_lock(p_gate text) returns void language sql as $$
  select pg_advisory_xact_lock(hashtext('dc_gate_feed'), hashtext(p_gate))
$$;

-- A clearance per container of the declaration's current version that has not exited yet, valid 72 hours.
create function gate_feed_clear(p_declaration uuid, p_gate text) returns void language plpgsql as $$
begin
  perform gate_feed_lock(p_gate);
  insert into gate_feed (gate_code, declaration_id, declaration_number, container_number, kind, plate, seal_id,
                         valid_until, issued_at)
  select p_gate, d.id, trim(d.number), c.container, 'CLEARANCE', p.plate, p.seals ->> c.container,
         clock_timestamp() + interval '72 hours', clock_timestamp()
    from declarations d
    join declaration_versions v on v.declaration_id = d.id and v.version = d.version
    cross join lateral jsonb_array_elements_text(
      case when jsonb_typeof(v.document -> 'containers') = 'array' then v.document -> 'containers' else '[]'::jsonb end
    ) as c(container)
    left join pre_arrivals p on p.declaration_id = d.id
   where d.id = p_declaration
     and not exists (select 1 from gate_container_exits x
                      where x.declaration_id = d.id and x.container_number = c.container);
end $$;

-- A revocation for every container (of p_containers, when given) whose latest entry at the gate is a clearance.
create function gate_feed_revoke(p_declaration uuid, p_gate text, p_reason text, p_containers text[] default null)
  returns void language plpgsql as $$
begin
  perform gate_feed_lock(p_gate);
  insert into gate_feed (gate_code, declaration_id, declaration_number, container_number, kind, reason,
                         valid_until, issued_at)
  select p_gate, latest.declaration_id, latest.declaration_number, latest.container_number, 'REVOCATION', p_reason,
         clock_timestamp() + interval '72 hours', clock_timestamp()
    from (select distinct on (container_number) declaration_id, declaration_number, container_number, kind
            from gate_feed
           where declaration_id = p_declaration and gate_code = p_gate
             and (p_containers is null or container_number = any(p_containers))
           order by container_number, seq desc) latest
   where latest.kind = 'CLEARANCE';
end $$;

-- Release (or the lift of a hold) clears; leaving RELEASED other than by exit revokes: HOLD (an officer's hold,
-- HELD) or CANCELLED (an officer's cancellation); an officer's change of the exit gate revokes at the old gate
-- (REROUTE) and clears at the new one. Exited containers are revoked one by one at passage (EXITED, GateEvents).
create function gate_feed_on_declaration() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if new.status = 'RELEASED' then
      perform gate_feed_clear(new.id, new.border_gate_code);
    end if;
  elsif new.status = 'RELEASED' and old.status <> 'RELEASED' then
    perform gate_feed_clear(new.id, new.border_gate_code);
  elsif old.status = 'RELEASED' and new.status not in ('RELEASED', 'EXITED') then
    perform gate_feed_revoke(old.id, old.border_gate_code,
                             case when new.status = 'CANCELLED' then 'CANCELLED' else 'HOLD' end);
  elsif old.status = 'RELEASED' and new.status = 'RELEASED' and new.border_gate_code <> old.border_gate_code then
    perform gate_feed_revoke(old.id, old.border_gate_code, 'REROUTE');
    perform gate_feed_clear(new.id, new.border_gate_code);
  end if;
  return null;
end $$;
-- Deferred to commit, because the row that releases may be written before the version the clearances are
-- built from: a submission released at once (GREEN, nothing due) inserts the declaration, then its version;
-- an amendment bumps the version, then inserts it.
create constraint trigger declarations_gate_feed after insert or update of status, border_gate_code on declarations
  deferrable initially deferred
  for each row execute function gate_feed_on_declaration();

-- A plate given after release re-issues the clearances with it. The declaration row is share-locked so that
-- a release committing meanwhile is either waited for (and seen) or waits for this (and sees the plate).
create function gate_feed_on_pre_arrival() returns trigger language plpgsql as $$
declare
  d declarations%rowtype;
begin
  select * into d from declarations where id = new.declaration_id for share;
  if d.status = 'RELEASED' then
    perform gate_feed_clear(d.id, d.border_gate_code);
  end if;
  return null;
end $$;
create trigger pre_arrivals_gate_feed after insert or update on pre_arrivals
  for each row execute function gate_feed_on_pre_arrival();

-- Connected agents are pushed new entries: NOTIFY is delivered at commit, to every api instance listening.
create function gate_feed_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('dc_gate_feed', new.gate_code);
  return null;
end $$;
create trigger gate_feed_notify after insert on gate_feed
  for each row execute function gate_feed_notify();

-- Gate events as delivered, idempotent by the agent's event id; received_seq is the order they were stored in.
create table gate_events (
  id            uuid primary key,
  received_seq  bigint generated always as identity unique,
  gate_code     text not null references gates (code),
  delivered_by  text not null,   -- the authenticated device (the agent)
  device_id     text,            -- the device the event is about (camera, seal reader, agent)
  lane          text,
  agent_seq     bigint not null,
  type          text not null,
  occurred_at   timestamptz not null,
  data          jsonb not null,
  received_at   timestamptz not null
);
create index gate_events_by_gate on gate_events (gate_code, received_seq);

-- Containers that passed a gate; a declaration is EXITED once all of its containers have.
create table gate_container_exits (
  declaration_id   uuid not null references declarations (id),
  container_number text not null,
  gate_code        text not null,
  event_id         uuid not null references gate_events (id),
  exited_at        timestamptz not null,
  primary key (declaration_id, container_number)
);

-- Declarations released before this migration (gate_feed_clear reads gate_container_exits: it must exist first).
select gate_feed_clear(id, border_gate_code) from declarations where status = 'RELEASED';
