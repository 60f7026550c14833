-- One row per agent presence knows about. The row holds the facts (what the agent chose, the call
-- it holds, its wrap-up and offline deadlines) and the status derived from them; version grows
-- only when the visible card (status, call) changes, so it orders the board's agent deltas.
CREATE TABLE agent_presence (
  agent_id          text PRIMARY KEY,
  org_id            text NOT NULL,
  status            text NOT NULL CHECK (status IN ('available', 'busy', 'wrap_up', 'away', 'offline')),
  chosen            text NOT NULL DEFAULT 'available' CHECK (chosen IN ('available', 'away')),
  call_sid          text,
  wrap_up_until     timestamptz,
  -- online = has a dashboard, or lost its last one less than the grace period ago (offline_at).
  online            boolean NOT NULL DEFAULT false,
  offline_at        timestamptz,
  idle_since        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           bigint NOT NULL DEFAULT 0
);
CREATE INDEX agent_presence_by_org ON agent_presence (org_id, status, idle_since);
CREATE INDEX agent_presence_by_call ON agent_presence (call_sid) WHERE call_sid IS NOT NULL;
CREATE INDEX agent_presence_wrap_up_due ON agent_presence (wrap_up_until) WHERE wrap_up_until IS NOT NULL;
CREATE INDEX agent_presence_offline_due ON agent_presence (offline_at) WHERE offline_at IS NOT NULL;

-- Every live dashboard socket, reported by the dashboard-bridge of the cluster node it is on.
-- A node that leaves the cluster takes its rows with it.
CREATE TABLE agent_connections (
  connection_id text PRIMARY KEY,
  agent_id      text NOT NULL,
  org_id        text NOT NULL,
  node_id       text NOT NULL,
  opened_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_connections_by_agent ON agent_connections (agent_id);
CREATE INDEX agent_connections_by_node ON agent_connections (node_id);

-- The newest version of each call whose change presence has applied. Every presence instance
-- receives every calls.changed; only the one that advances this row applies a change, inside the
-- same transaction, so repeats are no-ops and a change overtaken by a newer one is dropped.
CREATE TABLE calls_seen (
  call_sid text PRIMARY KEY,
  version  bigint NOT NULL,
  seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calls_seen_by_age ON calls_seen (seen_at);
