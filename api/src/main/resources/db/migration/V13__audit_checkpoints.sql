-- Signed checkpoints of the audit chain (AuditCheckpoints): at intervals the service signs the chain head (its
-- position and hash) with its ES256 key and keeps the JWS here; GET /api/v1/audit/checkpoints publishes them, so
-- that anyone can keep them. ops/audit verify starts from the last one (its signature checked) instead of
-- re-reading the whole history, and reports a checkpoint the chain no longer matches.
create table audit_checkpoints (
  chain_seq bigint primary key,          -- the head's position in the chain (audit_log.chain_seq)
  hash      char(64) not null,           -- the head record's hash
  taken_at  timestamptz not null,
  kid       text not null,               -- the service key that signed it (published in the JWKS)
  jws       text not null                -- compact JWS (ES256) of {chainSeq, hash, takenAt}
);
create index audit_checkpoints_taken_at on audit_checkpoints (taken_at);

-- Checkpoints are evidence: never changed, never removed.
create function audit_checkpoints_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_checkpoints is append-only';
end $$;
create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
  for each row execute function audit_checkpoints_append_only();
