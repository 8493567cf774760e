-- The officers' view of a gate (issue 17): its events listed by time, what each lane's agent last reported of
-- itself, and one-time passages officers authorise for a vehicle an agent holds.

-- A gate's events newest first, by lane or not, within a time range: GET /gates/{gate}/events and the lanes'
-- last barrier event for the gate's status.
create index gate_events_by_gate_time on gate_events (gate_code, occurred_at desc, received_seq desc);
create index gate_events_by_lane_time on gate_events (gate_code, lane, occurred_at desc, received_seq desc);

-- What a lane's agent last said of itself (PUT /gates/{gate}/lanes/{lane}/report), one row a lane: its link,
-- its journal's backlog and fill, its cache. Overwritten by every report; the history is not kept.
create table gate_lane_reports (
  gate_code    text not null references gates (code),
  lane         text not null,
  device_id    text not null,          -- the authenticated agent that reported
  reported_at  timestamptz not null,   -- the agent's clock
  received_at  timestamptz not null,   -- the api's clock: the agent was last seen then
  report       jsonb not null,
  primary key (gate_code, lane)
);

-- An officer's one-time passage for the vehicle a lane's agent held (the HOLD event hold_event_id): delivered to
-- the agent as a command signed with the service key (command_jws, kept as signed), valid until expires_at,
-- used at most once. One authorisation per hold: authorising the same hold again answers this one.
-- opened_* and passed_* record the agent's BARRIER_OPENED and PASSAGE_CONFIRMED that name it.
create table gate_passage_authorisations (
  id               uuid primary key,
  gate_code        text not null references gates (code),
  lane             text not null,
  hold_event_id    uuid not null unique references gate_events (id),
  plate            text,
  container_numbers text[] not null,
  reason           text not null check (length(reason) between 1 and 500),
  authorised_by    text not null,
  authorised_at    timestamptz not null,
  expires_at       timestamptz not null check (expires_at > authorised_at),
  command_jws      text not null,
  opened_event_id  uuid references gate_events (id),
  opened_at        timestamptz,
  passed_event_id  uuid references gate_events (id),
  passed_at        timestamptz
);
-- The commands still to deliver to a gate's agents: neither opened nor expired.
create index gate_passage_authorisations_pending on gate_passage_authorisations (gate_code, expires_at)
  where opened_event_id is null;

-- A new authorisation wakes the gate's connected agents at commit, as a new feed entry does (GateFeedListener).
create function gate_passage_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('dc_gate_feed', new.gate_code);
  return null;
end $$;
create trigger gate_passage_notify after insert on gate_passage_authorisations
  for each row execute function gate_passage_notify();
