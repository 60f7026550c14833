import { describe, expect, it } from 'vitest';
import { toDelta } from '../api/normalize';
import { agent, call, parked, remove, snapshot, upsert, voicemail } from '../testing/fixtures';
import { boardReducer, entities, initialBoard, type BoardAction, type BoardState } from './board';

function run(state: BoardState, ...actions: BoardAction[]): BoardState {
  return actions.reduce(boardReducer, state);
}

/** A board that went live on an empty snapshot. */
function live(snap = snapshot()): BoardState {
  return run(initialBoard(), { type: 'sync-start', epoch: 1 }, { type: 'snapshot', epoch: 1, snapshot: snap, sinceSeq: 0, receivedAt: 0 });
}

const delta = (d: ReturnType<typeof upsert>): BoardAction => ({ type: 'delta', delta: d });

describe('applying snapshots', () => {
  it('shows every entity of the snapshot and goes live', () => {
    const state = live(snapshot({ calls: [call('CA1', 3)], agents: [agent('a1', 1)], parked: [parked('p1', 'CA9', 2)], voicemails: [voicemail('v1', 1)] }));
    expect(state.phase).toBe('live');
    expect(entities(state, 'call').map((c) => c.callSid)).toEqual(['CA1']);
    expect(entities(state, 'agent')).toHaveLength(1);
    expect(entities(state, 'parked')).toHaveLength(1);
    expect(entities(state, 'voicemail')).toHaveLength(1);
  });

  it('removes on resync what disappeared while disconnected, and does not double what stayed', () => {
    let state = live(snapshot({ calls: [call('CA1', 3), call('CA2', 4)] }));
    state = run(state, { type: 'disconnected' }, { type: 'sync-start', epoch: 2 }, {
      type: 'snapshot', epoch: 2, snapshot: snapshot({ calls: [call('CA2', 6, { status: 'active', assignedTo: 'a1' })] }), sinceSeq: state.seq, receivedAt: 0,
    });
    const calls = entities(state, 'call');
    expect(calls.map((c) => c.callSid)).toEqual(['CA2']);
    expect(calls[0].status).toBe('active');
    // CA1 became a tombstone: a late upsert of its old version cannot bring it back
    state = run(state, delta(upsert('call', call('CA1', 3))));
    expect(entities(state, 'call').map((c) => c.callSid)).toEqual(['CA2']);
  });

  it('ignores the snapshot of an earlier connection', () => {
    let state = run(initialBoard(), { type: 'sync-start', epoch: 1 }, { type: 'disconnected' }, { type: 'sync-start', epoch: 2 });
    state = run(state, { type: 'snapshot', epoch: 1, snapshot: snapshot({ calls: [call('CA1', 1)] }), sinceSeq: 0, receivedAt: 0 });
    expect(state.phase).toBe('loading');
    expect(entities(state, 'call')).toEqual([]);
  });

  it('ignores a snapshot that arrives after the socket closed', () => {
    const state = run(initialBoard(), { type: 'sync-start', epoch: 1 }, { type: 'disconnected' }, {
      type: 'snapshot', epoch: 1, snapshot: snapshot({ calls: [call('CA1', 1)] }), sinceSeq: 0, receivedAt: 0,
    });
    expect(state.phase).toBe('offline');
    expect(entities(state, 'call')).toEqual([]);
  });

  it('reconciles while live without removing what a delta added during the request', () => {
    let state = live(snapshot({ calls: [call('CA1', 1)] }));
    const sinceSeq = state.seq;
    // a new call arrives by delta while the (older) snapshot is in flight
    state = run(state, delta(upsert('call', call('CA2', 1))));
    state = run(state, { type: 'snapshot', epoch: 1, snapshot: snapshot({ calls: [call('CA1', 2, { status: 'active', assignedTo: 'a2' })] }), sinceSeq, receivedAt: 0 });
    expect(entities(state, 'call').map((c) => [c.callSid, c.status])).toEqual([['CA1', 'active'], ['CA2', 'ringing']]);
  });

  it('keeps a newer held version over an older snapshot entry', () => {
    let state = live(snapshot({ agents: [agent('a1', 1)] }));
    const sinceSeq = state.seq;
    state = run(state, delta(upsert('agent', agent('a1', 5, { status: 'away' }))));
    state = run(state, { type: 'snapshot', epoch: 1, snapshot: snapshot({ agents: [agent('a1', 4, { status: 'busy' })] }), sinceSeq, receivedAt: 0 });
    expect(state.agent.a1.data?.status).toBe('away');
  });

  it('takes the server clock offset and the stats from the snapshot', () => {
    const state = run(initialBoard(), { type: 'sync-start', epoch: 1 }, {
      type: 'snapshot', epoch: 1, sinceSeq: 0, receivedAt: Date.parse('2026-01-01T10:00:00Z'),
      snapshot: snapshot({ serverTime: '2026-01-01T10:00:02Z', stats: { answeredToday: 7, abandonedToday: '2', avgSecondsToAnswer: 4.5 } }),
    });
    expect(state.clockOffsetMs).toBe(2000);
    expect(state.stats.answeredToday).toBe(7);
    expect(state.stats.abandonedToday).toBe(2);
    expect(state.stats.avgTimeToAnswerSeconds).toBe(4.5);
  });
});

