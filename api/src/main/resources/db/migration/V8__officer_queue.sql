-- Officers' work: who is on duty, who holds which queued declaration, and what inspections found.

-- An officer is "on duty" while reading the queue: last_seen_at is refreshed on every read, and
-- unassigned declarations are shared round-robin among officers seen in the last 15 minutes.
create table officers_on_duty (
  officer      text primary key,
  last_seen_at timestamptz not null
);

create table officer_assignments (
  seq            bigint generated always as identity,
  declaration_id uuid primary key references declarations (id),
  officer        text not null,
  assigned_at    timestamptz not null
);
create index officer_assignments_officer on officer_assignments (officer);
create unique index officer_assignments_seq on officer_assignments (seq);

create table inspections (
  id             uuid primary key,
  declaration_id uuid not null references declarations (id),
  version        int not null,
  officer        text not null,
  result         text not null check (result in ('COMPLIANT', 'VIOLATION')),
  severity       text check (severity in ('MINOR', 'SERIOUS', 'CRIMINAL')),
  note           text,
  held           boolean not null,
  inspected_at   timestamptz not null,
  check ((result = 'VIOLATION') = (severity is not null))
);
create index inspections_declaration on inspections (declaration_id, inspected_at);

-- Ruleset changes are audited without a declaration (declaration_id null, canonical form '-'),
-- which V5's function, declared strict, turned into a null hash. Same body, called on null input:
-- every existing record hashes exactly as before.
create or replace function audit_canonical(prev char(64), at timestamptz, actor text, declaration uuid, action text, details jsonb)
  returns text language sql immutable parallel safe as $$
  select prev || '|' || to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || actor || '|'
         || coalesce(declaration::text, '-') || '|' || action || '|' || details::text
$$;
