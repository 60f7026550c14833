-- How the admins were told about each voicemail, so the board can show it: 'emailed' (SMTP),
-- 'logged' (SMTP not configured: only a log line), 'no-admins' (the org has none), 'failed' (the
-- SMTP server refused). NULL until the notification is done; notified_admins: how many admins.
ALTER TABLE voicemails
  ADD COLUMN notification text CHECK (notification IN ('emailed', 'logged', 'no-admins', 'failed')),
  ADD COLUMN notified_admins integer NOT NULL DEFAULT 0;
