-- Rings in a row an agent was offered, did not decline, and nobody answered (reset by an answer or
-- by the agent choosing its status), and why Switchboard put the agent away ('missed calls') when
-- the org's limit was reached; null when the agent chose away itself.
ALTER TABLE agent_presence
  ADD COLUMN missed_rings integer NOT NULL DEFAULT 0,
  ADD COLUMN away_reason  text;
