-- The call state machine. call_sid is the caller's PSTN leg, the one every agent claims.
CREATE TABLE calls (
  call_sid     text PRIMARY KEY,
  org_id       text NOT NULL,
  from_number  text NOT NULL,
  to_number    text NOT NULL,
  status       text NOT NULL CHECK (status IN ('ringing', 'active', 'parked', 'voicemail', 'ended')),
  assigned_to  text,
  ring_mode    text NOT NULL DEFAULT 'dial' CHECK (ring_mode IN ('dial', 'queue')),
  rung_agents  text[] NOT NULL DEFAULT '{}',
  declined_by  text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  answered_at  timestamptz,
  parked_at    timestamptz,
  ended_at     timestamptz,
  end_reason   text,
  version      bigint NOT NULL DEFAULT 1
);
CREATE INDEX calls_live_by_org ON calls (org_id) WHERE status <> 'ended';

-- At most one claim per call: the database is the final arbiter of who answered.
CREATE TABLE call_claims (
  call_sid    text PRIMARY KEY REFERENCES calls (call_sid),
  agent_id    text NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  connected   boolean NOT NULL DEFAULT false
);

CREATE TABLE ring_events (
  id          bigserial PRIMARY KEY,
  call_sid    text NOT NULL,
  org_id      text NOT NULL,
  agent_id    text,
  event_type  text NOT NULL CHECK (event_type IN ('ring_start', 'ring_cancel', 'answered', 'declined', 'expired')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ring_events_by_call ON ring_events (call_sid);
CREATE INDEX ring_events_by_org_time ON ring_events (org_id, created_at);
