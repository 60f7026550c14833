CREATE TABLE agent_presence (
  agent_id     text PRIMARY KEY,
  org_id       text NOT NULL,
  status       text NOT NULL CHECK (status IN ('available', 'busy', 'wrap_up', 'away', 'offline')),
  chosen       text NOT NULL DEFAULT 'available' CHECK (chosen IN ('available', 'away')),
  call_sid     text,
  idle_since   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      bigint NOT NULL DEFAULT 1
);
CREATE INDEX agent_presence_by_org ON agent_presence (org_id, status, idle_since);
