-- Who dropped a parked call on an agent's card (handed_by), and the agent that then did not answer it
-- (missed_by, shown on the card once the call is back in the lot; cleared by the next park).
ALTER TABLE parked_calls ADD COLUMN handed_by text;
ALTER TABLE parked_calls ADD COLUMN missed_by text;
