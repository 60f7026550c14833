-- The screen-pop counts a caller's voicemails nobody has handled yet when its next call arrives, and
-- a call's timeline lists the voicemails recorded on it.
CREATE INDEX voicemails_open_by_caller ON voicemails (org_id, from_number) WHERE NOT handled;
CREATE INDEX voicemails_by_call ON voicemails (call_sid);
