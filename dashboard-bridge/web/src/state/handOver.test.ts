import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/http';
import type { ClaimResult } from '../api/types';
import type { Phone, PhoneLeg } from '../phone/Phone';
import { agent, call, snapshot, upsert } from '../testing/fixtures';
import { boardReducer, initialBoard, type BoardAction, type BoardState } from './board';
import { CallActions, LOST_MESSAGE } from './callActions';
import { handOverCallsForMe } from './selectors';

// Issue 17 §1: a device never accepts a leg of a call the server did not give to this agent, whatever
// order the 409, the board change and the leg's ring arrive in. Me: a1; the winner: a2.

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function fakePhone(): Phone & { accepted: string[]; ring(sid: string): PhoneLeg } {
  const legs = new Set<string>();
  const phone = {
    kind: 'sim' as const,
    accepted: [] as string[],
    start: async () => {},
    accept: (sid: string) => {
      if (!legs.has(sid)) return false;
      legs.delete(sid);
      phone.accepted.push(sid);
      return true;
    },
    reject: (sid: string) => legs.delete(sid),
    hangup: () => false,
    isRinging: (sid: string) => legs.has(sid),
    subscribe: () => () => {},
    stop: () => {},
    ring: (sid: string): PhoneLeg => {
      legs.add(sid);
      return { callSid: sid, legSid: `CL-${sid}`, from: '+1555', parameters: { callSid: sid } };
    },
  };
  return phone;
}

function setup() {
  let state: BoardState = [
    { type: 'sync-start', epoch: 1 },
    {
      type: 'snapshot', epoch: 1, sinceSeq: 0, receivedAt: 0,
      snapshot: snapshot({ agents: [agent('a1', 1), agent('a2', 1, { name: 'Ben' })], calls: [call('CA1', 1)] }),
    },
  ].reduce((s, a) => boardReducer(s, a as BoardAction), initialBoard());
  const dispatch = (a: BoardAction) => (state = boardReducer(state, a));
  const phone = fakePhone();
  const claim = deferred<ClaimResult>();
  const dismissed = new Set<string>();
  const toasts: string[] = [];
  const actions = new CallActions({
    api: { claim: vi.fn(() => claim.promise), decline: vi.fn() },
    phone: () => phone,
    dispatch,
    getState: () => state,
    me: 'a1',
    toast: (m) => toasts.push(m),
    dismiss: (sid) => dismissed.add(sid),
    changed: () => {},
  });
  const board = (over: Parameters<typeof call>[2], version: number) => dispatch({ type: 'delta', delta: upsert('call', call('CA1', version, over)) });
  /** What the Incoming panel offers me as a hand-over (its calls), and what its Answer button does. */
  const offered = (legs: PhoneLeg[]) => {
    const sids = new Set(legs.map((l) => l.callSid));
    return handOverCallsForMe(state, 'a1', new Set<string>()).filter((c) => sids.has(c.callSid)).map((c) => c.callSid);
  };
  const clickEveryHandOverAnswer = (legs: PhoneLeg[]) => offered(legs).forEach((sid) => actions.answerHandOver(sid));
  return { phone, claim, actions, board, offered, clickEveryHandOverAnswer, dismissed, toasts, getState: () => state };
}

const lost = () => new ApiError(409, 'CONFLICT', LOST_MESSAGE, { winner: 'a2', callSid: 'CA1' });

describe('a lost claim never connects this device', () => {
  it('the 409 arrives before the leg rings, then the board gives the call to another agent', async () => {
    const { phone, claim, actions, board, offered, clickEveryHandOverAnswer } = setup();
    const answer = actions.answer('CA1');
    claim.reject(lost());
    expect(await answer).toBe('lost');
    board({ status: 'active', assignedTo: 'a2' }, 2);
    const leg = phone.ring('CA1');
    expect(actions.onIncoming(leg)).toBe(false);
    expect(offered([leg])).toEqual([]);
    clickEveryHandOverAnswer([leg]);
    expect(actions.answerHandOver('CA1')).toBe(false);
    expect(phone.accepted).toEqual([]);
  });

  it('the board turns active for another agent before the leg rings and before the 409', async () => {
    const { phone, claim, actions, board, offered } = setup();
    const answer = actions.answer('CA1');
    board({ status: 'active', assignedTo: 'a2' }, 2);
    const leg = phone.ring('CA1');
    expect(actions.onIncoming(leg)).toBe(false);
    expect(offered([leg])).toEqual([]);
    claim.reject(lost());
    await answer;
    expect(actions.answerHandOver('CA1')).toBe(false);
    expect(phone.accepted).toEqual([]);
  });

  it('the leg rings first, then the board change, then the 409', async () => {
    const { phone, claim, actions, board, offered } = setup();
    const leg = phone.ring('CA1');
    expect(actions.onIncoming(leg)).toBe(false);
    const answer = actions.answer('CA1');
    board({ status: 'active', assignedTo: 'a2' }, 2);
    expect(offered([leg])).toEqual([]);
    claim.reject(lost());
    await answer;
    expect(offered([leg])).toEqual([]);
    expect(phone.accepted).toEqual([]);
  });

  it('a 200 that names another agent as the winner is not accepted', async () => {
    const { phone, claim, actions, toasts } = setup();
    phone.ring('CA1');
    const answer = actions.answer('CA1');
    claim.resolve({ outcome: 'LOST', callSid: 'CA1', winner: 'a2', version: 2 });
    expect(await answer).toBe('lost');
    expect(phone.accepted).toEqual([]);
    expect(toasts).toEqual([`${LOST_MESSAGE}: Ben took the call.`]);
  });

  it('an accept waiting for the leg (claim won, leg not yet ringing) is dropped once the ring is cancelled for another winner', async () => {
    const { phone, claim, actions } = setup();
    const answer = actions.answer('CA1');
    claim.resolve({ outcome: 'WON', callSid: 'CA1', winner: 'a1', version: 2 });
    await answer;
    actions.onNotice({ type: 'ring-cancelled', callSid: 'CA1', message: LOST_MESSAGE, otherAgentId: 'a2' });
    expect(actions.onIncoming(phone.ring('CA1'))).toBe(false);
    expect(phone.accepted).toEqual([]);
  });

  it('an accept waiting for the leg is not used once the board gives the call to another agent', async () => {
    const { phone, claim, actions, board } = setup();
    const answer = actions.answer('CA1');
    claim.resolve({ outcome: 'WON', callSid: 'CA1', winner: 'a1', version: 2 });
    await answer;
    // the claim expired unconnected and someone else took the call again
    board({ status: 'active', assignedTo: 'a2' }, 4);
    expect(actions.onIncoming(phone.ring('CA1'))).toBe(false);
    expect(phone.accepted).toEqual([]);
  });
});

