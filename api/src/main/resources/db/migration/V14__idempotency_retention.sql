-- Stored answers to Idempotency-Keys are kept for IDEMPOTENCY_RETENTION_DAYS, then deleted by the retention job
-- (platform/Retention): this index finds the oldest without reading the rest.
create index idempotency_keys_created_at on idempotency_keys (created_at);
