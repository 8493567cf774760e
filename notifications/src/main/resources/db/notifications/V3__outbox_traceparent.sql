-- The W3C trace context (traceparent) of the request whose transaction wrote the message, so that its push is
-- traced as part of that request (issue 15, "Tracing"). Null for messages written outside any trace.
alter table outbox add column traceparent text
  check (traceparent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
