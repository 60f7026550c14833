-- The directory: who belongs to which organization, and which numbers ring it.
-- Owned and written only by the dashboard-bridge; other services ask over directory.* addresses.

CREATE TABLE organizations (
  id                    text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- Per-org call settings; NULL means "use the process default".
  wrap_up_seconds       integer CHECK (wrap_up_seconds BETWEEN 0 AND 3600),
  park_timeout_seconds  integer CHECK (park_timeout_seconds BETWEEN 10 AND 86400),
  hold_music_url        text CHECK (hold_music_url ~ '^https?://'),
  created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE phone_numbers (
  e164        text PRIMARY KEY CHECK (e164 ~ '^\+[1-9][0-9]{1,14}$'),
  org_id      text NOT NULL REFERENCES organizations (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phone_numbers_by_org ON phone_numbers (org_id);

CREATE TABLE users (
  id             text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  org_id         text NOT NULL REFERENCES organizations (id),
  email          text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  display_name   text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  role           text NOT NULL CHECK (role IN ('agent', 'admin')),
  -- A bcrypt hash ($2a$/$2b$/$2y$...), never the password.
  password_hash  text NOT NULL CHECK (password_hash ~ '^\$2[aby]\$'),
  created_at     timestamptz NOT NULL DEFAULT now()
);
-- One account per address, whatever its case: Ann@X.com and ann@x.com are the same person.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
CREATE INDEX users_by_org ON users (org_id);
