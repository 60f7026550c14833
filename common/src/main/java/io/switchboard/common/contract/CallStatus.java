package io.switchboard.common.contract;

import java.util.EnumSet;
import java.util.Set;

/** The states of a call; the transitions between them are in {@link Transition}. */
public enum CallStatus {
  RINGING,
  ACTIVE,
  PARKED,
  VOICEMAIL,
  ENDED;

  /** Calls that are still on the board. */
  public static final Set<CallStatus> LIVE = EnumSet.of(RINGING, ACTIVE, PARKED, VOICEMAIL);
}
