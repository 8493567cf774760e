-- The officer queue per customs office. V8 anti-joined every waiting declaration of the country against
-- officer_assignments, under one global advisory lock, on every read: a read cost the national backlog and all
-- officers' reads ran one after another. Here a read costs what the officer sees:
--   * officer_queue holds one row per declaration waiting for a check (DOCUMENT_CHECK or PHYSICAL_INSPECTION),
--     kept by a trigger on declarations, with its office and who holds it; it shrinks as declarations leave;
--   * officers are on duty per office, and the rotation among them is per office and channel;
--   * unassigned rows are claimed with FOR UPDATE SKIP LOCKED (two readers never claim the same row), and the
--     rotation row of the office is locked only by a reader that found something to hand out.

create table officer_queue (
  declaration_id uuid primary key references declarations (id),
  office         text not null,
  status         text not null check (status in ('DOCUMENT_CHECK', 'PHYSICAL_INSPECTION')),
  submitted_at   timestamptz not null,
  officer        text,
  assigned_at    timestamptz,
  check ((officer is null) = (assigned_at is null))
)
-- Small and busy (every arrival, hand-out and departure): vacuumed often, so that its pages stay all-visible
-- and the listing stays an index-only scan.
with (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02,
      autovacuum_analyze_scale_factor = 0.05);
-- The queue of one office and channel, oldest first, as listed: with the holder in the index, a read of the
-- long-waiting (unchanged, all-visible) part of a queue never visits the table.
create index officer_queue_listing on officer_queue (office, status, submitted_at, declaration_id)
  include (officer, assigned_at);
-- What is left to hand out there: only unassigned rows, so finding them never walks past assigned ones.
create index officer_queue_unassigned on officer_queue (office, status, submitted_at, declaration_id) where officer is null;

-- Who is on duty where: refreshed (at most once a minute) by every queue read, for each office of the token.
drop table officers_on_duty;
create table officers_on_duty (
  office       text not null,
  officer      text not null,
  last_seen_at timestamptz not null,
  primary key (office, officer)
);

-- The officer last given a declaration of an office and channel: the rotation continues after them.
create table officer_rotation (
  office       text not null,
  status       text not null,
  last_officer text,
  primary key (office, status)
);

-- Entering a check queue adds the row; leaving it removes the row; a move between the two queues or to another
-- office hands it out again; an amendment that stays in the same queue of the same office keeps its holder.
create function officer_queue_on_declaration() returns trigger language plpgsql as $$
begin
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
create trigger declarations_officer_queue after insert or update of status, customs_office_code, submitted_at on declarations
  for each row execute function officer_queue_on_declaration();

-- What is waiting now, with the holders V8 recorded.
insert into officer_queue (declaration_id, office, status, submitted_at, officer, assigned_at)
select d.id, d.customs_office_code, d.status, coalesce(d.submitted_at, d.updated_at), a.officer, a.assigned_at
  from declarations d
  left join officer_assignments a on a.declaration_id = d.id
 where d.status in ('DOCUMENT_CHECK', 'PHYSICAL_INSPECTION');

-- Assignments of declarations long out of the queues are of no use to anyone (inspections and the audit log
-- record who did what); the V8 index on waiting declarations served the national anti-join only.
drop table officer_assignments;
drop index declarations_queue;
