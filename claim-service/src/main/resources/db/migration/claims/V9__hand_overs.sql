-- The parked call last handed to each agent (unpark, park ring-back), for the claim statement's
-- "already on a call" check. A hand-over is not a claim: call_claims keeps naming who won the claim.
CREATE TABLE hand_overs (
  agent_id  text PRIMARY KEY,
  call_sid  text NOT NULL,
  handed_at timestamptz NOT NULL DEFAULT now()
);
