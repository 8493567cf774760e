-- Messages for the live stream only (issue 17: the officers' queue events), written by SQL in the transaction of the
-- change they announce (the api's triggers on officer_queue), so that no path that changes a queue can forget its
-- event. They go into the outbox like every message - numbered for the stream after commit (V4), replayed to a
-- client resuming with Last-Event-ID, purged with the sent messages after NOTIFY_RETENTION_DAYS - but are never
-- pushed to phones: they are written SENT with no push attempt (attempts 0, pushed_devices 0), so no worker claims
-- them and they never wait behind, or hold up, a declaration's pushes.
-- This function is the one place SQL writes outbox rows: it keeps the payload as Outbox.append (Java) writes it.

-- A UUID version 7 (time-ordered, as the api's TimeOrderedIds): new rows land at the right edge of the key's index.
create function outbox_time_ordered_id() returns uuid language sql volatile as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                        placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint)
                                                          from 3)
                                        from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- messages: a JSON array of {declarationId, eventType, declarationNumber, status, channel, audience: [...], data}, in
-- the order they happened (their seq follows it). audience as for Outbox.append: role names, or "office:<code>" for
-- the officers whose token names that customs office.
create function outbox_append_live(messages jsonb) returns void language sql as $$
  insert into outbox (id, declaration_id, event_type, payload, recipients, audience, priority, status, sent_at,
                      pushed_devices)
  select outbox_time_ordered_id(), m ->> 'declarationId', m ->> 'eventType',
         jsonb_build_object('declarationNumber', m -> 'declarationNumber', 'status', m -> 'status',
                            'channel', m -> 'channel', 'data', coalesce(m -> 'data', '{}'::jsonb)),
         '{}', array(select jsonb_array_elements_text(m -> 'audience')), 'normal', 'SENT', now(), 0
    from jsonb_array_elements(messages) with ordinality as x(m, i)
   order by i
$$;
