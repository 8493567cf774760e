-- ops/bench submit, ops/bench cluster: the writes of one submission in one transaction, for pgbench (the api's
-- rows: declaration, version with the signed bytes, risk decision, two outbox messages, the audit record unchained).
BEGIN;
INSERT INTO declarations (id, number, enterprise_tax_code, created_by, type, status, channel, version, customs_office_code,
  border_gate_code, total_payable_vnd, created_at, updated_at, submitted_at)
  VALUES (gen_random_uuid(), nextval('declaration_number_seq')::text, '0101234567', 'bench', 'IMPORT', 'AWAITING_PAYMENT',
  'GREEN', 1, '03CC', 'VNHPH', 188335000, now(), now(), now()) RETURNING id AS did \gset
INSERT INTO declaration_versions (declaration_id, version, document, signed_jws, signing_kid, signer_tax_code, assessment, created_by, created_at)
  VALUES (':did', 1, jsonb_build_object('doc', repeat('d', 1100)), repeat('j', 1700), 'k', '0101234567',
  jsonb_build_object('a', repeat('a', 900)), 'bench', now());
INSERT INTO risk_decisions (declaration_id, version, ruleset_id, ruleset_version, random_key_day, channel, decision, facts, profile, decided_at)
  VALUES (':did', 1, 'default', '2026.1', current_date, 'GREEN', jsonb_build_object('d', repeat('r', 2500)),
  jsonb_build_object('f', repeat('f', 600)), jsonb_build_object('p', repeat('p', 250)), now());
INSERT INTO outbox (id, declaration_id, event_type, payload, recipients, audience, priority)
  VALUES (gen_random_uuid(), ':did', 'declaration.submitted', '{"status":"SUBMITTED"}', '{0101234567}', '{}', 'normal');
INSERT INTO outbox (id, declaration_id, event_type, payload, recipients, audience, priority)
  VALUES (gen_random_uuid(), ':did', 'declaration.channel-assigned', '{"status":"AWAITING_PAYMENT"}', '{0101234567}', '{}', 'normal');
INSERT INTO audit_log (at, actor, declaration_id, action, details)
  VALUES (now(), 'bench', ':did', 'SUBMITTED', '{"version":1}'::jsonb);
COMMIT;
