-- Partitions by time of a UUIDv7 key (issue 20), and the outbox partitioned by month.
--
-- The functions below serve every table partitioned by range of a UUIDv7 key: the outbox here (one partition a
-- month: its rows live days), and the api's declaration_versions and risk_decisions (api V23: one partition a year,
-- customs records are kept for years and a partition more costs every point lookup of a prepared statement), which is
-- why they live in this module: the api migrates this module's schema before its own. A UUIDv7 (RFC 9562; the api's
-- TimeOrderedIds, outbox_time_ordered_id() in V5) starts with its unix milliseconds, so the range of ids made in a
-- period is [floor(start), floor(next start)). Months and years are UTC ones. Each partitioned table has a
-- <table>_default partition for the rest: rows with a UUIDv4 id (before UUIDv7, or a caller's own), and rows of a
-- period whose partition was not made yet.

-- The smallest UUIDv7 of the millisecond t (unix milliseconds in the first 48 bits, the rest zero).
create function uuid_v7_floor(t timestamptz) returns uuid language sql immutable strict parallel safe as $$
  select (lpad(to_hex(floor(extract(epoch from t) * 1000)::bigint), 12, '0') || repeat('0', 20))::uuid
$$;

-- The month a partition made by month_partition_create holds (from its name, <parent>_yYYYYmMM), null for others.
create function month_partition_month(partition regclass) returns date language sql stable strict as $$
  select to_date(substring(c.relname from '_y([0-9]{4}m[0-9]{2})$'), 'YYYY"m"MM') from pg_class c where c.oid = partition
$$;

-- The year a partition made by year_partition_create holds (from its name, <parent>_yYYYY), null for others.
create function year_partition_year(partition regclass) returns date language sql stable strict as $$
  select to_date(substring(c.relname from '_y([0-9]{4})$'), 'YYYY') from pg_class c where c.oid = partition
$$;

-- Makes the partition of parent (partitioned by range of one UUIDv7 column, with a <parent>_default partition) for
-- the UTC period [first, next), named <parent>_<suffix>; false when it exists already. Rows of that period found in
-- the default partition (the partition was made late, or a UUIDv4 happens to fall in the range) are moved into it
-- first, so that making a partition never fails and never loses a row; a row keeps its identity column's value. The default
-- partition is locked meanwhile (its writers wait: milliseconds when the partition is made ahead, as the api's
-- Retention job does, and the default holds few rows); concurrent makers of one parent's partitions are serialised.
-- Rows of other tables that reference a moved row by foreign key (declaration_documents a version) are taken out
-- and put back around the move: PostgreSQL checks such a key against the partition the row leaves, not the table.
create function uuid_partition_create(parent regclass, first date, next date, suffix text) returns boolean
  language plpgsql as $$
declare
  name     text := (select relname from pg_class where oid = parent) || '_' || suffix;
  dflt     text := (select relname from pg_class where oid = parent) || '_default';
  schema   text := (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = parent);
  lo       uuid := uuid_v7_floor(first::timestamp at time zone 'UTC');
  hi       uuid := uuid_v7_floor(next::timestamp at time zone 'UTC');
  key      text;
  columns  text;
  moving   text;
  fk       record;
  refs     regclass[] := '{}';
  saved    jsonb[] := '{}';
  linked   jsonb;
begin
  perform pg_advisory_xact_lock(hashtext('dc_month_partition'), hashtext(parent::text));
  if to_regclass(format('%I.%I', schema, name)) is not null then
    return false;
  end if;
  select a.attname into strict key
    from pg_partitioned_table p join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
   where p.partrelid = parent and p.partstrat = 'r' and p.partnatts = 1;
  -- generated columns are computed again on insert; identity columns are copied as they are
  select string_agg(quote_ident(attname), ', ' order by attnum) into columns
    from pg_attribute where attrelid = parent and attnum > 0 and not attisdropped and attgenerated = '';
  execute format('lock table %I.%I in access exclusive mode', schema, dflt);
  moving := format('from %I.%I where %I >= %L and %I < %L', schema, dflt, key, lo, key, hi);
  for fk in select c.conrelid::regclass as rel,
                   (select string_agg(quote_ident(a.attname), ', ' order by k.i) from unnest(c.conkey) with ordinality k(n, i)
                      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as cols,
                   (select string_agg(quote_ident(a.attname), ', ' order by k.i) from unnest(c.confkey) with ordinality k(n, i)
                      join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as fcols
              from pg_constraint c where c.contype = 'f' and c.confrelid = parent and c.conparentid = 0 loop
    execute format('with gone as (delete from %s where (%s) in (select %s %s) returning *)'
                   ' select jsonb_agg(to_jsonb(gone)) from gone', fk.rel, fk.cols, fk.fcols, moving) into linked;
    if linked is not null then
      refs := refs || fk.rel;
      saved := saved || linked;
    end if;
  end loop;
  -- like the parent but without its identity: a row can only be given its identity through the parent
  execute format('create table %I.%I (like %s including defaults including constraints including generated'
                 ' including storage)', schema, name, parent);
  execute format('with moved as (delete %s returning %s) insert into %I.%I (%s) select %s from moved',
                 moving, columns, schema, name, columns, columns);
  execute format('alter table %s attach partition %I.%I for values from (%L) to (%L)', parent, schema, name, lo, hi);
  for i in 1 .. coalesce(array_length(refs, 1), 0) loop
    execute format('insert into %s select * from jsonb_populate_recordset(null::%s, $1)', refs[i], refs[i])
      using saved[i];
  end loop;
  return true;
end $$;

-- The partition of parent for the UTC month of month, named <parent>_yYYYYmMM (uuid_partition_create).
create function month_partition_create(parent regclass, month date) returns boolean language sql as $$
  select uuid_partition_create(parent, date_trunc('month', month)::date,
                               (date_trunc('month', month) + interval '1 month')::date,
                               to_char(date_trunc('month', month), '"y"YYYY"m"MM'))
$$;

-- The partition of parent for the UTC year of year, named <parent>_yYYYY (uuid_partition_create).
create function year_partition_create(parent regclass, year date) returns boolean language sql as $$
  select uuid_partition_create(parent, date_trunc('year', year)::date,
                               (date_trunc('year', year) + interval '1 year')::date,
                               to_char(date_trunc('year', year), '"y"YYYY'))
$$;

-- Makes parent's partitions for this UTC year and the ahead years after it; how many were made.
create function year_partitions_ensure(parent regclass, ahead integer) returns integer language sql as $$
  select count(*)::integer
    from generate_series(0, ahead) i
   where year_partition_create(parent, (date_trunc('year', now() at time zone 'UTC') + i * interval '1 year')::date)
$$;

-- Makes parent's partitions for this UTC month and the ahead months after it; how many were made.
create function month_partitions_ensure(parent regclass, ahead integer) returns integer language sql as $$
  select count(*)::integer
    from generate_series(0, ahead) i
   where month_partition_create(parent, (date_trunc('month', now() at time zone 'UTC') + i * interval '1 month')::date)
$$;

-- The UTC month of a UUIDv7, null for another UUID (or a UUIDv7 of before 2020 or more than a year ahead).
create function uuid_v7_month(id uuid) returns date language sql stable strict as $$
  select case when substr(id::text, 15, 1) = '7' and ms between 1577836800000
                   and extract(epoch from now() + interval '1 year') * 1000
              then date_trunc('month', to_timestamp(ms / 1000.0) at time zone 'UTC')::date end
    from (select ('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint as ms) t
$$;

-- The outbox, partitioned by range of its id (UUIDv7 for every message the api and outbox_append_live write).
-- What changes with it: the primary key (id) stays, but seq, an identity column, is no longer unique by constraint
-- (a unique constraint must contain the partition key). It stays unique by construction: it is GENERATED ALWAYS,
-- so every row gets it from the one sequence of the parent (an insert naming seq is refused without OVERRIDING SYSTEM
-- VALUE, which only the copy of the old rows below uses; a partition has no identity of its own, so an insert into a
-- partition directly is refused for lack of seq; month_partition_create moves rows with the seq they have). What relies on seq -
-- claiming in seq order by aggregate key, the stream's numbering (V4, outbox_stream.seq, still unique there),
-- dead letters - has an index on it in every partition.
alter table outbox rename to outbox_unpartitioned;
alter index outbox_pkey rename to outbox_unpartitioned_pkey;
alter index outbox_seq_key rename to outbox_unpartitioned_seq_key;
alter index outbox_pending rename to outbox_unpartitioned_pending;
alter index outbox_failed rename to outbox_unpartitioned_failed;
alter index outbox_recipients rename to outbox_unpartitioned_recipients;
alter index outbox_audience rename to outbox_unpartitioned_audience;
alter index outbox_sent rename to outbox_unpartitioned_sent;
drop trigger outbox_notify on outbox_unpartitioned;
drop trigger outbox_stream_enqueue on outbox_unpartitioned;
drop trigger outbox_stream_forget on outbox_unpartitioned;

create table outbox (
  like outbox_unpartitioned including defaults including constraints including generated including identity
    including storage,
  primary key (id)
) partition by range (id);
-- the identity goes on from where the old table's left off
select setval(pg_get_serial_sequence('outbox', 'seq'),
              greatest(coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_unpartitioned', 'seq')), 0),
                       (select coalesce(max(seq), 0) from outbox_unpartitioned), 1),
              exists (select 1 from outbox_unpartitioned)
              or pg_sequence_last_value(pg_get_serial_sequence('outbox_unpartitioned', 'seq')) is not null);
create table outbox_default partition of outbox default;
select month_partition_create('outbox', month)
  from (select distinct uuid_v7_month(id) as month from outbox_unpartitioned
        union select (date_trunc('month', now() at time zone 'UTC') + i * interval '1 month')::date
                from generate_series(0, 3) i) m
 where month is not null;
insert into outbox (id, seq, declaration_id, event_type, payload, recipients, audience, priority, created_at, status,
                    attempts, next_attempt_at, claimed_by, claimed_until, last_error, pushed_devices, sent_at,
                    failed_at, traceparent)
  overriding system value
  select id, seq, declaration_id, event_type, payload, recipients, audience, priority, created_at, status,
         attempts, next_attempt_at, claimed_by, claimed_until, last_error, pushed_devices, sent_at, failed_at,
         traceparent
    from outbox_unpartitioned;
drop table outbox_unpartitioned;

create index outbox_seq on outbox (seq);
create index outbox_pending on outbox (aggregate_key, seq) where status = 'PENDING';
create index outbox_failed on outbox (seq) where status = 'FAILED';
create index outbox_recipients on outbox using gin (recipients);
create index outbox_audience on outbox using gin (audience);
create index outbox_sent on outbox (sent_at) where status = 'SENT';

-- The triggers of V1 and V4, on the partitioned table (row triggers are cloned to every partition; the statement
-- triggers with transition tables fire for statements on the outbox, which is where every writer writes).
create trigger outbox_notify after insert on outbox
  for each row execute function outbox_notify();
create trigger outbox_stream_enqueue after insert on outbox
  referencing new table as added
  for each statement execute function outbox_stream_enqueue();
create trigger outbox_stream_forget after delete on outbox
  referencing old table as gone
  for each statement execute function outbox_stream_forget();

analyze outbox;

-- Drops the outbox's month partitions (never the default) whose whole month is before sent_before and that hold
-- nothing but messages sent before sent_before: nothing pending, nothing failed (dead letters stay until an officer
-- retries them or they are sent), nothing sent since. Their stream numbers go with them (as the outbox_stream_forget
-- trigger does for deleted rows). Answers the partitions dropped. ops/retention runs it daily with
-- NOTIFY_RETENTION_DAYS; the api's batched deletes go on for the rest (the default partition, a month that still
-- holds a dead letter).
create function outbox_partitions_drop(sent_before timestamptz) returns setof text language plpgsql as $$
declare
  p     regclass;
  name  text;
  busy  boolean;
begin
  for p in select i.inhrelid::regclass from pg_inherits i
            where i.inhparent = 'outbox'::regclass and month_partition_month(i.inhrelid) is not null
              and (month_partition_month(i.inhrelid) + interval '1 month')::timestamp at time zone 'UTC' <= sent_before
            order by month_partition_month(i.inhrelid) loop
    name := p::text;
    execute format('lock table %s in access exclusive mode', p);
    execute format('select exists (select 1 from %s where status <> ''SENT'' or sent_at >= %L)', p, sent_before)
      into busy;
    if not busy then
      execute format('delete from outbox_stream s using %s o where s.seq = o.seq', p);
      execute format('alter table outbox detach partition %s', p);
      execute format('drop table %s', p);
      return next name;
    end if;
  end loop;
end $$;
