import { keyOf, toStats } from '../api/normalize';
import type { AgentView, BoardDelta, BoardSnapshot, EntityByKind, Kind, Stats } from '../api/types';

/**
 * The board as this browser believes it: one versioned slot per entity. A slot whose `data` is null is a
 * tombstone: the entity was removed at that version, so a late, older upsert cannot bring it back.
 *
 * Sync rules: on (re)connect the socket registers first, then GET /api/board loads; deltas
 * that arrive meanwhile are buffered and applied after the snapshot, each only if newer than what is held.
 * The same snapshot merge also serves periodic reconciliation while live (see `snapshot`).
 */
export interface Slot<T> {
  version: number;
  data: T | null;
  /** Local sequence number of the change that wrote this slot (for safe reconciliation). */
  seq: number;
}

export type Slots<K extends Kind> = Record<string, Slot<EntityByKind[K]>>;

export type Phase = 'offline' | 'loading' | 'live';

export interface PendingPark {
  id: string;
  type: 'park';
  callSid: string;
  from: string | null;
  parkedBy: string;
  agentId: string;
  startedAt: number;
  confirmedAt: number | null;
}

export interface PendingUnpark {
  id: string;
  type: 'unpark';
  parkedId: string;
  callSid: string;
  from: string | null;
  agentId: string;
  startedAt: number;
  confirmedAt: number | null;
}

export type PendingOp = PendingPark | PendingUnpark;

export interface BoardState {
  /** Bumped on every (re)connect so a slow snapshot of an earlier connection is ignored. */
  epoch: number;
  phase: Phase;
  buffer: BoardDelta[];
  seq: number;
  call: Slots<'call'>;
  agent: Slots<'agent'>;
  parked: Slots<'parked'>;
  voicemail: Slots<'voicemail'>;
  stats: Stats;
  /** When the held counters were computed (server clock, epoch ms): older pushes are ignored. */
  statsVersion: number;
  /** serverTime - local clock at the last snapshot, so timers agree with the server's instants. */
  clockOffsetMs: number;
  pending: Record<string, PendingOp>;
}

export type BoardAction =
  | { type: 'sync-start'; epoch: number }
  | { type: 'disconnected' }
  | { type: 'delta'; delta: BoardDelta }
  | { type: 'snapshot'; epoch: number; snapshot: BoardSnapshot; sinceSeq: number; receivedAt: number }
  /** Counters pushed by the server; applied only if newer than those held (`version`: computed at, epoch ms). */
  | { type: 'stats'; stats: Record<string, unknown> | null | undefined; version?: number }
  | { type: 'optimistic'; op: PendingOp }
  | { type: 'op-confirmed'; id: string; at: number }
  | { type: 'op-failed'; id: string }
  | { type: 'prune'; now: number };

export const KINDS: readonly Kind[] = ['call', 'agent', 'parked', 'voicemail'];

/** How long a confirmed optimistic move may wait for the delta that makes it real. */
export const CONFIRMED_OP_GRACE_MS = 10_000;

export function initialBoard(): BoardState {
  return {
    epoch: 0,
    phase: 'offline',
    buffer: [],
    seq: 0,
    call: {},
    agent: {},
    parked: {},
    voicemail: {},
    stats: {},
    statsVersion: 0,
    clockOffsetMs: 0,
    pending: {},
  };
}

export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case 'sync-start':
      return { ...state, epoch: action.epoch, phase: 'loading', buffer: [] };
    case 'disconnected':
      return { ...state, phase: 'offline', buffer: [] };
    case 'delta':
      if (state.phase === 'loading') return { ...state, buffer: [...state.buffer, action.delta] };
      return settlePending(applyDelta(state, action.delta));
    case 'snapshot':
      if (action.epoch !== state.epoch || state.phase === 'offline') return state;
      return settlePending(applySnapshot(state, action.snapshot, action.sinceSeq, action.receivedAt));
    case 'stats': {
      const version = action.version ?? 0;
      if (version && version < state.statsVersion) return state;
      return { ...state, stats: toStats(action.stats), statsVersion: Math.max(version, state.statsVersion) };
    }
    case 'optimistic':
      return { ...state, pending: { ...state.pending, [action.op.id]: action.op } };
    case 'op-confirmed': {
      const op = state.pending[action.id];
      if (!op) return state;
      return settlePending({ ...state, pending: { ...state.pending, [action.id]: { ...op, confirmedAt: action.at } } });
    }
    case 'op-failed':
      return withoutPending(state, [action.id]);
    case 'prune': {
      const stale = Object.values(state.pending)
        .filter((op) => op.confirmedAt !== null && action.now - op.confirmedAt > CONFIRMED_OP_GRACE_MS)
        .map((op) => op.id);
      return stale.length ? withoutPending(state, stale) : state;
    }
  }
}

