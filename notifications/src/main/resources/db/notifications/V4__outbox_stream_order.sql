-- The live stream's order (GET /api/v1/me/events), numbered after commit.
-- An outbox row's seq is taken when it is inserted, so with concurrent transactions a higher seq can commit before a
-- lower one; a client that resumed from the higher one (Last-Event-ID, replay "after it") would never get the lower.
-- Filtering on transaction ids (xid < the snapshot's xmin) does not close that gap either: a transaction that took
-- its xid early (the api locks the declaration row before it writes its outbox row) can hold the higher seq with the
-- lower xid. So the stream has an order of its own: outbox_stream_sequence(), run by every live stream when a NOTIFY
-- wakes it, numbers the committed rows not numbered yet (stream_seq), one sequencer at a time under the head's row
-- lock. A row committed later is numbered by a later pass with a higher number, so a reader that saw number n
-- has seen every number below it: clients resume from stream_seq and miss nothing.
-- The numbers live in a table of their own: numbering never locks outbox rows, which the push workers claim with
-- FOR UPDATE SKIP LOCKED (they would skip a row being numbered and push it a poll interval late).

create table outbox_stream (
  seq        bigint primary key,     -- the outbox row (no foreign key: its check would lock the row, see above)
  stream_seq bigint unique           -- null until the sequencer numbers it
);

-- Finds the rows to number without reading the numbered ones.
create index outbox_stream_unnumbered on outbox_stream (seq) where stream_seq is null;

-- Rows already there keep their seq as their number: the ids clients hold keep meaning the same event.
insert into outbox_stream (seq, stream_seq) select seq, seq from outbox;

-- The single row every sequencer locks: the last number given.
create table outbox_stream_head (
  single     boolean primary key default true check (single),
  stream_seq bigint not null
);
insert into outbox_stream_head (stream_seq) select coalesce(max(seq), 0) from outbox;

-- Every inserted outbox row waits for its number; the row and its entry commit together.
create function outbox_stream_enqueue() returns trigger language plpgsql as $$
begin
  insert into outbox_stream (seq) select seq from added;
  return null;
end;
$$;
create trigger outbox_stream_enqueue after insert on outbox
  referencing new table as added
  for each statement execute function outbox_stream_enqueue();

-- Deleted outbox rows (retention) take their numbers with them.
create function outbox_stream_forget() returns trigger language plpgsql as $$
begin
  delete from outbox_stream s using gone where s.seq = gone.seq;
  return null;
end;
$$;
create trigger outbox_stream_forget after delete on outbox
  referencing old table as gone
  for each statement execute function outbox_stream_forget();

-- Numbers up to batch committed rows, in seq order, and answers how many and the last number given so far (by any
-- sequencer). When nothing waits it takes no lock. Otherwise it waits for the head (another sequencer's pass is a few
-- milliseconds), so that when it returns, every row committed before it was called is numbered and its number
-- committed: the caller may read the stream up to head. Each statement takes a fresh snapshot (read committed, the
-- pool's default): the rows selected after the head is locked include every number the previous holder gave, so
-- none is numbered twice.
create function outbox_stream_sequence(batch integer, out sequenced integer, out head bigint)
  language plpgsql as $$
begin
  sequenced := 0;
  if not exists (select 1 from outbox_stream where stream_seq is null) then
    select h.stream_seq into head from outbox_stream_head h;
    return;
  end if;
  select h.stream_seq into head from outbox_stream_head h for update;
  update outbox_stream s set stream_seq = head + w.n
    from (select seq, row_number() over (order by seq) as n
            from outbox_stream where stream_seq is null order by seq limit batch) w
   where s.seq = w.seq;
  get diagnostics sequenced = row_count;
  if sequenced > 0 then
    head := head + sequenced;
    update outbox_stream_head set stream_seq = head;
  end if;
end;
$$;
