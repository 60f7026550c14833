-- The newest version of each call whose change this service has acted on (io.switchboard.common.db.ActOnce).
-- Every voice-webhook instance receives every calls.changed; the one whose statement advances this row
-- moves the call's route in the same transaction and redirects the caller, and the others drop the change.
CREATE TABLE calls_seen (
  call_sid text PRIMARY KEY,
  version  bigint NOT NULL,
  seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calls_seen_by_age ON calls_seen (seen_at);
