package io.switchboard.presence;

import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One agent's presence row: the facts (what it chose, the call it holds, its deadlines) and the
 * status derived from them. Every change is a pure function from the old row to a new one, and
 * {@link #settle} derives the status, so one rule decides who may be rung whatever the event.
 */
public record AgentPresence(
    String agentId,
    String orgId,
    AgentStatus status,
    AgentStatus chosen,
    String callSid,
    Instant wrapUpUntil,
    boolean online,
    Instant offlineAt,
    Instant idleSince,
    int missedRings,
    String awayReason,
    long version) {

  /** A row for an agent presence has never seen: offline, version 0 (no card published yet). */
  public static AgentPresence unknown(String agentId, String orgId, Instant now) {
    return new AgentPresence(agentId, orgId, AgentStatus.OFFLINE, AgentStatus.AVAILABLE, null,
        null, false, null, now, 0, null, 0);
  }

  /**
   * The agent (or an admin for it) chose {@code value}: the choice replaces any away Switchboard
   * set, and the missed rings start again from zero.
   */
  public AgentPresence withChosen(AgentStatus value) {
    return new AgentPresence(agentId, orgId, status, value, callSid, wrapUpUntil, online, offlineAt, idleSince,
        0, null, version);
  }

  /**
   * The agent was rung for a call that nobody answered and did not decline it. At {@code limit}
   * such rings in a row (0: no limit) an agent that chose to be available is put away with the
   * reason {@link AgentView#MISSED_RINGS}: it is not rung again until it says it is back.
   */
  public AgentPresence missedRing(int limit) {
    int missed = missedRings + 1;
    if (limit > 0 && missed >= limit && chosen == AgentStatus.AVAILABLE) {
      return new AgentPresence(agentId, orgId, status, AgentStatus.AWAY, callSid, wrapUpUntil, online, offlineAt,
          idleSince, missed, AgentView.MISSED_RINGS, version);
    }
    return new AgentPresence(agentId, orgId, status, chosen, callSid, wrapUpUntil, online, offlineAt, idleSince,
        missed, awayReason, version);
  }

  /** The agent itself just acted (an HTTP request): it is online at least for a grace period. */
  public AgentPresence touched() {
    return new AgentPresence(agentId, orgId, status, chosen, callSid, wrapUpUntil, true,
        online ? offlineAt : null, idleSince, missedRings, awayReason, version);
  }

  /** The agent signed out: offline now, without the grace period a closed tab gets. */
  public AgentPresence signedOut() {
    return new AgentPresence(agentId, orgId, status, chosen, callSid, wrapUpUntil, false, null, idleSince,
        missedRings, awayReason, version);
  }

  /** The agent holds call {@code sid} (it is active and assigned to it): its missed rings are forgiven. */
  public AgentPresence holding(String sid) {
    return new AgentPresence(agentId, orgId, status, chosen, sid, null, online,
        offlineAt, idleSince, 0, awayReason, version);
  }

  /** The agent's call {@code sid} left it; {@code wrapUpUntil} is null when no after-call work. */
  public AgentPresence released(Instant wrapUpEnds) {
    return new AgentPresence(agentId, orgId, status, chosen, null, wrapUpEnds, online,
        offlineAt, idleSince, missedRings, awayReason, version);
  }

  /**
   * Applies the clock and the agent's live connection count to the facts, then derives the status.
   * The first moment without a connection starts the grace period; when it has passed with still
   * no connection the agent is offline. Idle-since restarts whenever the agent becomes available.
   */
  public AgentPresence settle(Instant now, long connections, Duration grace) {
    boolean isOnline = online;
    Instant deadline = offlineAt;
    if (connections > 0) {
      isOnline = true;
      deadline = null;
    } else if (isOnline && deadline == null) {
      deadline = now.plus(grace);
    } else if (isOnline && !deadline.isAfter(now)) {
      isOnline = false;
      deadline = null;
    } else if (!isOnline) {
      deadline = null;
    }
    Instant wrapUp = wrapUpUntil != null && wrapUpUntil.isAfter(now) ? wrapUpUntil : null;
    AgentStatus derived = derive(callSid, isOnline, chosen, wrapUp);
    Instant idle = derived == AgentStatus.AVAILABLE && status != AgentStatus.AVAILABLE ? now : idleSince;
    return new AgentPresence(agentId, orgId, derived, chosen, callSid, wrapUp,
        isOnline, deadline, idle, missedRings, awayReason, version);
  }

  /** Busy beats everything (the agent is on the phone); then offline, away, wrap-up. */
  static AgentStatus derive(String callSid, boolean online, AgentStatus chosen, Instant wrapUpUntil) {
    if (callSid != null) {
      return AgentStatus.BUSY;
    }
    if (!online) {
      return AgentStatus.OFFLINE;
    }
    if (chosen == AgentStatus.AWAY) {
      return AgentStatus.AWAY;
    }
    if (wrapUpUntil != null) {
      return AgentStatus.WRAP_UP;
    }
    return AgentStatus.AVAILABLE;
  }

  /** True when what the board shows of this agent differs from {@code before}. */
  public boolean cardDiffers(AgentPresence before) {
    return status != before.status || !Objects.equals(callSid, before.callSid)
        || !Objects.equals(shownAwayReason(), before.shownAwayReason());
  }

  public AgentPresence withVersion(long value) {
    return new AgentPresence(agentId, orgId, status, chosen, callSid, wrapUpUntil, online, offlineAt, idleSince,
        missedRings, awayReason, value);
  }

  /** The away reason while the card shows away (an agent on a call or offline is shown as that). */
  private String shownAwayReason() {
    return status == AgentStatus.AWAY ? awayReason : null;
  }

  /** The board card; names are the directory's business, the bridge adds them. */
  public AgentView view() {
    Instant idle = status == AgentStatus.AVAILABLE ? idleSince : null;
    return new AgentView(agentId, orgId, null, status, callSid, idle, shownAwayReason(), version);
  }
}
