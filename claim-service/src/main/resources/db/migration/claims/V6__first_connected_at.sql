-- When the call was first connected to an agent (CONNECT; never cleared, unlike connected_at, which
-- an unpark resets). The board's "answered today" counts calls connected to an agent, not won claims:
-- a claim whose phone never connected (the ring ended first, the caller hung up) is not an answer.
ALTER TABLE calls ADD COLUMN first_connected_at timestamptz;
UPDATE calls SET first_connected_at = coalesce(connected_at, answered_at)
  WHERE connected_at IS NOT NULL OR parks_completed > 0;
CREATE INDEX calls_by_org_connected ON calls (org_id, first_connected_at) WHERE first_connected_at IS NOT NULL;
