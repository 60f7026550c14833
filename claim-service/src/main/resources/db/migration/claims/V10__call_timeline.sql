-- ring_events becomes every call's timeline: one ordered list of the facts this service owns about
-- a call, each written by the statement that makes the fact true (so an event exists iff its fact
-- does), and never rewritten. Besides the rings, declines, claims ('answered': the claim and its
-- winner) and released claims ('expired') it already held, it now records the call's arrival, each
-- phone that connected ('connected'), each park and its parker ('parked', actor_id: who parked),
-- each retrieval ('retrieved': agent_id the agent it was handed to, actor_id who handed it),
-- voicemail ('voicemail', detail: why) and the end ('ended', detail: why). Order: created_at, id.
ALTER TABLE ring_events DROP CONSTRAINT ring_events_event_type_check;
ALTER TABLE ring_events ADD CONSTRAINT ring_events_event_type_check CHECK (event_type IN (
  'arrived', 'ring_start', 'ring_cancel', 'answered', 'declined', 'expired', 'connected', 'parked',
  'retrieved', 'voicemail', 'ended'));
ALTER TABLE ring_events ADD COLUMN actor_id text, ADD COLUMN detail text;
COMMENT ON TABLE ring_events IS 'every call''s timeline, append-only; see V10';

CREATE FUNCTION ring_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'claims.ring_events is append-only: a call''s timeline is never rewritten';
END $$;
CREATE TRIGGER ring_events_append_only BEFORE UPDATE OR DELETE ON ring_events
  FOR EACH STATEMENT EXECUTE FUNCTION ring_events_append_only();

-- History search: an org's calls by time (calls_by_org_created) and by the caller's number; the
-- screen-pop reads a caller's previous calls through the second one. Neither covers a column a
-- claim changes, so the claim's update stays HOT (V3).
CREATE INDEX calls_by_org_caller ON calls (org_id, from_number, created_at);

-- What the org knew of the caller when the call arrived (previous calls, the last one's outcome and
-- agent, open voicemails): the screen-pop every board shows on the ringing card. Set once, by the
-- statement that creates the call.
ALTER TABLE calls ADD COLUMN caller_history jsonb;
