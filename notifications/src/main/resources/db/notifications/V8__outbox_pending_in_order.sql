-- The workers' claim (OutboxSql.CLAIM) takes the oldest pending messages in seq order. With only outbox_seq (every
-- message) and outbox_pending (pending ones by ordering key) to choose from, PostgreSQL's generic plan walked
-- outbox_seq from the start and filtered on status: it read every message the outbox keeps (sent ones stay
-- NOTIFY_RETENTION_DAYS), 138,668 rows and 91 ms a claim in ops/bench growth, growing with retention, not with
-- what is pending. This index holds the pending messages in seq order: a claim reads what is pending.
create index outbox_pending_in_order on outbox (seq) where status = 'PENDING';
