import { ApiError, errorMessage } from '../api/http';
import type { AgentNotice, CallView, ClaimResult } from '../api/types';
import type { Phone, PhoneLeg } from '../phone/Phone';
import type { BoardAction, BoardState } from './board';
import { agentName, isHandedToMe } from './selectors';

export const LOST_MESSAGE = 'Another agent already answered';

/** How long a won claim waits for this device to ring (queue mode rings only after the claim). */
export const ACCEPT_WINDOW_MS = 30_000;

export interface CallActionDeps {
  api: {
    claim(callSid: string): Promise<ClaimResult>;
    decline(callSid: string): Promise<CallView>;
  };
  phone(): Phone | null;
  dispatch(action: BoardAction): void;
  getState(): BoardState;
  me: string;
  toast(message: string, kind: 'info' | 'error'): void;
  /** The ring of this call is over for me (declined, lost, cancelled): hide it and silence it now. */
  dismiss(callSid: string): void;
  /** In-flight set changed (buttons enable/disable). */
  changed(): void;
  now?: () => number;
}

/**
 * Answer and Decline. Answer claims the caller's PSTN CallSid first and only then accepts on the phone, so
 * two agents can never both be connected. A repeat click while a request is in flight does nothing.
 */
export class CallActions {
  private readonly inFlight = new Set<string>();
  private readonly acceptOnRing = new Map<string, number>();
  private readonly lostAnnounced = new Set<string>();
  /** Calls this device answered or is answering (won claim, accepted hand-over): not offered again. */
  private readonly takenHere = new Set<string>();
  /** Calls this board offered me (rang me): only those may be announced as "another agent answered". */
  private readonly rangMe = new Set<string>();
  /** Hand-overs declined before their leg rang: the leg is rejected when it does. */
  private readonly rejectOnRing = new Set<string>();

  constructor(private readonly deps: CallActionDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  isBusy(callSid: string): boolean {
    return this.inFlight.has(callSid);
  }

  /** This device answered the call (or will as soon as its leg rings). */
  tookHere(callSid: string): boolean {
    return this.takenHere.has(callSid);
  }

  /** The board started offering me this call. */
  noteRinging(callSid: string): void {
    this.rangMe.add(callSid);
  }

  /** The phone's leg of this call ended or stopped ringing: a later offer of the call is a new one. */
  onLegGone(callSid: string): void {
    if (this.takenHere.delete(callSid)) this.deps.changed();
  }

  private begin(callSid: string): boolean {
    if (this.inFlight.has(callSid)) return false;
    this.inFlight.add(callSid);
    this.deps.changed();
    return true;
  }

  private end(callSid: string): void {
    this.inFlight.delete(callSid);
    this.deps.changed();
  }

  async answer(callSid: string): Promise<'won' | 'lost' | 'failed' | 'ignored'> {
    if (!this.begin(callSid)) return 'ignored';
    try {
      const result = await this.deps.api.claim(callSid);
      if (result && result.winner && result.winner !== this.deps.me) {
        // the server names another winner: this device must not take the call
        this.announceLost(callSid, result.winner);
        return 'lost';
      }
      this.acceptLeg(callSid);
      return 'won';
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const winner = typeof error.body.winner === 'string' ? error.body.winner : null;
        if (winner === this.deps.me) {
          // my own earlier claim (another tab, a retried request): the call is mine
          this.acceptLeg(callSid);
          return 'won';
        }
        this.announceLost(callSid, winner, winner ? null : error.message);
        return 'lost';
      }
      this.deps.toast(`Could not answer the call: ${errorMessage(error)}`, 'error');
      return 'failed';
    } finally {
      this.end(callSid);
    }
  }

  /** Accepts now if the leg rings, else as soon as it does (queue mode, unpark to me). */
  acceptLeg(callSid: string): void {
    this.takenHere.add(callSid);
    this.deps.changed();
    const phone = this.deps.phone();
    if (phone && phone.accept(callSid)) return;
    this.acceptOnRing.set(callSid, this.now() + ACCEPT_WINDOW_MS);
  }

  async decline(callSid: string): Promise<void> {
    if (!this.begin(callSid)) return;
    this.deps.phone()?.reject(callSid);
    this.deps.dismiss(callSid);
    try {
      const call = await this.deps.api.decline(callSid);
      this.deps.dispatch({ type: 'delta', delta: { kind: 'call', op: 'upsert', key: call.callSid, version: call.version, data: call } });
    } catch (error) {
      // the call already left "ringing" (answered elsewhere, caller gone): nothing left to decline
      if (!(error instanceof ApiError && (error.status === 409 || error.status === 404))) {
        this.deps.toast(`Could not record the decline: ${errorMessage(error)}`, 'error');
      }
    } finally {
      this.end(callSid);
    }
  }

