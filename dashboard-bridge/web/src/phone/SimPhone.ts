import { PhoneEvents, type Phone, type PhoneLeg, type PhoneListener, type PhoneState } from './Phone';

interface Leg extends PhoneLeg {
  state: 'ringing' | 'connected';
}

type SocketLike = Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
};

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;
const MAX_BACKOFF_MS = 10_000;

/**
 * The demo phone: telephony-sim's browser-phone WebSocket (protocol in telephony-sim's PhoneSocket.java). Registers this agent's identity
 * with a real AccessToken from /api/twilio/token, then mirrors the sim's incoming/cancel/connected/
 * disconnected frames. Reconnects with backoff; legs of a lost socket are reported as cancelled.
 */
export class SimPhone implements Phone {
  readonly kind = 'sim' as const;
  private readonly events = new PhoneEvents();
  private readonly legs = new Map<string, Leg>();
  private socket: SocketLike | null = null;
  private stopped = false;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private firstStart: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly url: string,
    private readonly identity: string,
    private readonly fetchToken: () => Promise<string>,
    private readonly socketFactory: SocketFactory = (u) => new WebSocket(u) as unknown as SocketLike,
  ) {}

  subscribe(listener: PhoneListener): () => void {
    return this.events.subscribe(listener);
  }

  start(): Promise<void> {
    this.stopped = false;
    return new Promise<void>((resolve, reject) => {
      this.firstStart = { resolve, reject };
      void this.open();
    });
  }

  private setState(state: PhoneState, message?: string): void {
    this.events.emit({ type: 'state', state, message });
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    this.setState(this.attempt === 0 ? 'starting' : 'reconnecting');
    let token: string;
    try {
      token = await this.fetchToken();
    } catch (error) {
      this.retryLater(error instanceof Error ? error.message : 'No phone token');
      return;
    }
    if (this.stopped) return;
    let socket: SocketLike;
    try {
      socket = this.socketFactory(this.url);
    } catch {
      this.retryLater('The phone cannot reach the simulator');
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'register', identity: this.identity, token }));
    socket.onmessage = (ev) => {
      if (this.socket === socket) this.onFrame(ev.data);
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.dropAllLegs();
      this.retryLater('The phone lost its connection');
    };
  }

  private retryLater(message: string): void {
    if (this.stopped) return;
    this.attempt += 1;
    if (this.firstStart && this.attempt >= 3) {
      this.firstStart.reject(new Error(message));
      this.firstStart = null;
    }
    this.setState('reconnecting', message);
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.attempt - 1));
    this.retry = setTimeout(() => void this.open(), delay);
  }

  private onFrame(data: unknown): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    switch (frame.type) {
      case 'registered':
        this.attempt = 0;
        this.setState('ready');
        this.firstStart?.resolve();
        this.firstStart = null;
        break;
      case 'incoming': {
        const legSid = String(frame.callSid ?? '');
        const parameters = toParams(frame.parameters);
        const callSid = parameters.callSid || String(frame.parentCallSid ?? '') || legSid;
        if (!legSid) return;
        const leg: Leg = { callSid, legSid, from: typeof frame.from === 'string' ? frame.from : null, parameters, state: 'ringing' };
        this.legs.set(callSid, leg);
        this.events.emit({ type: 'incoming', leg: { callSid, legSid, from: leg.from, parameters } });
        break;
      }
      case 'cancel':
        this.endLeg(String(frame.callSid ?? ''), 'cancelled');
        break;
      case 'connected': {
        const leg = this.byLegSid(String(frame.callSid ?? ''));
        if (leg) {
          leg.state = 'connected';
          this.events.emit({ type: 'connected', callSid: leg.callSid });
        }
        break;
      }
      case 'disconnected':
        this.endLeg(String(frame.callSid ?? ''), 'disconnected');
        break;
      case 'error': {
        const message = typeof frame.message === 'string' ? frame.message : 'Phone error';
        this.events.emit({ type: 'error', message });
        if (this.firstStart) {
          this.setState('error', message);
        }
        break;
      }
    }
  }

  private byLegSid(legSid: string): Leg | undefined {
    for (const leg of this.legs.values()) if (leg.legSid === legSid) return leg;
    return undefined;
  }

  private endLeg(legSid: string, type: 'cancelled' | 'disconnected'): void {
    const leg = this.byLegSid(legSid);
    if (!leg) return;
    this.legs.delete(leg.callSid);
    this.events.emit({ type, callSid: leg.callSid });
  }

  private dropAllLegs(): void {
    for (const leg of [...this.legs.values()]) {
      this.legs.delete(leg.callSid);
      this.events.emit({ type: leg.state === 'ringing' ? 'cancelled' : 'disconnected', callSid: leg.callSid });
    }
  }

  private send(frame: Record<string, unknown>): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  accept(callSid: string): boolean {
    const leg = this.legs.get(callSid);
    if (!leg || leg.state !== 'ringing') return false;
    return this.send({ type: 'accept', callSid: leg.legSid });
  }

  reject(callSid: string): boolean {
    const leg = this.legs.get(callSid);
    if (!leg || leg.state !== 'ringing') return false;
    this.legs.delete(callSid);
    this.send({ type: 'reject', callSid: leg.legSid });
    this.events.emit({ type: 'cancelled', callSid });
    return true;
  }

  hangup(callSid: string): boolean {
    const leg = this.legs.get(callSid);
    if (!leg) return false;
    return this.send({ type: 'hangup', callSid: leg.legSid });
  }

  isRinging(callSid: string): boolean {
    return this.legs.get(callSid)?.state === 'ringing';
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = null;
    this.legs.clear();
    try {
      socket?.close();
    } catch {
      // already closed
    }
    this.setState('stopped');
  }
}

function toParams(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v != null) out[k] = String(v);
  }
  return out;
}
