package io.switchboard.common.contract;

/**
 * What an actor may do: agents act as themselves; supervisors and admins on any agent and any call
 * of their org (statuses, ending a stuck call, parking); only admins manage the org and are emailed.
 */
public enum Role {
  AGENT,
  /** Runs the floor: acts on any agent and call of its org, but does not manage users or settings. */
  SUPERVISOR,
  ADMIN,
  /** Switchboard itself (a Twilio webhook, a timer); never held by a browser. */
  SYSTEM
}
