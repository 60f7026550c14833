import { toDelta, toNotice, toStatsDelta } from '../api/normalize';
import type { AgentNotice, BoardSnapshot } from '../api/types';
import type { BoardAction } from '../state/board';

/** The part of `@vertx/eventbus-bridge-client.js`'s EventBus this module uses (a fake in the tests). */
export interface BusLike {
  onopen: (() => void) | null;
  onclose: ((event?: unknown) => void) | null;
  onerror: (error: unknown) => void;
  registerHandler(address: string, headers: Record<string, string>, callback: (error: unknown, message: { body?: unknown } | null) => void): void;
  close(): void;
}

export type BusFactory = () => BusLike;

export type ConnectionStatus = 'connecting' | 'syncing' | 'live' | 'waiting' | 'stopped';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Failed attempts in a row (0 once live). */
  attempt: number;
  /** When the next attempt starts (status "waiting"), local epoch millis. */
  retryAt: number | null;
}

export interface LiveBoardDeps {
  bus: BusFactory;
  orgId: string;
  agentId: string;
  token(): string | null;
  loadBoard(): Promise<BoardSnapshot>;
  dispatch(action: BoardAction): void;
  /** The board's current change counter (BoardState.seq), read just before a snapshot request. */
  seq(): number;
  onNotice(notice: AgentNotice): void;
  onState(state: ConnectionState): void;
  /** Asked after a refused register or repeated failures: is the session still valid? (false = logged out) */
  checkSession(): Promise<boolean>;
  now?: () => number;
  random?: () => number;
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 15_000;
/** A first reconciliation shortly after going live closes the gap between register and snapshot. */
export const SETTLE_RECONCILE_MS = 2_000;
export const RECONCILE_EVERY_MS = 30_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const raw = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.75 + random() * 0.5));
}

/**
 * Keeps this browser's board live: opens the SockJS event bus, registers `board.<orgId>` and
 * `agent.<agentId>` (each carrying the JWT), loads the snapshot while deltas are buffered by the reducer, and
 * on any close reconnects with exponential backoff and resyncs. It also reconciles against a fresh snapshot
 * now and then while live, which heals a delta lost between register and snapshot and refreshes the stats.
 */
export class LiveBoard {
  private epoch = 0;
  private bus: BusLike | null = null;
  private attempt = 0;
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private reconcileTimer: ReturnType<typeof setTimeout> | null = null;
  private state: ConnectionState = { status: 'stopped', attempt: 0, retryAt: null };

  constructor(private readonly deps: LiveBoardDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private setState(status: ConnectionStatus, retryAt: number | null = null): void {
    this.state = { status, attempt: this.attempt, retryAt };
    this.deps.onState(this.state);
  }

  get connection(): ConnectionState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.epoch += 1;
    this.clearTimers();
    const bus = this.bus;
    this.bus = null;
    if (bus) safeClose(bus);
    this.deps.dispatch({ type: 'disconnected' });
    this.setState('stopped');
  }

  /** Drops the current socket and connects again at once (e.g. the browser says it is online again). */
  reconnectNow(): void {
    if (this.stopped || this.state.status === 'live' || this.state.status === 'syncing') return;
    this.clearTimers();
    this.attempt = 0;
    this.connect();
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.retryTimer = null;
    this.reconcileTimer = null;
  }

  private connect(): void {
    const epoch = ++this.epoch;
    const previous = this.bus;
    this.bus = null;
    if (previous) safeClose(previous);
    this.setState('connecting');
    let bus: BusLike;
    try {
      bus = this.deps.bus();
    } catch {
      this.failed(epoch);
      return;
    }
    this.bus = bus;
    bus.onopen = () => {
      if (epoch !== this.epoch) return;
      this.opened(epoch, bus);
    };
    bus.onclose = () => {
      if (epoch !== this.epoch) return;
      this.failed(epoch);
    };
    bus.onerror = (error: unknown) => {
      if (epoch !== this.epoch) return;
      if (isAccessDenied(error)) void this.refused(epoch);
    };
  }

