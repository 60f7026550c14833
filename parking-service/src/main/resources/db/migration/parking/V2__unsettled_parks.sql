-- A park whose redirect Twilio did not confirm (it timed out or failed) may still happen later: the
-- request can reach Twilio after the SDK gave up. Such a park is undone (the call stays with its
-- agent), and a row here remembers it, so that if the caller does arrive in the park conference
-- later, the park is redone instead of leaving the caller alone in a conference nobody can see.
CREATE TABLE unsettled_parks (
  conference_name  text PRIMARY KEY,
  call_sid         text NOT NULL,
  org_id           text NOT NULL,
  from_number      text,
  parked_by        text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unsettled_parks_by_age ON unsettled_parks (created_at);

-- When the caller reached the park conference's TwiML (the voice-webhook reports it). A park is
-- undone only while this is null, in the same statement that records it as unsettled.
ALTER TABLE parked_calls ADD COLUMN arrived_at timestamptz;
