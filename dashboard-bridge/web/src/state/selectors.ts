import type { AgentView, CallView, VoicemailView } from '../api/types';
import { entities, type BoardState } from './board';

// Pure read-side views of the board: what each panel shows, including the overlay of optimistic moves.

export function ms(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** Local clock corrected to the server's, so "ringing for 12 s" means the same on every screen. */
export function serverNow(state: BoardState, localNow: number): number {
  return localNow + state.clockOffsetMs;
}

function byTime<T>(get: (t: T) => string | null) {
  return (a: T, b: T) => (ms(get(a)) ?? 0) - (ms(get(b)) ?? 0);
}

export function agentName(state: BoardState, agentId: string | null | undefined): string {
  if (!agentId) return 'Unknown';
  return state.agent[agentId]?.data?.name || 'another agent';
}

export function ringingCalls(state: BoardState): CallView[] {
  return entities(state, 'call')
    .filter((c) => c.status === 'ringing')
    .sort(byTime((c) => c.createdAt));
}

/**
 * Whether a ringing call rings this agent: the agent is among the rung agents and has not declined.
 * A queue-mode call with an empty list rings every available agent of the org.
 */
export function isRungFor(call: CallView, agentId: string, myStatus?: AgentView['status']): boolean {
  if (call.status !== 'ringing' || call.declinedBy.includes(agentId)) return false;
  if (call.rungAgents.includes(agentId)) return true;
  return call.ringMode === 'queue' && call.rungAgents.length === 0 && myStatus === 'available';
}

/**
 * The calls ringing for me right now, minus those I already declined or lost locally; none while I am on a
 * call. (A call can list me as rung though I just answered another: presence marks me busy a moment after
 * the claim, and a call arriving in that moment is dialed to me too. My phone refuses it as busy, so the
 * board must not offer it either.)
 */
export function callsRingingMe(state: BoardState, me: string, dismissed: ReadonlySet<string>): CallView[] {
  if (myActiveCall(state, me)) return [];
  const myStatus = state.agent[me]?.data?.status;
  return ringingCalls(state).filter((c) => !dismissed.has(c.callSid) && isRungFor(c, me, myStatus));
}

/**
 * Whether the server has given this call to me and my phone has not taken it yet: a parked call handed to
 * me (unpark, park-timeout ring-back) or my own won claim still ringing my phone. Only then may this
 * device accept a leg of the call outside a ringing call's Answer: a leg of a call the board gives to
 * someone else (a claim I lost, a leg that arrived late) is never answered here.
 */
export function isHandedToMe(state: BoardState, callSid: string, me: string): boolean {
  const call = state.call[callSid]?.data;
  return !!call && call.status === 'active' && call.assignedTo === me && !call.connectedAt;
}

/**
 * Calls the board says are handed to me and not yet taken, whether or not my phone rings yet: the Answer
 * prompt appears with the board change (the leg follows a moment later and is accepted when it rings).
 */
export function handOverCallsForMe(state: BoardState, me: string, dismissed: ReadonlySet<string>): CallView[] {
  return entities(state, 'call')
    .filter((c) => !dismissed.has(c.callSid) && isHandedToMe(state, c.callSid, me))
    .sort(byTime((c) => c.answeredAt));
}

export interface ActiveCallView {
  callSid: string;
  from: string | null;
  since: string | null;
  /** An optimistic park is in flight: the card shows "Parking…" and cannot be dragged again. */
  parking: boolean;
  /**
   * The server gave the call to this agent but its phone has not taken it yet (a hand-over ringing it, a
   * won claim connecting): the card shows it ringing that agent, without a call timer, Park or Hang up.
   */
  ringing: boolean;
}

export interface AgentCardView {
  agent: AgentView;
  isMe: boolean;
  activeCall: ActiveCallView | null;
  /** A parked call being handed to this agent (optimistic unpark). */
  incomingFromLot: { from: string | null } | null;
}

export function activeCallOf(state: BoardState, agent: AgentView): CallView | null {
  const assigned = entities(state, 'call')
    .filter((c) => c.status === 'active' && c.assignedTo === agent.agentId)
    .sort(byTime((c) => c.answeredAt));
  if (assigned.length) return assigned[assigned.length - 1];
  const byAgent = agent.callSid ? state.call[agent.callSid]?.data : null;
  return byAgent && byAgent.status === 'active' ? byAgent : null;
}

export function agentCards(state: BoardState, me: string): AgentCardView[] {
  const pending = Object.values(state.pending);
  return entities(state, 'agent')
    .sort((a, b) => (a.name ?? a.agentId).localeCompare(b.name ?? b.agentId))
    .map((agent) => {
      const call = activeCallOf(state, agent);
      const unpark = pending.find((op) => op.type === 'unpark' && op.agentId === agent.agentId);
      return {
        agent,
        isMe: agent.agentId === me,
        activeCall: call
          ? {
              callSid: call.callSid,
              from: call.from,
              // the call timer counts from this agent's own answer (a hand-over keeps the first answeredAt)
              since: call.connectedAt ?? call.answeredAt ?? call.createdAt,
              parking: pending.some((op) => op.type === 'park' && op.callSid === call.callSid),
              ringing: !call.connectedAt,
            }
          : null,
        incomingFromLot: unpark && !call ? { from: unpark.from } : null,
      };
    });
}

export function myActiveCall(state: BoardState, me: string): CallView | null {
  const agent = state.agent[me]?.data;
  return agent ? activeCallOf(state, agent) : null;
}

export interface ParkedCardView {
  /** The parked id, or the optimistic op's id while the server has not answered yet. */
  id: string;
  parkedId: string | null;
  callSid: string;
  from: string | null;
  parkedBy: string | null;
  parkedByName: string;
  parkedAt: string | null;
  timeoutAt: string | null;
  pending: boolean;
  /** Name of the agent a hand-over of this call went unanswered by, or null. */
  missedByName: string | null;
  /** The call's spot number in the lot (keyed as * and the spot from a phone), or null while parking. */
  spot: number | null;
}

export function parkedCards(state: BoardState): ParkedCardView[] {
  const pending = Object.values(state.pending);
  const real = entities(state, 'parked')
    .filter((p) => !pending.some((op) => op.type === 'unpark' && op.parkedId === p.parkedId))
    .sort(byTime((p) => p.parkedAt));
  const cards: ParkedCardView[] = real.map((p) => ({
    id: p.parkedId,
    parkedId: p.parkedId,
    callSid: p.callSid,
    from: p.from,
    parkedBy: p.parkedBy,
    parkedByName: agentName(state, p.parkedBy),
    parkedAt: p.parkedAt,
    timeoutAt: p.timeoutAt,
    pending: false,
    missedByName: p.missedBy ? agentName(state, p.missedBy) : null,
    spot: p.spot > 0 ? p.spot : null,
  }));
  for (const op of pending) {
    if (op.type !== 'park' || real.some((p) => p.callSid === op.callSid)) continue;
    cards.push({
      id: op.id,
      parkedId: null,
      callSid: op.callSid,
      from: op.from,
      parkedBy: op.parkedBy,
      parkedByName: agentName(state, op.parkedBy),
      parkedAt: new Date(op.startedAt).toISOString(),
      timeoutAt: null,
      pending: true,
      missedByName: null,
      spot: null,
    });
  }
  return cards;
}

export function voicemailList(state: BoardState): VoicemailView[] {
  return entities(state, 'voicemail').sort((a, b) => {
    if (a.handled !== b.handled) return a.handled ? 1 : -1;
    return (ms(b.createdAt) ?? 0) - (ms(a.createdAt) ?? 0);
  });
}

export interface Counters {
  waiting: number;
  longestWaitSeconds: number;
  parked: number;
  answeredToday: number | null;
  abandonedToday: number | null;
  avgTimeToAnswerSeconds: number | null;
  avgTimeParkedSeconds: number | null;
}

/** Waiting and longest wait come from the live board (exact to the second); the day's totals from `stats`. */
export function counters(state: BoardState, localNow: number): Counters {
  const now = serverNow(state, localNow);
  const ringing = ringingCalls(state);
  const longest = ringing.reduce((max, c) => {
    const since = ms(c.createdAt);
    return since === null ? max : Math.max(max, (now - since) / 1000);
  }, 0);
  const s = state.stats;
  return {
    waiting: ringing.length,
    longestWaitSeconds: Math.max(0, Math.floor(longest)),
    parked: entities(state, 'parked').length,
    answeredToday: s.answeredToday ?? null,
    abandonedToday: s.abandonedToday ?? null,
    avgTimeToAnswerSeconds: s.avgTimeToAnswerSeconds ?? null,
    avgTimeParkedSeconds: s.avgTimeParkedSeconds ?? null,
  };
}

/** "1:05", "12:00", "1:02:03": compact durations for timers and countdowns. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function secondsSince(state: BoardState, iso: string | null, localNow: number): number {
  const t = ms(iso);
  return t === null ? 0 : Math.max(0, (serverNow(state, localNow) - t) / 1000);
}

export function secondsUntil(state: BoardState, iso: string | null, localNow: number): number | null {
  const t = ms(iso);
  return t === null ? null : (t - serverNow(state, localNow)) / 1000;
}
