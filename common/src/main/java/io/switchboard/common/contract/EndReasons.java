package io.switchboard.common.contract;

/**
 * The end reasons more than one service writes ({@code CallView.endReason}), so that one event has
 * one name whichever service saw it: counters and history group calls by these.
 */
public final class EndReasons {
  /** The caller hung up before an agent's phone took the call: an abandoned call (Twilio: canceled). */
  public static final String CALLER_HUNG_UP = "caller-hung-up";

  private EndReasons() {}
}
