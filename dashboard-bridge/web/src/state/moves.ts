import { errorMessage } from '../api/http';
import type { CallView, ParkedView } from '../api/types';
import type { BoardAction, BoardState } from './board';
import { agentName } from './selectors';

/**
 * Drag-and-drop moves. Each shows its result at once (an optimistic overlay in the board state), asks the
 * server, and either confirms (the overlay stays until the real delta arrives, so nothing flickers or shows
 * twice) or rolls back with a message saying what did not happen and why.
 */
export interface MoveDeps {
  api: {
    park(callSid: string): Promise<ParkedView>;
    unpark(parkedId: string, agentId: string): Promise<CallView>;
  };
  dispatch(action: BoardAction): void;
  getState(): BoardState;
  me: string;
  toast(message: string, kind: 'info' | 'error'): void;
  now?: () => number;
}

let counter = 0;
function opId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

function caller(from: string | null | undefined): string {
  return from || 'unknown caller';
}

/** Parks a live call; false when nothing was sent (already parking, not a live call) or the server said no. */
export async function parkCall(deps: MoveDeps, callSid: string): Promise<boolean> {
  const now = deps.now ?? Date.now;
  const state = deps.getState();
  if (Object.values(state.pending).some((op) => op.type === 'park' && op.callSid === callSid)) return false;
  const call = state.call[callSid]?.data;
  if (call && call.status !== 'active') return false;
  const id = opId('park');
  deps.dispatch({
    type: 'optimistic',
    op: {
      id,
      type: 'park',
      callSid,
      from: call?.from ?? null,
      parkedBy: deps.me,
      agentId: call?.assignedTo ?? deps.me,
      startedAt: now(),
      confirmedAt: null,
    },
  });
  try {
    const parked = await deps.api.park(callSid);
    deps.dispatch({ type: 'delta', delta: { kind: 'parked', op: 'upsert', key: parked.parkedId, version: parked.version, data: parked } });
    deps.dispatch({ type: 'op-confirmed', id, at: now() });
    return true;
  } catch (error) {
    deps.dispatch({ type: 'op-failed', id });
    deps.toast(`Could not park the call from ${caller(call?.from)}: ${errorMessage(error)}`, 'error');
    return false;
  }
}

/** Hands a parked call to an agent; false when nothing was sent or the server said no. */
export async function unparkCall(deps: MoveDeps, parkedId: string, agentId: string): Promise<boolean> {
  const now = deps.now ?? Date.now;
  const state = deps.getState();
  const parked = state.parked[parkedId]?.data;
  if (!parked) return false;
  if (Object.values(state.pending).some((op) => op.type === 'unpark' && op.parkedId === parkedId)) return false;
  const id = opId('unpark');
  deps.dispatch({
    type: 'optimistic',
    op: { id, type: 'unpark', parkedId, callSid: parked.callSid, from: parked.from, agentId, startedAt: now(), confirmedAt: null },
  });
  try {
    const call = await deps.api.unpark(parkedId, agentId);
    deps.dispatch({ type: 'delta', delta: { kind: 'call', op: 'upsert', key: call.callSid, version: call.version, data: call } });
    deps.dispatch({ type: 'op-confirmed', id, at: now() });
    return true;
  } catch (error) {
    deps.dispatch({ type: 'op-failed', id });
    const who = agentId === deps.me ? 'you' : agentName(deps.getState(), agentId);
    deps.toast(`Could not give the call from ${caller(parked.from)} to ${who}: ${errorMessage(error)}`, 'error');
    return false;
  }
}