describe('versioned deltas', () => {
  it('applies a newer upsert and ignores an older or equal one', () => {
    let state = live();
    state = run(state, delta(upsert('call', call('CA1', 2))));
    state = run(state, delta(upsert('call', call('CA1', 4, { status: 'active', assignedTo: 'a1' }))));
    state = run(state, delta(upsert('call', call('CA1', 3, { status: 'ringing' }))));
    state = run(state, delta(upsert('call', call('CA1', 4, { status: 'ringing' }))));
    expect(state.call.CA1.data?.status).toBe('active');
    expect(state.call.CA1.version).toBe(4);
  });

  it('keeps the known name of an agent when a presence delta carries none', () => {
    let state = live(snapshot({ agents: [agent('a1', 1, { name: 'Ann Agent' })] }));
    state = run(state, delta(upsert('agent', agent('a1', 2, { name: null, status: 'busy' }))));
    expect(state.agent.a1.data).toMatchObject({ name: 'Ann Agent', status: 'busy' });
    state = run(state, delta(upsert('agent', agent('a1', 3, { name: 'Ann B. Agent' }))));
    expect(state.agent.a1.data?.name).toBe('Ann B. Agent');
  });

  it('returns the same state object for a duplicate delta (no re-render)', () => {
    const state = run(live(), delta(upsert('agent', agent('a1', 2))));
    expect(run(state, delta(upsert('agent', agent('a1', 2))))).toBe(state);
  });

  it('keeps a tombstone so a late older upsert cannot resurrect a removed card', () => {
    let state = live();
    state = run(state, delta(upsert('parked', parked('p1', 'CA1', 1))));
    state = run(state, delta(remove('parked', 'p1', 3)));
    state = run(state, delta(upsert('parked', parked('p1', 'CA1', 2))));
    expect(entities(state, 'parked')).toEqual([]);
    expect(state.parked.p1).toMatchObject({ version: 3, data: null });
  });

  it('lets a newer upsert replace a tombstone (an entity that really came back)', () => {
    let state = run(live(), delta(remove('agent', 'a1', 3)), delta(upsert('agent', agent('a1', 4))));
    expect(entities(state, 'agent').map((a) => a.agentId)).toEqual(['a1']);
    state = run(state, delta(remove('agent', 'a1', 4)));
    expect(entities(state, 'agent')).toHaveLength(1);
  });

  it('handles out-of-order deltas across entities independently', () => {
    let state = live();
    state = run(state, delta(upsert('call', call('CA2', 7))), delta(upsert('call', call('CA1', 1))), delta(upsert('call', call('CA2', 6, { status: 'ended' }))));
    expect(state.call.CA2.data?.status).toBe('ringing');
    expect(state.call.CA1.version).toBe(1);
  });

  it('reads wire deltas in either enum spelling and rejects malformed ones', () => {
    expect(toDelta({ kind: 'CALL', op: 'UPSERT', key: 'CA1', version: 2, data: { callSid: 'CA1', status: 'RINGING' } })).toMatchObject({
      kind: 'call', op: 'upsert', key: 'CA1', version: 2, data: { status: 'ringing', rungAgents: [] },
    });
    expect(toDelta({ kind: 'agent', op: 'upsert', key: 'a1', version: 2, data: { agentId: 'a1', status: 'WRAP_UP' } })?.data).toMatchObject({ status: 'wrap-up' });
    expect(toDelta({ kind: 'call', op: 'remove', key: 'CA1', version: 3 })).toMatchObject({ op: 'remove', data: null });
    expect(toDelta({ kind: 'nope', op: 'upsert', key: 'x', version: 1, data: {} })).toBeNull();
    expect(toDelta({ kind: 'call', op: 'upsert', key: 'CA1', version: 1 })).toBeNull();
    expect(toDelta('garbage')).toBeNull();
  });
});

