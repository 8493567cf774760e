-- The audit chain is built after commit instead of inside every request transaction.
-- Until V10 each append took a global advisory lock, read the last hash and inserted its record, holding
-- the lock through commit, so every audited transaction in the system committed one after another.
-- Now a request transaction inserts its record unchained (prev_hash, hash, chain_seq null) and takes no
-- lock; audit_chain_pending(), run by the api's AuditSequencer, chains committed records in one short
-- transaction: hash = sha256(audit_canonical(prev_hash, ...)) exactly as before, chain order = chain_seq.
-- Records of transactions still in flight are invisible to it and are chained by a later pass, so
-- chain_seq order may differ from seq order. ops/audit verify recomputes the chain in chain_seq order.

alter table audit_log
  alter column prev_hash drop not null,
  alter column hash drop not null,
  add column chain_seq bigint unique;

-- Existing records were chained in seq order under the old lock: number them in that order.
alter table audit_log disable trigger audit_log_no_update;
update audit_log a set chain_seq = o.n
  from (select seq, row_number() over (order by seq) as n from audit_log) o
 where a.seq = o.seq;
alter table audit_log enable trigger audit_log_no_update;
alter table audit_log add constraint audit_log_chained_together
  check ((chain_seq is null) = (hash is null) and (hash is null) = (prev_hash is null));

-- Finds the next records to chain without scanning the chained ones.
create index audit_log_unchained on audit_log (seq) where chain_seq is null;

-- The single row every sequencer locks: the chain's last link. Several api instances may run the
-- sequencer; this row lock is what serialises them (SKIP LOCKED: a busy instance is not queued behind).
create table audit_chain_head (
  single    boolean primary key default true check (single),
  chain_seq bigint not null,
  hash      char(64) not null
);
insert into audit_chain_head (chain_seq, hash)
select coalesce(max(chain_seq), 0),
       coalesce((select hash from audit_log order by chain_seq desc limit 1), repeat('0', 64))
  from audit_log;

-- Still append-only: the one change allowed is the sequencer's setting of the chain columns, once,
-- from null, with the record's content untouched. Deletes stay refused.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and old.chain_seq is null and old.hash is null and old.prev_hash is null
     and new.chain_seq is not null
     and (new.seq, new.at, new.actor, new.declaration_id, new.action, new.details)
         is not distinct from (old.seq, old.at, old.actor, old.declaration_id, old.action, old.details) then
    return new;
  end if;
  raise exception 'audit_log is append-only';
end $$;

-- Records are inserted unchained; only the sequencer links them.
create function audit_log_insert_unchained() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log records are inserted unchained; the sequencer chains them';
end $$;
create trigger audit_log_insert_unchained before insert on audit_log
  for each row when (new.chain_seq is not null or new.hash is not null or new.prev_hash is not null)
  execute function audit_log_insert_unchained();

-- Chains up to batch committed records, oldest seq first; returns how many. Returns 0 without taking
-- any lock when nothing is pending, and 0 when another sequencer holds the head (it will chain them).
-- Each statement below takes a fresh snapshot (read committed), so the records selected after the head
-- is locked include everything a sequencer that held it before has chained: none is chained twice.
create function audit_chain_pending(batch integer) returns integer language plpgsql as $$
declare
  head_seq  bigint;
  head_hash char(64);
  h         char(64);
  r         record;
  n         integer := 0;
begin
  if not exists (select 1 from audit_log where chain_seq is null) then
    return 0;
  end if;
  select chain_seq, hash into head_seq, head_hash from audit_chain_head for update skip locked;
  if not found then
    return 0;
  end if;
  for r in select seq, at, actor, declaration_id, action, details
             from audit_log where chain_seq is null order by seq limit batch loop
    h := encode(sha256(convert_to(audit_canonical(head_hash, r.at, r.actor, r.declaration_id, r.action, r.details), 'UTF8')), 'hex');
    head_seq := head_seq + 1;
    update audit_log set prev_hash = head_hash, hash = h, chain_seq = head_seq where seq = r.seq;
    head_hash := h;
    n := n + 1;
  end loop;
  if n > 0 then
    update audit_chain_head set chain_seq = head_seq, hash = head_hash;
  end if;
  return n;
end $$;
