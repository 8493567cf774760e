-- Identity: which broker may act for which enterprise, and the keys enterprises sign declarations with.

-- A trader's grant to a broker. A grant stays as history when it ends (revoked by the trader, or
-- lapsed at valid_until and replaced by a new grant); at most one unended grant per pair.
create table delegation (
  id                  bigint generated always as identity primary key,
  enterprise_tax_code varchar(13) not null check (enterprise_tax_code ~ '^[0-9]{10}([0-9]{3})?$'),
  broker_tax_code     varchar(13) not null check (broker_tax_code ~ '^[0-9]{10}([0-9]{3})?$'),
  valid_until         timestamptz,
  granted_at          timestamptz not null,
  granted_by          varchar(255) not null,
  ended_at            timestamptz,
  ended_by            varchar(255),
  end_reason          varchar(16) check (end_reason in ('revoked', 'lapsed')),
  check (enterprise_tax_code <> broker_tax_code),
  check ((ended_at is null) = (end_reason is null))
);
create unique index delegation_current on delegation (enterprise_tax_code, broker_tax_code) where ended_at is null;
create index delegation_by_broker on delegation (broker_tax_code, enterprise_tax_code) where ended_at is null;

-- An enterprise's public signing key (JWK). A kid names one key of an enterprise forever: a revoked
-- kid is never registered again, so a signature naming it cannot be mistaken for another key's.
create table enterprise_key (
  tax_code    varchar(13) not null check (tax_code ~ '^[0-9]{10}([0-9]{3})?$'),
  kid         varchar(128) not null,
  alg         varchar(8) not null check (alg in ('ES256', 'RS256')),
  jwk         jsonb not null,
  thumbprint  varchar(64) not null,
  created_at  timestamptz not null,
  created_by  varchar(255) not null,
  revoked_at  timestamptz,
  revoked_by  varchar(255),
  primary key (tax_code, kid)
);