  /**
   * The phone rings. Returns true when this device answered it by itself: because I already won its claim,
   * or because I handed a parked call to myself.
   */
  onIncoming(leg: PhoneLeg): boolean {
    if (this.rejectOnRing.delete(leg.callSid)) {
      this.deps.phone()?.reject(leg.callSid);
      return true;
    }
    const deadline = this.acceptOnRing.get(leg.callSid);
    this.acceptOnRing.delete(leg.callSid);
    const state = this.deps.getState();
    const unparkToMe = Object.values(state.pending).some(
      (op) => op.type === 'unpark' && op.callSid === leg.callSid && op.agentId === this.deps.me,
    );
    if (!((deadline !== undefined && deadline >= this.now()) || unparkToMe)) return false;
    // the board has since given the call to another agent: whatever I asked for, it is not mine
    const call = state.call[leg.callSid]?.data;
    if (call && call.status === 'active' && call.assignedTo && call.assignedTo !== this.deps.me) return false;
    return this.deps.phone()?.accept(leg.callSid) ?? false;
  }

  /**
   * Answer on a hand-over (a leg ringing on my phone outside a ringing call): accepted only while the
   * board says the server gave the call to me; false (nothing accepted) otherwise.
   */
  answerHandOver(callSid: string): boolean {
    if (!isHandedToMe(this.deps.getState(), callSid, this.deps.me)) {
      this.deps.phone()?.reject(callSid);
      this.deps.dismiss(callSid);
      this.deps.toast('That call is no longer offered to you.', 'info');
      return false;
    }
    // the prompt comes with the board change; the leg may ring a moment later and is accepted then
    this.rejectOnRing.delete(callSid);
    this.acceptLeg(callSid);
    return true;
  }

  /** Decline on a hand-over: rejects the leg now, or as soon as it rings. */
  declineHandOver(callSid: string): void {
    if (!this.deps.phone()?.reject(callSid)) this.rejectOnRing.add(callSid);
    this.deps.dismiss(callSid);
  }

  /** Says once per call that someone else took it, naming them when known. */
  announceLost(callSid: string, winnerId: string | null, fallback: string | null = null): void {
    // a lost claim cancels any accept still waiting for the leg to ring
    this.acceptOnRing.delete(callSid);
    this.takenHere.delete(callSid);
    this.deps.dismiss(callSid);
    if (this.lostAnnounced.has(callSid)) return;
    this.lostAnnounced.add(callSid);
    const text = winnerId
      ? `${LOST_MESSAGE}: ${agentName(this.deps.getState(), winnerId)} took the call.`
      : fallback && fallback !== LOST_MESSAGE
        ? `${LOST_MESSAGE}. ${fallback}`
        : `${LOST_MESSAGE}.`;
    this.deps.toast(text, 'info');
  }

  onNotice(notice: AgentNotice): void {
    if (!notice.callSid) {
      if (notice.message) this.deps.toast(notice.message, 'info');
      return;
    }
    switch (notice.type) {
      case 'ring-cancelled':
        this.acceptOnRing.delete(notice.callSid);
        this.deps.dismiss(notice.callSid);
        // a busy agent is listed among the rung a moment after its own answer, but was never offered the
        // call: only a call that rang me (or that I tried to answer) is announced
        if (notice.otherAgentId && notice.otherAgentId !== this.deps.me && (this.rangMe.has(notice.callSid) || this.inFlight.has(notice.callSid))) {
          this.announceLost(notice.callSid, notice.otherAgentId);
        }
        break;
      case 'claim-expired':
        this.acceptOnRing.delete(notice.callSid);
        this.takenHere.delete(notice.callSid);
        this.deps.toast(notice.message || 'Your answer did not connect in time; the call is offered again.', 'error');
        break;
      case 'hand-over-missed':
        this.acceptOnRing.delete(notice.callSid);
        this.takenHere.delete(notice.callSid);
        this.deps.toast(notice.message || 'The call was not answered and is back in the parking lot.', 'info');
        break;
      case 'ring':
        break;
      case 'missed-rings':
        // Switchboard put me away: the board's card says why; this says what to do about it.
        this.deps.toast(notice.message || 'You missed several calls in a row and are now away.', 'error');
        break;
      case 'parked':
        // A park that outlasted its request (which failed) went through after all.
        this.deps.toast(notice.message || 'Your call was parked after all.', 'info');
        break;
    }
  }
}
