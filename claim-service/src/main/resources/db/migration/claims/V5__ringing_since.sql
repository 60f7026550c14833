-- When the call last started ringing: set when it is created, released back to ringing or offered
-- to new agents. A call still ringing long after the ring timeout rings nowhere any more (Twilio's
-- Dial has ended): the webhook that should have moved it on was lost, or its caller hung up before
-- the call was even created. The sweeper ends such calls so no board shows them ringing forever.
-- Not indexed, so a claim's update stays HOT.
ALTER TABLE calls ADD COLUMN ringing_since timestamptz NOT NULL DEFAULT now();
