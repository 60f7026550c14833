import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardSnapshot } from '../api/types';
import { boardReducer, entities, initialBoard, type BoardAction, type BoardState } from '../state/board';
import { call, snapshot } from '../testing/fixtures';
import { backoffDelay, LiveBoard, SETTLE_RECONCILE_MS, type BusLike, type ConnectionState } from './liveBoard';

type Handler = (error: unknown, message: { body?: unknown } | null) => void;

class FakeBus implements BusLike {
  onopen: (() => void) | null = null;
  onclose: ((event?: unknown) => void) | null = null;
  onerror: (error: unknown) => void = () => {};
  handlers = new Map<string, Handler>();
  headers = new Map<string, Record<string, string>>();
  closed = false;

  registerHandler(address: string, headers: Record<string, string>, callback: Handler): void {
    this.handlers.set(address, callback);
    this.headers.set(address, headers);
  }
  close(): void {
    this.closed = true;
  }
  open() {
    this.onopen?.();
  }
  drop() {
    this.onclose?.();
  }
  push(address: string, body: unknown) {
    this.handlers.get(address)?.(null, { body });
  }
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const wireCall = (sid: string, version: number, status = 'ringing') => ({
  kind: 'call', op: 'upsert', key: sid, version, data: { ...call(sid, version), status },
});

function harness() {
  let state: BoardState = initialBoard();
  const buses: FakeBus[] = [];
  const loads: ReturnType<typeof deferred<BoardSnapshot>>[] = [];
  const states: ConnectionState[] = [];
  const notices: unknown[] = [];
  const checkSession = vi.fn(async () => true);
  const live = new LiveBoard({
    bus: () => {
      const b = new FakeBus();
      buses.push(b);
      return b;
    },
    orgId: 'org-1',
    agentId: 'a1',
    token: () => 'jwt-1',
    loadBoard: () => {
      const d = deferred<BoardSnapshot>();
      loads.push(d);
      return d.promise;
    },
    dispatch: (a: BoardAction) => {
      state = boardReducer(state, a);
    },
    seq: () => state.seq,
    onNotice: (n) => notices.push(n),
    onState: (s) => states.push(s),
    checkSession,
    random: () => 0.5,
  });
  return { live, buses, loads, states, notices, checkSession, state: () => state };
}

describe('live board connection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('registers both addresses with the token, then loads the snapshot', () => {
    const h = harness();
    h.live.start();
    expect(h.loads).toHaveLength(0); // nothing loads before the socket is open
    h.buses[0].open();
    expect([...h.buses[0].handlers.keys()]).toEqual(['board.org-1', 'agent.a1']);
    expect(h.buses[0].headers.get('board.org-1')).toEqual({ token: 'jwt-1' });
    expect(h.loads).toHaveLength(1);
    expect(h.states.at(-1)?.status).toBe('syncing');
  });

  it('buffers deltas that arrive while the snapshot loads and applies only newer ones', async () => {
    const h = harness();
    h.live.start();
    h.buses[0].open();
    h.buses[0].push('board.org-1', wireCall('CA1', 1)); // older than the snapshot
    h.buses[0].push('board.org-1', wireCall('CA2', 4, 'active')); // newer
    expect(entities(h.state(), 'call')).toEqual([]);
    h.loads[0].resolve(snapshot({ calls: [call('CA1', 2), call('CA2', 3)] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.states.at(-1)?.status).toBe('live');
    expect(entities(h.state(), 'call').map((c) => [c.callSid, c.version, c.status])).toEqual([
      ['CA1', 2, 'ringing'],
      ['CA2', 4, 'active'],
    ]);
  });

  it('shows the counters the server pushes, newest first, whatever order the pushes and the snapshot arrive in', async () => {
    const h = harness();
    h.live.start();
    h.buses[0].open();
    const pushed = (version: number, answeredToday: number) => ({
      kind: 'stats', op: 'upsert', key: 'org-1', version, data: { answeredToday, abandonedToday: 1, computedAtMs: version },
    });
    h.buses[0].push('board.org-1', pushed(2_000, 7)); // while the snapshot loads
    h.loads[0].resolve(snapshot({ stats: { answeredToday: 5, computedAtMs: 1_000 } })); // computed before that push
    await vi.advanceTimersByTimeAsync(0);
    expect(h.state().stats.answeredToday).toBe(7);
    h.buses[0].push('board.org-1', pushed(3_000, 8));
    expect(h.state().stats).toMatchObject({ answeredToday: 8, abandonedToday: 1 });
    h.buses[0].push('board.org-1', pushed(2_500, 6)); // a late, older push
    expect(h.state().stats.answeredToday).toBe(8);
    expect(entities(h.state(), 'call')).toEqual([]);
  });

  it('reconnects with backoff after a drop and resyncs from a fresh snapshot without doubling cards', async () => {
    const h = harness();
    h.live.start();
    h.buses[0].open();
    h.loads[0].resolve(snapshot({ calls: [call('CA1', 1), call('CA2', 1)] }));
    await vi.advanceTimersByTimeAsync(0);

    h.buses[0].drop();
    expect(h.state().phase).toBe('offline');
    expect(h.states.at(-1)).toMatchObject({ status: 'waiting', attempt: 1 });
    expect(h.buses).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(backoffDelay(1, () => 0.5));
    expect(h.buses).toHaveLength(2);

    h.buses[1].open();
    h.buses[0].push('board.org-1', wireCall('CA9', 1)); // the old socket is dead to us
    h.loads[1].resolve(snapshot({ calls: [call('CA2', 2, { status: 'active', assignedTo: 'a2' })] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(entities(h.state(), 'call').map((c) => [c.callSid, c.status])).toEqual([['CA2', 'active']]);
    expect(h.states.at(-1)).toMatchObject({ status: 'live', attempt: 0 });
  });

  it('grows the backoff per failed attempt up to the cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffDelay(n, mid))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(backoffDelay(1, () => 0)).toBe(375);
    expect(backoffDelay(1, () => 1)).toBe(625);
  });

  it('starts over when the snapshot cannot be loaded, and checks the session after repeated failures', async () => {
    const h = harness();
    h.live.start();
    for (let i = 0; i < 3; i++) {
      h.buses[i].open();
      h.loads[i].reject(new Error('503'));
      await vi.advanceTimersByTimeAsync(0);
      expect(h.buses[i].closed).toBe(true);
      await vi.advanceTimersByTimeAsync(20_000);
    }
    expect(h.checkSession).toHaveBeenCalled();
    expect(h.buses.length).toBe(4);
  });

  it('stops for good when a refused register turns out to be an ended session', async () => {
    const h = harness();
    h.checkSession.mockResolvedValue(false);
    h.live.start();
    h.buses[0].open();
    h.buses[0].onerror({ type: 'err', body: 'access_denied' });
    await vi.advanceTimersByTimeAsync(0);
    expect(h.states.at(-1)?.status).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.buses).toHaveLength(1);
  });

  it('passes agent notices on and ignores a late snapshot of a dropped connection', async () => {
    const h = harness();
    h.live.start();
    h.buses[0].open();
    h.buses[0].push('agent.a1', { type: 'ring-cancelled', callSid: 'CA1', message: 'Another agent answered', otherAgentId: 'a2' });
    expect(h.notices).toEqual([{ type: 'ring-cancelled', callSid: 'CA1', message: 'Another agent answered', otherAgentId: 'a2' }]);
    h.buses[0].drop();
    h.loads[0].resolve(snapshot({ calls: [call('CA1', 1)] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(entities(h.state(), 'call')).toEqual([]);
    expect(h.state().phase).toBe('offline');
  });

  it('reconciles shortly after going live, healing a delta missed between register and snapshot', async () => {
    const h = harness();
    h.live.start();
    h.buses[0].open();
    h.loads[0].resolve(snapshot({ calls: [call('CA1', 1)] }));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(SETTLE_RECONCILE_MS);
    expect(h.loads).toHaveLength(2);
    h.loads[1].resolve(snapshot({ calls: [call('CA1', 3, { status: 'active', assignedTo: 'a2' })], stats: { answeredToday: 4 } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.state().call.CA1.data?.status).toBe('active');
    expect(h.state().stats.answeredToday).toBe(4);
  });

  it('reloads the snapshot at once when the bridge says a cluster node left (a change may not have been published)', async () => {
    const h = harness();
    h.live.start();
    h.buses[0].open();
    h.loads[0].resolve(snapshot({ calls: [call('CA1', 1)] }));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(SETTLE_RECONCILE_MS);
    h.loads[1].resolve(snapshot({ calls: [call('CA1', 1)] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.loads).toHaveLength(2);

    h.buses[0].push('board.org-1', { type: 'resync' });
    expect(h.loads).toHaveLength(3); // no waiting for the 30 s reconcile
    h.loads[2].resolve(snapshot({ calls: [call('CA1', 2, { status: 'active', assignedTo: 'a2' })] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.state().call.CA1.data?.status).toBe('active');
  });
});
