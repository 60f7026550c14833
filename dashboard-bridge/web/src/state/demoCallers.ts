import type { CallView } from '../api/types';

/** A test call the demo bar placed; `seen` once the board has shown it. */
export interface PlacedCall {
  callSid: string;
  from: string;
  placedAt: number;
  seen: boolean;
}

export interface DemoCaller {
  callSid: string;
  from: string;
  status: string;
}

/** A placed call the board never shows (the simulator dropped it) stops being listed after this long. */
export const DIALING_TTL_MS = 30_000;

/**
 * The placed list after the board moved on: a call the board has shown is marked seen, and one that was
 * seen and has since left the board (or ended) is dropped, so it cannot come back later as "dialing".
 */
export function reconcilePlaced(placed: PlacedCall[], calls: CallView[], now: number): PlacedCall[] {
  const status = new Map(calls.map((c) => [c.callSid, c.status as string]));
  const next = placed
    .filter((p) => status.get(p.callSid) !== 'ended')
    .filter((p) => !(p.seen && !status.has(p.callSid)))
    .filter((p) => p.seen || status.has(p.callSid) || now - p.placedAt < DIALING_TTL_MS)
    .map((p) => (!p.seen && status.has(p.callSid) ? { ...p, seen: true } : p));
  const changed = next.length !== placed.length || next.some((p, i) => p !== placed[i]);
  return changed ? next : placed;
}

/**
 * The callers the demo bar lists: the board's live calls, plus calls just placed that the board has not
 * shown yet ("dialing"). Ended calls and placed calls the board has already shown and dropped are left out.
 */
export function demoCallers(calls: CallView[], placed: PlacedCall[], now: number): DemoCaller[] {
  const onBoard = new Set(calls.map((c) => c.callSid));
  const live = calls.filter((c) => c.status !== 'ended');
  return [
    ...live.map((c) => ({ callSid: c.callSid, from: c.from ?? '', status: c.status as string })),
    ...placed
      .filter((p) => !p.seen && !onBoard.has(p.callSid) && now - p.placedAt < DIALING_TTL_MS)
      .map((p) => ({ callSid: p.callSid, from: p.from, status: 'dialing' })),
  ];
}
