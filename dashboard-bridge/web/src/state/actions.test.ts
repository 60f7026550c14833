import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import type { CallView, ClaimResult, ParkedView } from '../api/types';
import type { Phone, PhoneLeg } from '../phone/Phone';
import { agent, call, parked, snapshot } from '../testing/fixtures';
import { boardReducer, initialBoard, type BoardAction, type BoardState } from './board';
import { CallActions, LOST_MESSAGE } from './callActions';
import { parkCall, unparkCall } from './moves';

/** A deferred promise, so a test decides when the "server" answers. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function store(initial: BoardState) {
  let state = initial;
  const actions: BoardAction[] = [];
  return {
    getState: () => state,
    dispatch: (a: BoardAction) => {
      actions.push(a);
      state = boardReducer(state, a);
    },
    actions,
  };
}

function liveBoard(): BoardState {
  return [
    { type: 'sync-start', epoch: 1 },
    {
      type: 'snapshot', epoch: 1, sinceSeq: 0, receivedAt: 0,
      snapshot: snapshot({
        agents: [agent('a1', 1, { name: 'Al', status: 'busy', callSid: 'CA1' }), agent('a2', 1, { name: 'Bea Winner' })],
        calls: [call('CA1', 3, { status: 'active', assignedTo: 'a1' }), call('CA2', 1)],
        parked: [parked('p9', 'CA9', 1, { from: '+1555999' })],
      }),
    },
  ].reduce((s, a) => boardReducer(s, a as BoardAction), initialBoard());
}

function fakePhone(ringing: string[] = []): Phone & { accepted: string[]; rejected: string[] } {
  const legs = new Set(ringing);
  const phone = {
    kind: 'sim' as const,
    accepted: [] as string[],
    rejected: [] as string[],
    start: async () => {},
    accept: (sid: string) => {
      if (!legs.has(sid)) return false;
      legs.delete(sid);
      phone.accepted.push(sid);
      return true;
    },
    reject: (sid: string) => {
      phone.rejected.push(sid);
      return legs.delete(sid);
    },
    hangup: () => false,
    isRinging: (sid: string) => legs.has(sid),
    subscribe: () => () => {},
    stop: () => {},
    ring: (sid: string) => legs.add(sid),
  };
  return phone;
}

const leg = (callSid: string): PhoneLeg => ({ callSid, legSid: `CL-${callSid}`, from: '+1555', parameters: { callSid } });

function setup(phone = fakePhone(['CA2'])) {
  const s = store(liveBoard());
  const claim = deferred<ClaimResult>();
  const api = { claim: vi.fn(() => claim.promise), decline: vi.fn(async (sid: string) => call(sid, 2, { declinedBy: ['a1'] })) };
  const toasts: string[] = [];
  const dismissed: string[] = [];
  const actions = new CallActions({
    api,
    phone: () => phone,
    dispatch: s.dispatch,
    getState: s.getState,
    me: 'a1',
    toast: (m) => toasts.push(m),
    dismiss: (sid) => dismissed.push(sid),
    changed: () => {},
  });
  return { s, api, claim, toasts, dismissed, actions, phone };
}

describe('answering', () => {
  it('claims first and accepts on the phone only after winning', async () => {
    const { api, claim, actions, phone } = setup();
    const result = actions.answer('CA2');
    expect(api.claim).toHaveBeenCalledWith('CA2');
    expect(phone.accepted).toEqual([]);
    claim.resolve({ outcome: 'WON', callSid: 'CA2', winner: 'a1', version: 2 });
    expect(await result).toBe('won');
    expect(phone.accepted).toEqual(['CA2']);
  });

  it('sends one claim however often Answer is clicked while it is in flight', async () => {
    const { api, claim, actions } = setup();
    const first = actions.answer('CA2');
    const repeats = await Promise.all(Array.from({ length: 9 }, () => actions.answer('CA2')));
    expect(repeats.every((r) => r === 'ignored')).toBe(true);
    expect(actions.isBusy('CA2')).toBe(true);
    claim.resolve({ outcome: 'WON', callSid: 'CA2', winner: 'a1', version: 2 });
    await first;
    expect(api.claim).toHaveBeenCalledTimes(1);
    expect(actions.isBusy('CA2')).toBe(false);
  });

  it('on a lost race stops the ring and names the winner, without accepting', async () => {
    const { claim, actions, phone, toasts, dismissed } = setup();
    const result = actions.answer('CA2');
    claim.reject(new ApiError(409, 'CONFLICT', LOST_MESSAGE, { winner: 'a2', callSid: 'CA2' }));
    expect(await result).toBe('lost');
    expect(phone.accepted).toEqual([]);
    expect(dismissed).toContain('CA2');
    expect(toasts).toEqual([`${LOST_MESSAGE}: Bea Winner took the call.`]);
  });

  it('says "already answered" only once when the 409 and the board change both report it', async () => {
    const { claim, actions, toasts } = setup();
    const result = actions.answer('CA2');
    claim.reject(new ApiError(409, 'CONFLICT', LOST_MESSAGE, { winner: 'a2' }));
    await result;
    actions.announceLost('CA2', 'a2');
    actions.onNotice({ type: 'ring-cancelled', callSid: 'CA2', message: LOST_MESSAGE, otherAgentId: 'a2' });
    expect(toasts).toHaveLength(1);
  });

  it('accepts as soon as the phone rings when the claim was won before the ring (queue mode)', async () => {
    const phone = fakePhone([]);
    const { claim, actions } = setup(phone);
    const result = actions.answer('CA2');
    claim.resolve({ outcome: 'WON', callSid: 'CA2', winner: 'a1', version: 2 });
    await result;
    expect(phone.accepted).toEqual([]);
    (phone as unknown as { ring(s: string): void }).ring('CA2');
    expect(actions.onIncoming(leg('CA2'))).toBe(true);
    expect(phone.accepted).toEqual(['CA2']);
    // an unrelated ring is left to the agent
    (phone as unknown as { ring(s: string): void }).ring('CA7');
    expect(actions.onIncoming(leg('CA7'))).toBe(false);
  });

  it('reports other failures and lets the agent try again', async () => {
    const { claim, actions, toasts, api } = setup();
    const result = actions.answer('CA2');
    claim.reject(new ApiError(503, 'UNAVAILABLE', 'Claims are briefly unavailable'));
    expect(await result).toBe('failed');
    expect(toasts[0]).toContain('Claims are briefly unavailable');
    void actions.answer('CA2');
    expect(api.claim).toHaveBeenCalledTimes(2);
  });
});

describe('declining', () => {
  it('rejects on the phone, hides the ring and records the decline', async () => {
    const { actions, phone, api, dismissed, s } = setup();
    await actions.decline('CA2');
    expect(phone.rejected).toEqual(['CA2']);
    expect(dismissed).toEqual(['CA2']);
    expect(api.decline).toHaveBeenCalledWith('CA2');
    expect(s.getState().call.CA2.data?.declinedBy).toEqual(['a1']);
  });

  it('stays quiet when the call was already taken (409)', async () => {
    const { actions, api, toasts } = setup();
    api.decline.mockRejectedValueOnce(new ApiError(409, 'CONFLICT', 'not ringing'));
    await actions.decline('CA2');
    expect(toasts).toEqual([]);
  });
});

describe('optimistic park and unpark', () => {
  function moves() {
    const s = store(liveBoard());
    const park = deferred<ParkedView>();
    const unpark = deferred<CallView>();
    const api = { park: vi.fn(() => park.promise), unpark: vi.fn(() => unpark.promise) };
    const toasts: string[] = [];
    const deps = { api, dispatch: s.dispatch, getState: s.getState, me: 'a1', toast: (m: string) => toasts.push(m), now: () => 1000 };
    return { s, park, unpark, api, toasts, deps };
  }

  it('shows the park at once and keeps it when the server agrees', async () => {
    const { s, park, deps, api } = moves();
    const done = parkCall(deps, 'CA1');
    expect(Object.values(s.getState().pending)).toHaveLength(1);
    expect(await parkCall(deps, 'CA1')).toBe(false); // a second drop of the same call sends nothing
    park.resolve(parked('p1', 'CA1', 1));
    expect(await done).toBe(true);
    expect(api.park).toHaveBeenCalledTimes(1);
    expect(s.getState().parked.p1.data?.callSid).toBe('CA1');
    expect(s.getState().pending).toEqual({});
  });

  it('rolls the park back with a visible reason when the server says no', async () => {
    const { s, park, deps, toasts } = moves();
    const before = s.getState();
    const done = parkCall(deps, 'CA1');
    park.reject(new ApiError(409, 'CONFLICT', 'The call is not active'));
    expect(await done).toBe(false);
    expect(s.getState().pending).toEqual({});
    expect(s.getState().parked).toEqual(before.parked);
    expect(toasts).toEqual(['Could not park the call from +15550001111: The call is not active']);
  });

  it('rolls an unpark back and puts the card back in the lot, naming the agent', async () => {
    const { s, unpark, deps, toasts } = moves();
    const done = unparkCall(deps, 'p9', 'a2');
    expect(Object.values(s.getState().pending)[0]).toMatchObject({ type: 'unpark', parkedId: 'p9', agentId: 'a2' });
    unpark.reject(new ApiError(409, 'CONFLICT', 'Bea Winner is not available'));
    expect(await done).toBe(false);
    expect(s.getState().pending).toEqual({});
    expect(toasts[0]).toBe('Could not give the call from +1555999 to Bea Winner: Bea Winner is not available');
  });

  it('keeps a confirmed unpark hidden until the lot entry is removed', async () => {
    const { s, unpark, deps } = moves();
    const done = unparkCall(deps, 'p9', 'a2');
    unpark.resolve(call('CA9', 5, { status: 'active', assignedTo: 'a2' }));
    expect(await done).toBe(true);
    expect(Object.values(s.getState().pending)[0].confirmedAt).toBe(1000);
    s.dispatch({ type: 'delta', delta: { kind: 'parked', op: 'remove', key: 'p9', version: 2, data: null } });
    expect(s.getState().pending).toEqual({});
  });

  it('does nothing for a parked call that is gone', async () => {
    const { deps, api } = moves();
    expect(await unparkCall(deps, 'nope', 'a2')).toBe(false);
    expect(api.unpark).not.toHaveBeenCalled();
  });
});
