import { errorMessage } from '../api/http';
import type { CallView } from '../api/types';

/** What ending a stuck call needs: the API and a way to tell the admin what happened. */
export interface EndCallDeps {
  api: { hangup(callSid: string): Promise<CallView> };
  toast(message: string, kind: 'info' | 'error'): void;
}

/**
 * An admin ends a call that is stuck on the board (Switchboard never heard that it ended). The board
 * updates from the server's delta; this only says whether it worked. Resolves true when the call is over.
 */
export async function endStuckCall(deps: EndCallDeps, callSid: string, from?: string | null): Promise<boolean> {
  const who = from || 'unknown caller';
  try {
    await deps.api.hangup(callSid);
    deps.toast(`The call from ${who} was ended.`, 'info');
    return true;
  } catch (error) {
    deps.toast(`Could not end the call from ${who}: ${errorMessage(error)}`, 'error');
    return false;
  }
}
