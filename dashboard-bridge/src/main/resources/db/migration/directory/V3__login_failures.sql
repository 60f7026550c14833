-- Failed logins, per account and per client address, shared by every bridge node: behind N bridge
-- pods a password guesser still gets the limit once, not N times. Rows older than the window are
-- purged as new failures arrive.
CREATE TABLE login_failures (
  key        text NOT NULL CHECK (length(key) <= 600),
  failed_at  timestamptz NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, failed_at);
CREATE INDEX login_failures_by_time ON login_failures (failed_at);
