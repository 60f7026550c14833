-- A claim is the hottest write of the system and every claim waits for its commit, so it writes as
-- little as it can (measured with ./switchboard bench claims; see the README).
--
-- 1. The claim's UPDATE of calls becomes a HOT update: PostgreSQL then writes no new index entries
--    for it, provided no index covers a column the claim changes and the page has room. So no index
--    may mention status or claim_expires_at: "live" calls are the ones not ended (ended_at IS NULL,
--    set by the one transition to 'ended', which the CHECK below keeps true), and the expiry timers
--    find pending claims among the live calls at start-up. Pages keep 30% free for new row versions.
UPDATE calls SET ended_at = coalesce(ended_at, created_at) WHERE status = 'ended' AND ended_at IS NULL;
ALTER TABLE calls ADD CONSTRAINT calls_ended_has_time CHECK ((status = 'ended') = (ended_at IS NOT NULL));
DROP INDEX calls_live_by_org;
DROP INDEX calls_claims_expiring;
CREATE INDEX calls_live_by_org ON calls (org_id) WHERE ended_at IS NULL;
ALTER TABLE calls SET (fillfactor = 70);

-- 2. One ring event per fact instead of one per agent: a 'ring_start' lists every agent rung in
--    agent_ids, and a claim's 'answered' lists in agent_ids the agents whose ring it cancelled. Rows
--    written before this migration keep their old shape (one agent per ring_start, separate
--    ring_cancel rows).
COMMENT ON COLUMN ring_events.agent_ids IS
  'ring_start: the agents rung; answered: the rings it cancelled; ring_cancel (older rows): the rings cancelled';
