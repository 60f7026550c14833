-- One row per voicemail recording; every Twilio callback about it (the <Record> action, the
-- recording status callback, the transcription) upserts on recording_sid, so retries and
-- out-of-order deliveries converge on one row.
CREATE TABLE voicemails (
  id               text PRIMARY KEY,
  org_id           text NOT NULL,
  call_sid         text NOT NULL,
  from_number      text,
  recording_sid    text NOT NULL,
  recording_url    text,
  duration_seconds integer NOT NULL DEFAULT 0,
  transcription    text,
  handled          boolean NOT NULL DEFAULT false,
  -- set once, by whoever sends the admins' notification email
  notified_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  version          bigint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX voicemails_one_per_recording ON voicemails (recording_sid);
CREATE INDEX voicemails_by_org ON voicemails (org_id, created_at DESC);

-- Where this service last sent each live caller (dial, queue, connect, voicemail, parked). Every
-- voice-webhook instance receives every calls.changed event; a guarded UPDATE of this row decides
-- which single instance acts on it (redirects the call through Twilio's REST API).
CREATE TABLE call_routes (
  call_sid    text PRIMARY KEY,
  org_id      text NOT NULL,
  route       text NOT NULL CHECK (route IN ('dial', 'queue', 'connect', 'voicemail', 'parked')),
  agent_id    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
