import { describe, expect, it } from 'vitest';
import { agent, call, parked, snapshot, upsert } from '../testing/fixtures';
import { boardReducer, initialBoard, type BoardAction, type BoardState } from './board';
import { ringChanges } from './ringWatch';
import { agentCards, callsRingingMe, counters, formatDuration, isRungFor, myActiveCall, parkedCards } from './selectors';

function live(snap = snapshot(), ...more: BoardAction[]): BoardState {
  return [{ type: 'sync-start', epoch: 1 } as BoardAction, { type: 'snapshot', epoch: 1, snapshot: snap, sinceSeq: 0, receivedAt: 0 } as BoardAction, ...more].reduce(
    boardReducer,
    initialBoard(),
  );
}

describe('who is rung', () => {
  it('rings the rung agents that have not declined', () => {
    const c = call('CA1', 1, { rungAgents: ['a1', 'a2'], declinedBy: ['a2'] });
    expect(isRungFor(c, 'a1')).toBe(true);
    expect(isRungFor(c, 'a2')).toBe(false);
    expect(isRungFor(c, 'a3')).toBe(false);
  });

  it('does not ring for a call that is no longer ringing', () => {
    expect(isRungFor(call('CA1', 2, { status: 'active', assignedTo: 'a2' }), 'a1')).toBe(false);
    expect(isRungFor(call('CA1', 2, { status: 'voicemail' }), 'a1')).toBe(false);
  });

  it('rings every available agent for a queue call without a rung list, but not an away one', () => {
    const c = call('CA1', 1, { ringMode: 'queue', rungAgents: [] });
    expect(isRungFor(c, 'a1', 'available')).toBe(true);
    expect(isRungFor(c, 'a1', 'away')).toBe(false);
  });

  it('offers nothing to an agent on a call, even when presence has not marked it busy yet', () => {
    const state = live(snapshot({
      calls: [call('CA1', 2, { status: 'active', assignedTo: 'a1' }), call('CA2', 1, { rungAgents: ['a1', 'a2'] })],
      agents: [agent('a1', 1, { status: 'available' }), agent('a2', 1)],
    }));
    expect(callsRingingMe(state, 'a1', new Set())).toEqual([]);
    expect(callsRingingMe(state, 'a2', new Set()).map((c) => c.callSid)).toEqual(['CA2']);
  });

  it('hides calls this browser already declined or lost', () => {
    const state = live(snapshot({ calls: [call('CA1', 1), call('CA2', 1, { createdAt: '2026-01-01T10:00:01Z' })], agents: [agent('a1', 1)] }));
    expect(callsRingingMe(state, 'a1', new Set()).map((c) => c.callSid)).toEqual(['CA1', 'CA2']);
    expect(callsRingingMe(state, 'a1', new Set(['CA1'])).map((c) => c.callSid)).toEqual(['CA2']);
  });
});

describe('ring changes', () => {
  it('reports who answered a call that was ringing me, and nothing when I won it', () => {
    const before = live(snapshot({ calls: [call('CA1', 1), call('CA2', 1)], agents: [agent('a1', 1), agent('a2', 1)] }));
    const ringingBefore = callsRingingMe(before, 'a1', new Set());
    const after = live(snapshot({
      calls: [call('CA1', 2, { status: 'active', assignedTo: 'a2' }), call('CA2', 2, { status: 'active', assignedTo: 'a1' })],
      agents: [agent('a1', 1), agent('a2', 1)],
    }));
    const change = ringChanges(ringingBefore, callsRingingMe(after, 'a1', new Set()), after, 'a1');
    expect(change.answeredElsewhere.map((x) => [x.call.callSid, x.winner])).toEqual([['CA1', 'a2']]);
    expect(change.started).toEqual([]);
  });

  it('reports newly ringing calls once and a caller who hung up as nobody winning', () => {
    const s1 = live(snapshot({ calls: [call('CA1', 1)] }));
    const first = ringChanges([], callsRingingMe(s1, 'a1', new Set()), s1, 'a1');
    expect(first.started.map((c) => c.callSid)).toEqual(['CA1']);
    const s2 = live(snapshot({ calls: [call('CA1', 2, { status: 'ended' })] }));
    const second = ringChanges(callsRingingMe(s1, 'a1', new Set()), callsRingingMe(s2, 'a1', new Set()), s2, 'a1');
    expect(second).toEqual({ started: [], answeredElsewhere: [] });
  });
});