/** Applies one delta if it is newer than what is held for (kind, key); otherwise returns `state` unchanged. */
export function applyDelta(state: BoardState, delta: BoardDelta): BoardState {
  const slots = state[delta.kind] as Record<string, Slot<unknown>>;
  const held = slots[delta.key];
  if (held && delta.version <= held.version) return state;
  const seq = state.seq + 1;
  const slot: Slot<unknown> = { version: delta.version, data: delta.op === 'remove' ? null : withKnownName(delta, held), seq };
  return { ...state, seq, [delta.kind]: { ...slots, [delta.key]: slot } };
}

/**
 * Presence publishes agent cards without names (names are the directory's; only the snapshot carries them),
 * so an agent delta keeps the name this board already knows instead of blanking it.
 */
function withKnownName(delta: BoardDelta, held: Slot<unknown> | undefined): unknown {
  if (delta.kind !== 'agent') return delta.data;
  const next = delta.data as AgentView | null;
  const known = (held?.data as AgentView | null | undefined)?.name;
  return next && !next.name && known ? { ...next, name: known } : next;
}

/**
 * Merges a snapshot: per entity the higher version wins (a tombstone included). An entity held but absent
 * from the snapshot was removed while we were not listening, unless a delta wrote it after the snapshot
 * request was sent (`seq > sinceSeq`): then the snapshot is simply older than what we know.
 * Buffered deltas are applied afterwards, each only if newer than the merged version.
 */
function applySnapshot(state: BoardState, snapshot: BoardSnapshot, sinceSeq: number, receivedAt: number): BoardState {
  let seq = state.seq;
  const merged: Partial<Pick<BoardState, Kind>> = {};
  const lists: { [K in Kind]: EntityByKind[K][] } = {
    call: snapshot.calls,
    agent: snapshot.agents,
    parked: snapshot.parked,
    voicemail: snapshot.voicemails,
  };
  for (const kind of KINDS) {
    const held = state[kind] as Record<string, Slot<unknown>>;
    const next: Record<string, Slot<unknown>> = {};
    const present = new Set<string>();
    for (const entity of lists[kind] as { version: number }[]) {
      const key = (keyOf[kind] as (e: unknown) => string)(entity);
      present.add(key);
      const mine = held[key];
      if (mine && mine.version >= entity.version) next[key] = mine;
      else next[key] = { version: entity.version, data: entity, seq: ++seq };
    }
    for (const [key, slot] of Object.entries(held)) {
      if (present.has(key)) continue;
      if (slot.data === null || slot.seq > sinceSeq) next[key] = slot;
      else next[key] = { version: slot.version, data: null, seq: ++seq };
    }
    (merged as Record<string, unknown>)[kind] = next;
  }
  const serverTime = snapshot.serverTime ? Date.parse(snapshot.serverTime) : NaN;
  const snapshotStatsVersion = Number(snapshot.stats?.computedAtMs ?? 0) || 0;
  const newerStats = snapshot.stats && snapshotStatsVersion >= state.statsVersion;
  let next: BoardState = {
    ...state,
    ...merged,
    seq,
    phase: 'live',
    buffer: [],
    stats: newerStats ? toStats(snapshot.stats) : state.stats,
    statsVersion: newerStats ? snapshotStatsVersion : state.statsVersion,
    clockOffsetMs: Number.isFinite(serverTime) ? serverTime - receivedAt : state.clockOffsetMs,
  };
  for (const delta of state.buffer) next = applyDelta(next, delta);
  return next;
}

function withoutPending(state: BoardState, ids: string[]): BoardState {
  const pending = { ...state.pending };
  for (const id of ids) delete pending[id];
  return { ...state, pending };
}

/** Drops confirmed optimistic moves whose real result is now on the board, so nothing shows twice. */
function settlePending(state: BoardState): BoardState {
  const done: string[] = [];
  for (const op of Object.values(state.pending)) {
    if (op.confirmedAt === null) continue;
    if (op.type === 'park') {
      const parkedNow = Object.values(state.parked).some((s) => s.data?.callSid === op.callSid);
      const call = state.call[op.callSid]?.data;
      if (parkedNow || (call && call.status !== 'active' && call.status !== 'parked')) done.push(op.id);
    } else {
      const slot = state.parked[op.parkedId];
      if (!slot || slot.data === null) done.push(op.id);
    }
  }
  return done.length ? withoutPending(state, done) : state;
}

/** The live (non-tombstone) entities of one kind. */
export function entities<K extends Kind>(state: BoardState, kind: K): EntityByKind[K][] {
  const out: EntityByKind[K][] = [];
  for (const slot of Object.values(state[kind] as Slots<K>)) if (slot.data) out.push(slot.data);
  return out;
}
