-- Logged-out dashboard sessions. A login's token names its session (JWT claim "sid"); after a logout
-- the token is refused although its signature and expiry are still good. A row is only needed until
-- the token expires (expires_at); later revocations purge the expired ones.
CREATE TABLE revoked_sessions (
  session_id  uuid PRIMARY KEY,
  user_id     text NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_sessions_by_expiry ON revoked_sessions (expires_at);
