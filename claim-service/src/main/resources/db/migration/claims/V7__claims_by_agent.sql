-- An agent on a live call may not claim another. A claim finds the agent's latest claim through this
-- index (a claim row is written once, so the index costs one entry per claim), rather than through
-- an index on calls.assigned_to or status, which would make every claim's update of calls non-HOT.
CREATE INDEX call_claims_by_agent ON call_claims (agent_id, claimed_at);
