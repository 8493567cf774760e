-- Declarations, their versions (signed bytes kept verbatim), the hash-chained audit log,
-- idempotent POSTs, and what the risk core needs: enterprise profiles, rulesets, daily random keys.

create sequence declaration_number_seq as bigint minvalue 100000000001 maxvalue 999999999999 start 100000000001 no cycle;

create table enterprises (
  tax_code        text primary key check (tax_code ~ '^[0-9]{10}([0-9]{3})?$'),
  name            text not null,
  registered_on   date not null,
  priority        boolean not null default false,  -- AEO / priority enterprise status
  overdue_debt_vnd numeric(20,0) not null default 0 check (overdue_debt_vnd >= 0),
  watch_listed    boolean not null default false
);

create table declarations (
  id                  uuid primary key,
  number              char(12) unique,
  enterprise_tax_code text not null,
  broker_tax_code     text,
  created_by          text not null,
  type                text not null check (type in ('IMPORT', 'EXPORT')),
  status              text not null check (status in ('DRAFT', 'SUBMITTED', 'AWAITING_PAYMENT', 'DOCUMENT_CHECK',
                        'PHYSICAL_INSPECTION', 'RELEASED', 'EXITED', 'CANCELLED')),
  channel             text check (channel in ('GREEN', 'YELLOW', 'RED')),
  version             int not null check (version >= 1),
  customs_office_code text not null,
  border_gate_code    text not null,
  total_payable_vnd   numeric(20,0),
  inspection_cleared  boolean not null default false,
  created_at          timestamptz not null,
  updated_at          timestamptz not null,
  submitted_at        timestamptz,
  released_at         timestamptz
);
create index declarations_tenant on declarations (enterprise_tax_code, created_at desc, id);
create index declarations_broker on declarations (broker_tax_code, created_at desc, id) where broker_tax_code is not null;
create index declarations_queue on declarations (status, submitted_at) where status in ('DOCUMENT_CHECK', 'PHYSICAL_INSPECTION');

create table declaration_versions (
  declaration_id  uuid not null references declarations (id),
  version         int not null,
  document        jsonb not null,
  signed_jws      text,           -- the compact JWS exactly as submitted (non-repudiation); null for drafts
  signing_kid     text,
  signer_tax_code text,
  assessment      jsonb,
  created_by      text not null,
  created_at      timestamptz not null,
  primary key (declaration_id, version)
);

create table risk_decisions (
  declaration_id  uuid not null references declarations (id),
  version         int not null,
  ruleset_id      text not null,
  ruleset_version text not null,
  random_key_day  date not null,
  channel         text not null,
  decision        jsonb not null,
  facts           jsonb not null,
  profile         jsonb not null,
  decided_at      timestamptz not null,
  primary key (declaration_id, version)
);

create table rulesets (
  id          text not null,
  version     text not null,
  document    text not null,         -- the YAML/JSON as uploaded, replayable byte for byte
  format      text not null check (format in ('YAML', 'JSON')),
  active_from timestamptz,            -- null: stored, not (yet) active
  shadow      boolean not null default false,
  uploaded_by text not null,
  uploaded_at timestamptz not null,
  primary key (id, version)
);

-- A candidate ruleset evaluated beside the active one: where the two disagree, before anyone activates it.
create table risk_shadow_disagreements (
  declaration_id   uuid not null references declarations (id),
  version          int not null,
  ruleset_id       text not null,
  ruleset_version  text not null,
  active_channel   text not null,
  shadow_channel   text not null,
  shadow_decision  jsonb not null,
  decided_at       timestamptz not null,
  primary key (declaration_id, version, ruleset_id, ruleset_version)
);

create table random_keys (
  day         date primary key,
  key         bytea not null check (length(key) = 32),
  commitment  char(64) not null      -- hex SHA-256 of the key, published before the day starts
);

create table violations (
  id            uuid primary key,
  tax_code      text not null,
  declaration_id uuid references declarations (id),
  severity      text not null check (severity in ('MINOR', 'SERIOUS', 'CRIMINAL')),
  found_on      date not null
);
create index violations_tax_code on violations (tax_code, found_on);

-- Append-only, hash-chained: hash = sha256(prev_hash | at | actor | declaration | action | details).
-- ops/audit verify recomputes the chain with the same expression and names the first broken link.
create table audit_log (
  seq            bigint generated always as identity primary key,
  at             timestamptz not null,
  actor          text not null,
  declaration_id uuid,
  action         text not null,
  details        jsonb not null,
  prev_hash      char(64) not null,
  hash           char(64) not null unique
);
create index audit_log_declaration on audit_log (declaration_id, seq);

create function audit_canonical(prev char(64), at timestamptz, actor text, declaration uuid, action text, details jsonb)
  returns text language sql immutable strict parallel safe as $$
  select prev || '|' || to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || actor || '|'
         || coalesce(declaration::text, '-') || '|' || action || '|' || details::text
$$;

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

create table idempotency_keys (
  caller        text not null,
  key           text not null check (length(key) between 1 and 255),
  request_hash  char(64) not null,
  status        int not null,
  content_type  text not null,
  body          bytea not null,
  created_at    timestamptz not null,
  primary key (caller, key)
);

insert into enterprises (tax_code, name, registered_on, priority) values
  ('0101234567', 'Công ty TNHH Thương mại Điện tử Hà Nội', '2012-03-15', false),
  ('0301234567', 'Công ty Cổ phần Xuất nhập khẩu Sài Gòn', '2008-07-01', true),
  ('0201234567', 'Công ty TNHH Logistics Hải Phòng', '2019-10-20', false),
  ('0109876543', 'Công ty TNHH Đại lý Hải quan Thăng Long', '2016-05-05', false);
