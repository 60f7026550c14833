CREATE TABLE voicemails (
  id               text PRIMARY KEY,
  org_id           text NOT NULL,
  call_sid         text NOT NULL,
  from_number      text,
  recording_sid    text,
  recording_url    text,
  duration_seconds integer NOT NULL DEFAULT 0,
  transcription    text,
  handled          boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  version          bigint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX voicemails_one_per_recording ON voicemails (recording_sid);
CREATE INDEX voicemails_by_org ON voicemails (org_id, created_at DESC);
