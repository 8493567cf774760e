-- The officers' queue, live (issue 17).
--   * Every change of an office's queue is an event on the live stream of that office's officers, written here, in
--     the transaction of the change, by triggers on officer_queue: a declaration enters a queue (queue.entered), is
--     handed out or given back (queue.assigned, queue.unassigned), changes what the queue shows of it
--     (queue.updated: an amendment, a new exit gate), or leaves (queue.left: decided, held, cancelled, or moved to
--     another office or channel, which is also a queue.entered there). Whatever path changes a queue - the
--     declarations trigger of V12, a queue read that hands out, a reroute - cannot forget its event.
--     The events go through the outbox (notifications V5, outbox_append_live) to the live stream only, addressed to
--     "office:<code>": the officers whose token names that office, nobody else. They are not pushed to phones.
--   * Every queue row carries a version, new on every change of the row or of what the queue lists of its
--     declaration, so that a queue read can tell whether what it would list has changed from the versions of the
--     listed rows alone (the index-only part of the listing): the queue's ETag.

create sequence officer_queue_version;
alter table officer_queue add column version bigint;
update officer_queue set version = nextval('officer_queue_version');
alter table officer_queue alter column version set default nextval('officer_queue_version'),
                          alter column version set not null;

create function officer_queue_versioned() returns trigger language plpgsql as $$
begin
  new.version := nextval('officer_queue_version');
  return new;
end $$;
create trigger officer_queue_versioned before update on officer_queue
  for each row execute function officer_queue_versioned();

-- The listing's index carries the version too: the ETag of a queue read never visits the table.
drop index officer_queue_listing;
create index officer_queue_listing on officer_queue (office, status, submitted_at, declaration_id)
  include (officer, assigned_at, version);

-- As V12, and a queued declaration whose listed fields change (number, channel, exit gate, duties, an amendment's
-- submission time) gets a new version of its row. An update that changes none of them leaves the row alone.
create or replace function officer_queue_on_declaration() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and (new.status, new.customs_office_code, new.submitted_at, new.number, new.channel, new.enterprise_tax_code,
          new.border_gate_code, new.total_payable_vnd)
         is not distinct from
         (old.status, old.customs_office_code, old.submitted_at, old.number, old.channel, old.enterprise_tax_code,
          old.border_gate_code, old.total_payable_vnd) then
    return null;
  end if;
  if new.status in ('DOCUMENT_CHECK', 'PHYSICAL_INSPECTION') then
    insert into officer_queue (declaration_id, office, status, submitted_at)
    values (new.id, new.customs_office_code, new.status, coalesce(new.submitted_at, new.updated_at))
    on conflict (declaration_id) do update
      set office = excluded.office, status = excluded.status, submitted_at = excluded.submitted_at,
          officer = case when (officer_queue.office, officer_queue.status) = (excluded.office, excluded.status)
                         then officer_queue.officer end,
          assigned_at = case when (officer_queue.office, officer_queue.status) = (excluded.office, excluded.status)
                             then officer_queue.assigned_at end;
  elsif tg_op = 'UPDATE' and old.status in ('DOCUMENT_CHECK', 'PHYSICAL_INSPECTION') then
    delete from officer_queue where declaration_id = old.id;
  end if;
  return null;
end $$;
drop trigger declarations_officer_queue on declarations;
create trigger declarations_officer_queue
  after insert or update of status, customs_office_code, submitted_at, number, channel, enterprise_tax_code,
                            border_gate_code, total_payable_vnd on declarations
  for each row execute function officer_queue_on_declaration();

-- One event as outbox_append_live takes it: about declaration d, in the queue of office and status (the queue's
-- channel), held by officer; reason for a departure. Status and channel are the declaration's now (after the
-- change), as in every live event.
create function officer_queue_event(event_type text, d declarations, office text, status text, officer text,
                                    reason text) returns jsonb language sql immutable as $$
  select jsonb_build_object(
    'declarationId', d.id::text, 'eventType', event_type, 'declarationNumber', trim(d.number),
    'status', d.status, 'channel', lower(d.channel), 'audience', jsonb_build_array('office:' || office),
    'data', jsonb_strip_nulls(jsonb_build_object(
      'office', office, 'queue', case status when 'DOCUMENT_CHECK' then 'yellow' else 'red' end,
      'assignedTo', officer, 'reason', reason)))
$$;

-- The events of one statement on officer_queue, in one outbox insert (a read that hands out 200 declarations makes
-- one statement of 200 events). A row that moves to another office or channel leaves the old queue (reason
-- REROUTED) and enters the new one; a departure's reason is what the declaration became (RELEASED,
-- AWAITING_PAYMENT, HELD, CANCELLED, ...).
create function officer_queue_announce() returns trigger language plpgsql as $$
declare
  messages jsonb;
begin
  if tg_op = 'INSERT' then
    select jsonb_agg(officer_queue_event('queue.entered', d, a.office, a.status, a.officer, null)
                     order by a.version)
      into messages
      from added a join declarations d on d.id = a.declaration_id;
  elsif tg_op = 'DELETE' then
    select jsonb_agg(officer_queue_event('queue.left', d, g.office, g.status, g.officer, d.status)
                     order by g.version)
      into messages
      from gone g join declarations d on d.id = g.declaration_id;
  else
    select jsonb_agg(e.message order by a.version, e.n)
      into messages
      from added a
      join gone g on g.declaration_id = a.declaration_id
      join declarations d on d.id = a.declaration_id
     cross join lateral (
       select 1 as n, officer_queue_event('queue.left', d, g.office, g.status, g.officer, 'REROUTED') as message
        where (a.office, a.status) <> (g.office, g.status)
       union all
       select 2, officer_queue_event(
                   case when (a.office, a.status) <> (g.office, g.status) then 'queue.entered'
                        when a.officer is not distinct from g.officer then 'queue.updated'
                        when a.officer is null then 'queue.unassigned'
                        else 'queue.assigned' end,
                   d, a.office, a.status, a.officer, null)) e;
  end if;
  if messages is not null then
    perform outbox_append_live(messages);
  end if;
  return null;
end $$;
create trigger officer_queue_entered after insert on officer_queue
  referencing new table as added for each statement execute function officer_queue_announce();
create trigger officer_queue_changed after update on officer_queue
  referencing old table as gone new table as added for each statement execute function officer_queue_announce();
create trigger officer_queue_left after delete on officer_queue
  referencing old table as gone for each statement execute function officer_queue_announce();
