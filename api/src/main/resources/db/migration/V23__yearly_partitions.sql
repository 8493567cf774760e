-- Yearly partitions of the customs records that grow with time (issue 20): a declaration's versions and its risk
-- decisions (the functions that make partitions are the notifications module's, V7, migrated before this). Both are
-- keyed (declaration_id, version) and declaration ids are UUIDv7 (TimeOrderedIds: the first 48 bits are the
-- millisecond the declaration was created), so both tables are partitioned by RANGE (declaration_id),
-- one partition a year, bounded by the smallest UUIDv7 of the year's first millisecond. Every version and decision
-- of a declaration lives in the partition of the year it was created in; the primary key keeps its meaning (it
-- contains the partition key); a lookup by declaration reads one partition. A DEFAULT partition takes the rest:
-- declarations made before UUIDv7 (random UUIDv4 ids), and ids of a year whose partition was not made yet (the api's
-- Retention job makes next year's a year ahead; uuid_partition_create moves such rows out of the default first).
-- Why years, not months: every partition kept costs the api's prepared statements. PostgreSQL 15 runs a cached
-- generic plan on a partitioned table by locking every partition before run-time pruning keeps one, and plans a
-- correlated reference (versions joined on d.id) over every partition; measured with pgbench on the read of one
-- declaration (docs/benchmarks.md, "Partitions and prepared statements"): 16,700 reads/s with 3 partitions a
-- table, 5,200 with 8, 1,200 with 58. Asking the partitioned tables for the parameter itself (DeclarationSql.ONE)
-- makes a plan for the value read one partition from planning on: 6,500-6,600/s from 8 to 58 partitions, flat;
-- with up to about 4 PostgreSQL keeps a generic plan instead, 2.4 times cheaper (15,600/s). Yearly partitions keep
-- the count at 3-4 for the first years and about 8 at a 5-year retention; monthly ones would reach 60.
-- The audit log and the gate events are not partitioned: docs/architecture.md, "Partitions", says why.
-- Retention (ops/retention, docs/operations.md): customs records are never dropped unless RETENTION_CUSTOMS_YEARS
-- is set; then a year's partitions are archived (pg_dump) and dropped once the whole year is that many years old.

-- The partitions (made by year_partition_create) of declaration_versions and risk_decisions whose whole year is
-- before before, oldest first.
create function customs_partitions_expired(before date) returns table (partition regclass, year date)
  language sql stable as $$
  select i.inhrelid::regclass, year_partition_year(i.inhrelid)
    from pg_inherits i
   where i.inhparent in ('declaration_versions'::regclass, 'risk_decisions'::regclass)
     and year_partition_year(i.inhrelid) + interval '1 year' <= before
   order by 2, 1
$$;

-- Makes the partitions of declaration_versions and risk_decisions for this UTC year and the next where missing (the
-- api's Retention job, hourly, and ops/retention, daily); how many were made.
create function customs_partitions_ensure() returns integer language sql as $$
  select year_partitions_ensure('declaration_versions', 1) + year_partitions_ensure('risk_decisions', 1)
$$;

-- Drops one year partition of declaration_versions or risk_decisions (after ops/retention archived it), with the
-- links of those versions to their documents (declaration_documents); the documents themselves are immutable and
-- stay, and so do the declarations' rows (number, status, dates).
create function customs_partition_drop(partition regclass) returns void language plpgsql as $$
declare
  parent regclass := (select inhparent from pg_inherits where inhrelid = partition);
begin
  if parent is null or parent not in ('declaration_versions'::regclass, 'risk_decisions'::regclass)
     or year_partition_year(partition) is null then
    raise exception '% is not a year partition of declaration_versions or risk_decisions', partition;
  end if;
  if parent = 'declaration_versions'::regclass then
    execute format('delete from declaration_documents l using %s v'
                   ' where l.declaration_id = v.declaration_id and l.version = v.version', partition);
  end if;
  execute format('alter table %s detach partition %s', parent, partition);
  execute format('drop table %s', partition);
end $$;

-- The years to make for the rows already there (those of their UUIDv7 ids), and this year with the next.
create temporary table partition_years on commit drop as
  select distinct date_trunc('year', uuid_v7_month(id))::date as year from declarations where uuid_v7_month(id) is not null
  union
  select (date_trunc('year', now() at time zone 'UTC') + i * interval '1 year')::date from generate_series(0, 1) i;

-- declaration_versions
alter table declaration_versions rename to declaration_versions_unpartitioned;
alter index declaration_versions_pkey rename to declaration_versions_unpartitioned_pkey;
create table declaration_versions (
  like declaration_versions_unpartitioned including defaults including constraints including storage,
  constraint declaration_versions_pkey primary key (declaration_id, version),
  constraint declaration_versions_declaration_id_fkey foreign key (declaration_id) references declarations (id)
) partition by range (declaration_id);
create table declaration_versions_default partition of declaration_versions default;
select year_partition_create('declaration_versions', year) from partition_years;
insert into declaration_versions select * from declaration_versions_unpartitioned;
alter table declaration_documents drop constraint declaration_documents_declaration_id_version_fkey;
drop table declaration_versions_unpartitioned;
alter table declaration_documents add constraint declaration_documents_declaration_id_version_fkey
  foreign key (declaration_id, version) references declaration_versions (declaration_id, version);

-- risk_decisions
alter table risk_decisions rename to risk_decisions_unpartitioned;
alter index risk_decisions_pkey rename to risk_decisions_unpartitioned_pkey;
create table risk_decisions (
  like risk_decisions_unpartitioned including defaults including constraints including storage,
  constraint risk_decisions_pkey primary key (declaration_id, version),
  constraint risk_decisions_declaration_id_fkey foreign key (declaration_id) references declarations (id)
) partition by range (declaration_id);
create table risk_decisions_default partition of risk_decisions default;
select year_partition_create('risk_decisions', year) from partition_years;
insert into risk_decisions select * from risk_decisions_unpartitioned;
drop table risk_decisions_unpartitioned;

analyze declaration_versions, risk_decisions;
