-- When the reconciler last asked Twilio about a live call (null: never). A call Switchboard has
-- heard nothing of for a while (no state change, no check) is looked up at Twilio's REST API and
-- ended if Twilio says it is over: its final status webhook was lost. Taking a call for a check
-- sets this column, so concurrent reconcilers take different calls and each call is asked about
-- at most once per quiet period. Not indexed, so a claim's update stays HOT.
ALTER TABLE calls ADD COLUMN twilio_checked_at timestamptz;
