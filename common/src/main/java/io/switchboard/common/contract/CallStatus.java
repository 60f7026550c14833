package io.switchboard.common.contract;

import java.util.EnumSet;
import java.util.Set;

/** The states of a call; see the state machine in DESIGN.md. */
public enum CallStatus {
  RINGING,
  ACTIVE,
  PARKED,
  VOICEMAIL,
  ENDED;

  /** Calls that are still on the board. */
  public static final Set<CallStatus> LIVE = EnumSet.of(RINGING, ACTIVE, PARKED, VOICEMAIL);
}
