-- The call state machine. call_sid is the caller's PSTN leg, the one every agent claims.
-- Every guard a transition needs is a column of this row, so a guarded UPDATE re-checks all of it
-- against the newest row version when it has to wait for a concurrent writer.
CREATE TABLE calls (
  call_sid          text PRIMARY KEY,
  org_id            text NOT NULL,
  from_number       text NOT NULL,
  to_number         text NOT NULL,
  status            text NOT NULL CHECK (status IN ('ringing', 'active', 'parked', 'voicemail', 'ended')),
  assigned_to       text,
  ring_mode         text NOT NULL DEFAULT 'dial' CHECK (ring_mode IN ('dial', 'queue')),
  rung_agents       text[] NOT NULL DEFAULT '{}',
  declined_by       text[] NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  answered_at       timestamptz,
  -- set by CONNECT (the assigned agent's device answered); null while a claim or unpark is unconfirmed
  connected_at      timestamptz,
  -- a won claim not connected by then is released; null once connected, parked, ended or released
  claim_expires_at  timestamptz,
  parked_at         timestamptz,
  voicemail_at      timestamptz,
  ended_at          timestamptz,
  end_reason        text,
  -- finished parks and their total time, for the board's "average time parked"
  parks_completed   integer NOT NULL DEFAULT 0,
  parked_seconds    double precision NOT NULL DEFAULT 0,
  version           bigint NOT NULL DEFAULT 1
);
CREATE INDEX calls_live_by_org ON calls (org_id) WHERE status <> 'ended';
CREATE INDEX calls_by_org_created ON calls (org_id, created_at);
CREATE INDEX calls_claims_expiring ON calls (claim_expires_at) WHERE claim_expires_at IS NOT NULL;

-- At most one claim per call: the database is the final arbiter of who answered. A released claim
-- is deleted (its history stays in ring_events), so the call can be claimed again.
CREATE TABLE call_claims (
  call_sid    text PRIMARY KEY REFERENCES calls (call_sid),
  agent_id    text NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now()
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