describe('agent cards and the parking lot with optimistic overlays', () => {
  const base = () =>
    live(snapshot({
      agents: [agent('a2', 1, { name: 'Bea' }), agent('a1', 1, { name: 'Al', status: 'busy', callSid: 'CA1' })],
      calls: [call('CA1', 3, { status: 'active', assignedTo: 'a1', from: '+1555111', answeredAt: '2026-01-01T10:00:05Z' })],
      parked: [parked('p9', 'CA9', 1, { from: '+1555999', parkedBy: 'a2' })],
    }));

  it('shows each agent once, sorted by name, with the active call and its caller', () => {
    const cards = agentCards(base(), 'a1');
    expect(cards.map((c) => [c.agent.name, c.isMe, c.activeCall?.from ?? null])).toEqual([
      ['Al', true, '+1555111'],
      ['Bea', false, null],
    ]);
    expect(myActiveCall(base(), 'a1')?.callSid).toBe('CA1');
    expect(myActiveCall(base(), 'a2')).toBeNull();
  });

  it('shows a call the phone of its agent has not taken yet as ringing it, and times a taken call from its own answer', () => {
    // a hand-over: the call was first answered at 10:00:05 by someone else, handed to a1 later
    let state = boardReducer(base(), { type: 'delta', delta: upsert('call', call('CA1', 4, { status: 'active', assignedTo: 'a1', answeredAt: '2026-01-01T10:00:05Z', connectedAt: null })) });
    expect(agentCards(state, 'a1')[0].activeCall?.ringing).toBe(true);
    state = boardReducer(state, { type: 'delta', delta: upsert('call', call('CA1', 5, { status: 'active', assignedTo: 'a1', answeredAt: '2026-01-01T10:00:05Z', connectedAt: '2026-01-01T10:03:00Z' })) });
    expect(agentCards(state, 'a1')[0].activeCall).toMatchObject({ ringing: false, since: '2026-01-01T10:03:00Z' });
  });

  it('marks a parked call a hand-over missed, naming the agent', () => {
    const state = boardReducer(base(), { type: 'delta', delta: upsert('parked', parked('p9', 'CA9', 2, { missedBy: 'a2' })) });
    expect(parkedCards(state).find((c) => c.id === 'p9')?.missedByName).toBe('Bea');
  });

  it('shows a pending park in the lot and marks the call as parking, without a second card later', () => {
    let state = boardReducer(base(), {
      type: 'optimistic', op: { id: 'op1', type: 'park', callSid: 'CA1', from: '+1555111', parkedBy: 'a1', agentId: 'a1', startedAt: 0, confirmedAt: null },
    });
    expect(parkedCards(state).map((c) => [c.from, c.pending])).toEqual([['+1555999', false], ['+1555111', true]]);
    expect(agentCards(state, 'a1')[0].activeCall?.parking).toBe(true);
    // the real parked entity arrives before the HTTP answer: still one card for CA1
    state = boardReducer(state, { type: 'delta', delta: upsert('parked', parked('p1', 'CA1', 1, { parkedAt: '2026-01-01T10:02:00Z' })) });
    expect(parkedCards(state).filter((c) => c.callSid === 'CA1')).toHaveLength(1);
    expect(parkedCards(state).find((c) => c.callSid === 'CA1')?.pending).toBe(false);
  });

  it('moves a parked card onto the target agent while the unpark is in flight', () => {
    const state = boardReducer(base(), {
      type: 'optimistic', op: { id: 'op2', type: 'unpark', parkedId: 'p9', callSid: 'CA9', from: '+1555999', agentId: 'a2', startedAt: 0, confirmedAt: null },
    });
    expect(parkedCards(state)).toEqual([]);
    expect(agentCards(state, 'a1').find((c) => c.agent.agentId === 'a2')?.incomingFromLot).toEqual({ from: '+1555999' });
    expect(parkedCards(boardReducer(state, { type: 'op-failed', id: 'op2' })).map((c) => c.parkedId)).toEqual(['p9']);
  });

  it('shows each parked call with its spot number, and a pending park with none yet', () => {
    let state = boardReducer(base(), { type: 'delta', delta: upsert('parked', parked('p2', 'CA2', 1, { spot: 2, parkedAt: '2026-01-01T10:03:00Z' })) });
    state = boardReducer(state, {
      type: 'optimistic', op: { id: 'op3', type: 'park', callSid: 'CA3', from: '+1555333', parkedBy: 'a1', agentId: 'a1', startedAt: 0, confirmedAt: null },
    });
    expect(parkedCards(state).map((c) => [c.callSid, c.spot])).toEqual([['CA9', 1], ['CA2', 2], ['CA3', null]]);
  });

  it('names who parked a call', () => {
    expect(parkedCards(base())[0].parkedByName).toBe('Bea');
  });
});

describe('counters', () => {
  it('counts waiting calls and the longest wait on the server clock, and takes the day totals from stats', () => {
    const state = live(snapshot({
      serverTime: '2026-01-01T10:01:00Z',
      calls: [
        call('CA1', 1, { createdAt: '2026-01-01T10:00:00Z' }),
        call('CA2', 1, { createdAt: '2026-01-01T10:00:30Z' }),
        call('CA3', 1, { status: 'active', assignedTo: 'a1' }),
      ],
      parked: [parked('p1', 'CA4', 1)],
      stats: { answeredToday: 12, abandonedToday: 3, avgSecondsToAnswer: 7.2, avgSecondsParked: 65 },
    }));
    // the local clock read 0 when the snapshot arrived; 5 s later locally is 10:01:05 on the server
    expect(counters(state, 5000)).toEqual({
      waiting: 2,
      longestWaitSeconds: 65,
      parked: 1,
      answeredToday: 12,
      abandonedToday: 3,
      avgTimeToAnswerSeconds: 7.2,
      avgTimeParkedSeconds: 65,
    });
  });

  it('shows unknown day totals as null rather than zero', () => {
    expect(counters(live(), 0)).toMatchObject({ waiting: 0, longestWaitSeconds: 0, answeredToday: null, avgTimeParkedSeconds: null });
  });

  it('formats durations compactly', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.9)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-4)).toBe('0:00');
  });
});
