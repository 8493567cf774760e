-- The permit register's reads and revocations (issue 17): an agency revokes a permit it issued with a JWS signed
-- by its own key, kept as signed; a declaration that cites a revoked permit is refused from then on (what
-- accepted declarations took of it stays taken). Holders read their permits, newest first.
alter table permits
  add column revoked_at        timestamptz,
  add column revocation_reason text check (length(revocation_reason) between 1 and 500),
  add column revocation_jws    text,
  add column revoking_kid      text,
  add constraint permits_revocation_whole check (
    (revoked_at is null) = (revocation_reason is null)
    and (revoked_at is null) = (revocation_jws is null)
    and (revoked_at is null) = (revoking_kid is null));

create index permits_holder on permits (holder_tax_code, received_at desc, agency, number);
