-- Sent messages are kept for a while (the live stream replays them to a client that resumes, and they show what
-- was told to whom), then deleted by the api's retention job (NOTIFY_RETENTION_DAYS): this index finds the
-- oldest sent ones without reading the rest. Pending and failed (dead-letter) messages are never deleted.
create index outbox_sent on outbox (sent_at) where status = 'SENT';
