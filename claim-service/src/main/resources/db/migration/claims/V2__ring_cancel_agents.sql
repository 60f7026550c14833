-- A claim cancels the other agents' rings in ONE ring_cancel row listing them (agent_ids, agent_id
-- null) instead of one row per agent: the claim's transaction, whose commit every claim waits for,
-- writes less than half the WAL it did. Older ring_cancel rows keep one agent in agent_id.
ALTER TABLE ring_events ADD COLUMN agent_ids text[];