describe('a hand-over is offered only when the server gives the call to me', () => {
  it('offers and accepts a leg of a call handed to me that my phone has not taken yet', () => {
    const { phone, actions, board, offered } = setup();
    board({ status: 'active', assignedTo: 'a1', answeredAt: '2026-01-01T10:00:05Z' }, 3);
    const leg = phone.ring('CA1');
    expect(offered([leg])).toEqual(['CA1']);
    expect(actions.answerHandOver('CA1')).toBe(true);
    expect(phone.accepted).toEqual(['CA1']);
  });

  it('does not offer a leg once the call is connected, nor a call handed to another agent', () => {
    const { phone, board, offered } = setup();
    const leg = phone.ring('CA1');
    board({ status: 'active', assignedTo: 'a1', connectedAt: '2026-01-01T10:00:06Z' }, 3);
    expect(offered([leg])).toEqual([]);
    board({ status: 'active', assignedTo: 'a2', connectedAt: null }, 4);
    expect(offered([leg])).toEqual([]);
  });

  it('does not answer a hand-over that went to someone else between the render and the click', () => {
    const { phone, actions, board, dismissed } = setup();
    board({ status: 'active', assignedTo: 'a1' }, 3);
    phone.ring('CA1');
    board({ status: 'active', assignedTo: 'a2' }, 4);
    expect(actions.answerHandOver('CA1')).toBe(false);
    expect(phone.accepted).toEqual([]);
    expect(dismissed.has('CA1')).toBe(true);
  });
});

describe('the hand-over prompt comes with the board change', () => {
  it('offers a call handed to me before its leg rings, and accepts the leg as soon as it does', () => {
    const { phone, actions, board, getState } = setup();
    board({ status: 'active', assignedTo: 'a1' }, 3);
    expect(handOverCallsForMe(getState(), 'a1', new Set()).map((c) => c.callSid)).toEqual(['CA1']);
    expect(actions.answerHandOver('CA1')).toBe(true);
    expect(actions.tookHere('CA1')).toBe(true);
    expect(actions.onIncoming(phone.ring('CA1'))).toBe(true);
    expect(phone.accepted).toEqual(['CA1']);
  });

  it('rejects the leg of a hand-over I declined before it rang', () => {
    const { phone, actions, board, dismissed } = setup();
    board({ status: 'active', assignedTo: 'a1' }, 3);
    actions.declineHandOver('CA1');
    expect(dismissed.has('CA1')).toBe(true);
    const leg = phone.ring('CA1');
    expect(actions.onIncoming(leg)).toBe(true);
    expect(phone.isRinging('CA1')).toBe(false);
    expect(phone.accepted).toEqual([]);
  });
});

describe('"another agent answered" only for calls that rang me', () => {
  it('says nothing when a call that never rang me (I was busy) is answered elsewhere', () => {
    const { actions, toasts } = setup();
    actions.onNotice({ type: 'ring-cancelled', callSid: 'CA1', message: LOST_MESSAGE, otherAgentId: 'a2' });
    expect(toasts).toEqual([]);
  });

  it('names the winner of a call that rang me', () => {
    const { actions, toasts } = setup();
    actions.noteRinging('CA1');
    actions.onNotice({ type: 'ring-cancelled', callSid: 'CA1', message: LOST_MESSAGE, otherAgentId: 'a2' });
    expect(toasts).toEqual([`${LOST_MESSAGE}: Ben took the call.`]);
  });

  it('tells me when a hand-over to me was not answered', () => {
    const { actions, toasts } = setup();
    actions.onNotice({ type: 'hand-over-missed', callSid: 'CA1', message: 'The call from +1555 was not answered and is back in the parking lot', otherAgentId: 'a1' });
    expect(toasts).toEqual(['The call from +1555 was not answered and is back in the parking lot']);
  });
});
