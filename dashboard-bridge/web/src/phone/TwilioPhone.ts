import type { Call, Device } from '@twilio/voice-sdk';
import { PhoneEvents, type Phone, type PhoneListener } from './Phone';

interface Leg {
  call: Call;
  state: 'ringing' | 'connected';
}

/**
 * The production phone: a Twilio Voice SDK Device registered with an AccessToken from /api/twilio/token
 * (identity = agent id) and refreshed before it expires (`tokenWillExpire`). The SDK is loaded on demand,
 * so the demo (sim phone) never downloads it. Twilio's own incoming sound is off: the board rings.
 */
export class TwilioPhone implements Phone {
  readonly kind = 'twilio' as const;
  private readonly events = new PhoneEvents();
  private readonly legs = new Map<string, Leg>();
  private device: Device | null = null;

  constructor(private readonly fetchToken: () => Promise<string>) {}

  subscribe(listener: PhoneListener): () => void {
    return this.events.subscribe(listener);
  }

  async start(): Promise<void> {
    this.events.emit({ type: 'state', state: 'starting' });
    const { Device } = await import('@twilio/voice-sdk');
    const token = await this.fetchToken();
    const device = new Device(token, { closeProtection: true, tokenRefreshMs: 60_000 });
    this.device = device;
    device.audio?.incoming(false);
    device.on('registered', () => this.events.emit({ type: 'state', state: 'ready' }));
    device.on('unregistered', () => this.events.emit({ type: 'state', state: 'reconnecting' }));
    device.on('error', (error: { message?: string }) => {
      this.events.emit({ type: 'error', message: error?.message || 'Phone error' });
    });
    device.on('tokenWillExpire', () => {
      this.fetchToken().then(
        (fresh) => device.updateToken(fresh),
        () => this.events.emit({ type: 'error', message: 'Could not refresh the phone token' }),
      );
    });
    device.on('incoming', (call: Call) => this.onIncoming(call));
    await device.register();
  }

  private onIncoming(call: Call): void {
    const legSid = call.parameters?.CallSid ?? '';
    const callSid = call.customParameters.get('callSid') || call.parameters?.ParentCallSid || legSid;
    const parameters: Record<string, string> = {};
    call.customParameters.forEach((value, key) => (parameters[key] = value));
    this.legs.set(callSid, { call, state: 'ringing' });
    const end = (type: 'cancelled' | 'disconnected') => () => {
      if (this.legs.get(callSid)?.call !== call) return;
      this.legs.delete(callSid);
      this.events.emit({ type, callSid });
    };
    call.on('accept', () => {
      const leg = this.legs.get(callSid);
      if (leg) leg.state = 'connected';
      this.events.emit({ type: 'connected', callSid });
    });
    call.on('cancel', end('cancelled'));
    call.on('reject', end('cancelled'));
    call.on('disconnect', end('disconnected'));
    call.on('error', (error: { message?: string }) => this.events.emit({ type: 'error', message: error?.message || 'Call error' }));
    this.events.emit({ type: 'incoming', leg: { callSid, legSid, from: call.parameters?.From ?? null, parameters } });
  }

  accept(callSid: string): boolean {
    const leg = this.legs.get(callSid);
    if (!leg || leg.state !== 'ringing') return false;
    leg.call.accept();
    return true;
  }

  reject(callSid: string): boolean {
    const leg = this.legs.get(callSid);
    if (!leg || leg.state !== 'ringing') return false;
    leg.call.reject();
    return true;
  }

  hangup(callSid: string): boolean {
    const leg = this.legs.get(callSid);
    if (!leg) return false;
    leg.call.disconnect();
    return true;
  }

  isRinging(callSid: string): boolean {
    return this.legs.get(callSid)?.state === 'ringing';
  }

  stop(): void {
    this.legs.clear();
    this.device?.destroy();
    this.device = null;
    this.events.emit({ type: 'state', state: 'stopped' });
  }
}