  private opened(epoch: number, bus: BusLike): void {
    const token = this.deps.token() ?? '';
    const headers = { token };
    try {
      bus.registerHandler(`board.${this.deps.orgId}`, headers, (error, message) => {
        if (epoch !== this.epoch) return;
        if (error) {
          if (isAccessDenied(error)) void this.refused(epoch);
          return;
        }
        if (isResync(message?.body)) {
          // a cluster node left, maybe between committing a change and publishing it: reload now
          if (this.state.status === 'live') void this.load(epoch, false);
          return;
        }
        const stats = toStatsDelta(message?.body);
        if (stats) {
          this.deps.dispatch({ type: 'stats', stats: stats.stats, version: stats.version });
          return;
        }
        const delta = toDelta(message?.body);
        if (delta) this.deps.dispatch({ type: 'delta', delta });
      });
      bus.registerHandler(`agent.${this.deps.agentId}`, headers, (error, message) => {
        if (epoch !== this.epoch || error) return;
        const notice = toNotice(message?.body);
        if (notice) this.deps.onNotice(notice);
      });
    } catch {
      this.failed(epoch);
      return;
    }
    this.deps.dispatch({ type: 'sync-start', epoch });
    this.setState('syncing');
    void this.load(epoch, true);
  }

  private async load(epoch: number, initial: boolean): Promise<void> {
    const sinceSeq = this.deps.seq();
    let snapshot: BoardSnapshot;
    try {
      snapshot = await this.deps.loadBoard();
    } catch {
      if (epoch !== this.epoch) return;
      if (initial) {
        // without a snapshot the board cannot be trusted: start over (with backoff)
        this.failed(epoch);
      } else {
        this.scheduleReconcile(epoch, RECONCILE_EVERY_MS);
      }
      return;
    }
    if (epoch !== this.epoch) return;
    this.deps.dispatch({ type: 'snapshot', epoch, snapshot, sinceSeq, receivedAt: this.now() });
    if (initial) {
      this.attempt = 0;
      this.setState('live');
      this.scheduleReconcile(epoch, SETTLE_RECONCILE_MS);
    } else {
      this.scheduleReconcile(epoch, RECONCILE_EVERY_MS);
    }
  }

  private scheduleReconcile(epoch: number, delay: number): void {
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = null;
      if (epoch === this.epoch && !this.stopped) void this.load(epoch, false);
    }, delay);
  }

  private failed(epoch: number): void {
    if (epoch !== this.epoch || this.stopped) return;
    this.epoch += 1; // late callbacks of this attempt are ignored from now on
    const bus = this.bus;
    this.bus = null;
    if (bus) safeClose(bus);
    this.clearTimers();
    this.deps.dispatch({ type: 'disconnected' });
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.deps.random);
    this.setState('waiting', this.now() + delay);
    if (this.attempt >= 3) void this.deps.checkSession().then((ok) => { if (!ok) this.stop(); }, () => {});
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  /** The bridge refused a register: an expired session ends here, anything else is retried. */
  private async refused(epoch: number): Promise<void> {
    const ok = await this.deps.checkSession().catch(() => true);
    if (epoch !== this.epoch) return;
    if (!ok) this.stop();
    else this.failed(epoch);
  }
}

function isResync(body: unknown): boolean {
  return !!body && typeof body === 'object' && (body as Record<string, unknown>).type === 'resync';
}

function isAccessDenied(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as Record<string, unknown>;
  return e.body === 'access_denied' || e.message === 'access_denied' || e.failureType === 'access_denied';
}

function safeClose(bus: BusLike): void {
  bus.onopen = null;
  bus.onclose = null;
  bus.onerror = () => {};
  try {
    bus.close();
  } catch {
    // already closed
  }
}
