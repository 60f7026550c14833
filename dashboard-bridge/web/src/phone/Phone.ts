/**
 * The agent's audio device. Two implementations: TwilioPhone (@twilio/voice-sdk Device, production) and
 * SimPhone (telephony-sim's WebSocket phone, demo and tests), chosen by GET /api/config `.phone`.
 *
 * Every leg is addressed by the caller's PSTN CallSid (the `callSid` custom parameter each <Client> carries),
 * never by the agent's own child-leg sid: that is the sid the board, the claim and the park use.
 */
export type PhoneState = 'starting' | 'ready' | 'reconnecting' | 'error' | 'stopped';

export interface PhoneLeg {
  /** The caller's PSTN CallSid. */
  callSid: string;
  /** This device's own child leg. */
  legSid: string;
  from: string | null;
  parameters: Record<string, string>;
}

export type PhoneEvent =
  | { type: 'state'; state: PhoneState; message?: string }
  | { type: 'incoming'; leg: PhoneLeg }
  /** Ringing stopped without this device answering: another device accepted, the caller hung up, timeout. */
  | { type: 'cancelled'; callSid: string }
  | { type: 'connected'; callSid: string }
  | { type: 'disconnected'; callSid: string }
  | { type: 'error'; message: string };

export type PhoneListener = (event: PhoneEvent) => void;

export interface Phone {
  readonly kind: 'sim' | 'twilio';
  /** Registers the device; resolves once it can receive calls (or rejects with a readable message). */
  start(): Promise<void>;
  /** Accepts the ringing leg of this call; false when no leg rings for it (yet). */
  accept(callSid: string): boolean;
  /** Rejects the ringing leg of this call; false when there is none. */
  reject(callSid: string): boolean;
  /** Hangs up this device's leg of the call (ringing or connected); false when there is none. */
  hangup(callSid: string): boolean;
  /** Whether a leg for this call is ringing on this device. */
  isRinging(callSid: string): boolean;
  subscribe(listener: PhoneListener): () => void;
  stop(): void;
}

/** Listener bookkeeping shared by both implementations. */
export class PhoneEvents {
  private readonly listeners = new Set<PhoneListener>();

  subscribe(listener: PhoneListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: PhoneEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // one broken listener must not silence the others
      }
    }
  }
}
