package io.switchboard.common.contract;

/** The transitions {@code calls.transition} accepts; each is one guarded SQL statement. */
public enum Transition {
  /** active -> parked. */
  PARK,
  /** parked -> active, for {@code agentId}. */
  UNPARK,
  /** ringing -> voicemail (nobody answered, all declined, no agents). */
  VOICEMAIL,
  /**
   * active -> active: the winner's device accepted (Twilio reported the agent leg answered), so the
   * claim is confirmed and no longer expires.
   */
  CONNECT,
  /** active (claimed) -> ringing again: the winner never connected, or an unpark target did not answer. */
  RELEASE,
  /** any live state -> ended. */
  END
}
