-- Outbox of the notifications module: written by the api in the transaction of each
-- state change, consumed by NotificationWorker (push) and NotificationRoutes (live stream).

create table outbox (
  id               uuid primary key,
  seq              bigint generated always as identity unique,
  declaration_id   text,
  -- Ordering key: messages with the same key are pushed strictly in seq order.
  aggregate_key    text generated always as (coalesce(declaration_id, 'message:' || id::text)) stored,
  event_type       text not null check (length(event_type) between 1 and 100),
  payload          jsonb not null,
  recipients       text[] not null default '{}',
  audience         text[] not null default '{}',
  priority         text not null default 'normal' check (priority in ('high', 'normal')),
  created_at       timestamptz not null default now(),
  status           text not null default 'PENDING' check (status in ('PENDING', 'SENT', 'FAILED')),
  attempts         integer not null default 0,
  -- null means "as soon as possible", so a first attempt never waits on clock skew.
  next_attempt_at  timestamptz,
  -- Lease of the worker that claimed the message; an expired lease makes it claimable again.
  claimed_by       uuid,
  claimed_until    timestamptz,
  last_error       text,
  pushed_devices   integer,
  sent_at          timestamptz,
  failed_at        timestamptz
);

create index outbox_pending on outbox (aggregate_key, seq) where status = 'PENDING';
create index outbox_failed on outbox (seq) where status = 'FAILED';
create index outbox_recipients on outbox using gin (recipients);
create index outbox_audience on outbox using gin (audience);

-- Wakes workers and live streams of every instance when the writing transaction commits.
-- The payload is the seq; NOTIFY is transactional, so nothing is announced before it is visible.
create function outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('dc_outbox', new.seq::text);
  return null;
end;
$$;

create trigger outbox_notify after insert on outbox
  for each row execute function outbox_notify();

create table push_tokens (
  token            text primary key check (length(token) between 1 and 4096),
  subject          text not null,
  tenant_tax_code  text,
  roles            text[] not null default '{}',
  platform         text not null check (platform in ('android', 'ios', 'web')),
  lang             text not null check (lang in ('vi', 'en')),
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);

create index push_tokens_subject on push_tokens (subject);
create index push_tokens_tenant on push_tokens (tenant_tax_code);
create index push_tokens_roles on push_tokens using gin (roles);
