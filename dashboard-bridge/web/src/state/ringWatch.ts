import type { CallView } from '../api/types';
import type { BoardState } from './board';

export interface RingChange {
  /** Calls that newly ring me (ringtone, notification). */
  started: CallView[];
  /** Calls that rang me and were answered by another agent: the "Another agent already answered" toast. */
  answeredElsewhere: { call: CallView; winner: string }[];
}

/**
 * Compares the calls that rang me before and after a board change. Works from the board alone, so the
 * losing agent is told who answered even when it never clicked Answer and no notice reached it.
 */
export function ringChanges(previous: readonly CallView[], current: readonly CallView[], state: BoardState, me: string): RingChange {
  const before = new Set(previous.map((c) => c.callSid));
  const now = new Set(current.map((c) => c.callSid));
  const started = current.filter((c) => !before.has(c.callSid));
  const answeredElsewhere: RingChange['answeredElsewhere'] = [];
  for (const old of previous) {
    if (now.has(old.callSid)) continue;
    const call = state.call[old.callSid]?.data;
    if (call && call.assignedTo && call.assignedTo !== me && (call.status === 'active' || call.status === 'parked')) {
      answeredElsewhere.push({ call, winner: call.assignedTo });
    }
  }
  return { started, answeredElsewhere };
}
