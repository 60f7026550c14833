package io.switchboard.common.contract;

/** What an actor may do: agents act as themselves, admins on any agent of their org. */
public enum Role {
  AGENT,
  ADMIN,
  /** Switchboard itself (a Twilio webhook, a timer); never held by a browser. */
  SYSTEM
}
