-- One row per call in (or on its way out of) the parking lot.
--   parked:     in the lot, hearing hold music; shown on the board
--   retrieving: unparked to target_agent, ringing it; back to 'parked' (same id) if it does not answer
--   ringback:   the park timeout rings the parker back; if unanswered every available agent rings
-- A row leaves when its agent answers, when the caller hangs up, or when a ring-back gives up.
CREATE TABLE parked_calls (
  id               text PRIMARY KEY,
  call_sid         text NOT NULL,
  org_id           text NOT NULL,
  from_number      text,
  parked_by        text NOT NULL,
  conference_name  text NOT NULL,
  -- Twilio creates the conference asynchronously; its status callback fills this in.
  conference_sid   text,
  parked_at        timestamptz NOT NULL DEFAULT now(),
  timeout_at       timestamptz NOT NULL,
  state            text NOT NULL DEFAULT 'parked' CHECK (state IN ('parked', 'retrieving', 'ringback')),
  target_agent     text,
  version          bigint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX parked_calls_one_per_call ON parked_calls (call_sid);
CREATE INDEX parked_calls_by_org ON parked_calls (org_id);
CREATE INDEX parked_calls_due ON parked_calls (timeout_at) WHERE state = 'parked';
CREATE INDEX parked_calls_by_conference ON parked_calls (conference_name);
