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
  version          bigint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX parked_calls_one_per_call ON parked_calls (call_sid);
CREATE INDEX parked_calls_by_org ON parked_calls (org_id);
