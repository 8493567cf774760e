-- The messages SQL writes (outbox_append_live, V5: the officers' queue events of the api's triggers) carry the trace
-- of the transaction that wrote them, as those Outbox.append (Java) writes do: the api sets the transaction-local
-- dc.traceparent (Outbox.traced: set_config('dc.traceparent', <the request's traceparent>, true)) before the
-- transaction's first statement. Unset (a transaction outside any trace; '' once a transaction of the session set
-- it) or not a W3C traceparent, the message has none, as before.
create or replace function outbox_append_live(messages jsonb) returns void language sql as $$
  insert into outbox (id, declaration_id, event_type, payload, recipients, audience, priority, status, sent_at,
                      pushed_devices, traceparent)
  select outbox_time_ordered_id(), m ->> 'declarationId', m ->> 'eventType',
         jsonb_build_object('declarationNumber', m -> 'declarationNumber', 'status', m -> 'status',
                            'channel', m -> 'channel', 'data', coalesce(m -> 'data', '{}'::jsonb)),
         '{}', array(select jsonb_array_elements_text(m -> 'audience')), 'normal', 'SENT', now(), 0, t.traceparent
    from jsonb_array_elements(messages) with ordinality as x(m, i)
   cross join (select case when current_setting('dc.traceparent', true)
                                ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$'
                           then current_setting('dc.traceparent', true) end as traceparent) t
   order by i
$$;