describe('buffering during snapshot load', () => {
  it('buffers deltas while loading and applies only those newer than the snapshot', () => {
    let state = run(initialBoard(), { type: 'sync-start', epoch: 1 });
    state = run(
      state,
      delta(upsert('call', call('CA1', 2))), // older than the snapshot: dropped
      delta(upsert('call', call('CA1', 5, { status: 'active', assignedTo: 'a2' }))), // newer: applied
      delta(upsert('call', call('CA3', 1))), // created after the snapshot was read: applied
      delta(remove('call', 'CA4', 9)), // removed after the snapshot: applied as a tombstone
    );
    expect(state.buffer).toHaveLength(4);
    expect(entities(state, 'call')).toEqual([]);
    state = run(state, {
      type: 'snapshot', epoch: 1, sinceSeq: 0, receivedAt: 0,
      snapshot: snapshot({ calls: [call('CA1', 3), call('CA4', 8)] }),
    });
    expect(state.buffer).toEqual([]);
    expect(entities(state, 'call').map((c) => [c.callSid, c.version]).sort()).toEqual([['CA1', 5], ['CA3', 1]]);
  });

  it('drops the buffer of a connection that closed before its snapshot came', () => {
    const state = run(initialBoard(), { type: 'sync-start', epoch: 1 }, delta(upsert('call', call('CA1', 1))), { type: 'disconnected' });
    expect(state.buffer).toEqual([]);
    expect(state.phase).toBe('offline');
  });
});

describe('optimistic moves', () => {
  const board = () =>
    live(snapshot({
      agents: [agent('a1', 1, { status: 'busy', callSid: 'CA1' }), agent('a2', 1)],
      calls: [call('CA1', 2, { status: 'active', assignedTo: 'a1', answeredAt: '2026-01-01T10:00:05Z' })],
      parked: [parked('p9', 'CA9', 1)],
    }));

  const park = (id = 'op1'): BoardAction => ({
    type: 'optimistic', op: { id, type: 'park', callSid: 'CA1', from: '+1555', parkedBy: 'a1', agentId: 'a1', startedAt: 0, confirmedAt: null },
  });
  const unpark = (id = 'op2'): BoardAction => ({
    type: 'optimistic', op: { id, type: 'unpark', parkedId: 'p9', callSid: 'CA9', from: '+1555', agentId: 'a2', startedAt: 0, confirmedAt: null },
  });

  it('rolls a failed park back to exactly the board before it', () => {
    const before = board();
    const after = run(before, park(), { type: 'op-failed', id: 'op1' });
    expect(after.pending).toEqual({});
    expect(after.call).toBe(before.call);
    expect(after.parked).toBe(before.parked);
  });

  it('keeps a confirmed park until the parked delta arrives, then drops the overlay', () => {
    let state = run(board(), park(), { type: 'op-confirmed', id: 'op1', at: 10 });
    expect(state.pending.op1).toBeDefined();
    state = run(state, delta(upsert('call', call('CA1', 3, { status: 'parked', assignedTo: null }))));
    expect(state.pending.op1).toBeDefined(); // call says parked, the lot entry is not there yet
    state = run(state, delta(upsert('parked', parked('p1', 'CA1', 1))));
    expect(state.pending).toEqual({});
  });

  it('settles a confirmed park at once when the parked entity is already there', () => {
    const state = run(board(), park(), delta(upsert('parked', parked('p1', 'CA1', 1))), { type: 'op-confirmed', id: 'op1', at: 10 });
    expect(state.pending).toEqual({});
  });

  it('keeps a confirmed unpark until the parked entry is removed', () => {
    let state = run(board(), unpark(), { type: 'op-confirmed', id: 'op2', at: 10 });
    expect(state.pending.op2).toBeDefined();
    state = run(state, delta(remove('parked', 'p9', 2)));
    expect(state.pending).toEqual({});
  });

  it('prunes confirmed moves whose delta never came after the grace period, but not unconfirmed ones', () => {
    let state = run(board(), unpark('op2'), park('op1'), { type: 'op-confirmed', id: 'op2', at: 1000 });
    state = run(state, { type: 'prune', now: 5000 });
    expect(Object.keys(state.pending).sort()).toEqual(['op1', 'op2']);
    state = run(state, { type: 'prune', now: 12_000 });
    expect(Object.keys(state.pending)).toEqual(['op1']);
  });
});
