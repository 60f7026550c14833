import type { BoardState } from './board';
import { isHandedToMe } from './selectors';

/** What a dismissed call looked like when it was dismissed, to recognise it being offered again. */
export type DismissedAs = Map<string, { status: string | null; declineSeen: boolean }>;

/**
 * The dismissed rings (declined, lost, turned-down hand-overs) still to hide. A dismissal lasts while the
 * call still rings, my phone still holds its leg, or it is still handed to me; and ends as soon as the
 * call is offered again: the server cleared my decline (a re-offer to every agent), or the call rings
 * anew after being something else (a declined park ring-back now ringing everyone, a won claim that
 * expired). `seen` is updated in place.
 */
export function dismissalsToKeep(state: BoardState, me: string, dismissed: ReadonlySet<string>, legs: ReadonlySet<string>, seen: DismissedAs): Set<string> {
  for (const sid of [...seen.keys()]) if (!dismissed.has(sid)) seen.delete(sid);
  const keep = new Set<string>();
  for (const sid of dismissed) {
    const call = state.call[sid]?.data ?? null;
    const first = seen.get(sid) ?? { status: call?.status ?? null, declineSeen: false };
    seen.set(sid, first);
    const ringing = call?.status === 'ringing';
    if (ringing && call.declinedBy.includes(me)) first.declineSeen = true;
    const reoffered = ringing && ((first.declineSeen && !call.declinedBy.includes(me)) || (first.status !== null && first.status !== 'ringing'));
    if (!reoffered && (ringing || legs.has(sid) || isHandedToMe(state, sid, me))) keep.add(sid);
    else seen.delete(sid);
  }
  return keep;
}
