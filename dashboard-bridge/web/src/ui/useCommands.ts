import { useCallback, useEffect, useMemo, useState, type RefObject } from 'react';
import { errorMessage, type Api } from '../api/http';
import type { Phone } from '../phone/Phone';
import type { CallActions } from '../state/callActions';
import { endStuckCall } from '../state/endCall';
import { parkCall, unparkCall, type MoveDeps } from '../state/moves';
import { myActiveCall } from '../state/selectors';
import type { ShowToast } from './hooks';
import type { Board } from './useLiveBoard';
import type { Session } from './session';

export interface Commands {
  park(callSid: string): void;
  unpark(parkedId: string, agentId: string): void;
  hangup(callSid: string): void;
  /** Admins only: ends a call stuck on the board. */
  endCall?: (callSid: string) => void;
  answerTransfer(callSid: string): void;
  declineTransfer(callSid: string): void;
  setHandled(voicemailId: string, handled: boolean): Promise<void>;
}

/** What I can do to calls, parked calls and voicemails from the board; key P parks my active call. */
export function useCommands(
  api: Api,
  session: Session,
  { dispatch, boardRef, getState }: Board,
  actions: CallActions,
  phoneRef: RefObject<Phone | null>,
  toast: ShowToast,
): Commands {
  const me = session.user.id;
  const moveDeps: MoveDeps = useMemo(() => ({ api, dispatch, getState, me, toast }), [api, dispatch, getState, me, toast]);

  const park = useCallback((callSid: string) => void parkCall(moveDeps, callSid), [moveDeps]);
  const unpark = useCallback(
    (parkedId: string, agentId: string) => {
      const callSid = boardRef.current.parked[parkedId]?.data?.callSid;
      // a call I hand to myself is answered on my phone as soon as it rings there
      void unparkCall(moveDeps, parkedId, agentId).then((ok) => ok && callSid && agentId === me && actions.acceptLeg(callSid));
    },
    [moveDeps, me, actions, boardRef],
  );

  const hangup = useCallback(
    (callSid: string) => {
      if (phoneRef.current?.hangup(callSid)) return;
      // not on this device's phone (signed out and back in, another device): the server hangs it up
      api.hangup(callSid).then(
        (call) => dispatch({ type: 'delta', delta: { kind: 'call', op: call.status === 'ended' ? 'remove' : 'upsert', key: call.callSid, version: call.version, data: call } }),
        (e) => toast(`Could not hang up: ${errorMessage(e)}`, 'error'),
      );
    },
    [api, toast, dispatch, phoneRef],
  );

  // Admins end calls stuck on the board (Switchboard never heard they ended); agents get no button.
  const endCallForAdmin = useCallback((callSid: string) => void endStuckCall({ api, toast }, callSid), [api, toast]);
  const endCall = session.user.role === 'admin' || session.user.role === 'supervisor' ? endCallForAdmin : undefined;

  const answerTransfer = useCallback((callSid: string) => void actions.answerHandOver(callSid), [actions]);
  const declineTransfer = useCallback((callSid: string) => actions.declineHandOver(callSid), [actions]);

  const setHandled = useCallback(
    async (voicemailId: string, handled: boolean) => {
      try {
        const vm = await api.setVoicemailHandled(voicemailId, handled);
        dispatch({ type: 'delta', delta: { kind: 'voicemail', op: 'upsert', key: vm.voicemailId, version: vm.version, data: vm } });
      } catch (e) {
        toast(`Could not update the voicemail: ${errorMessage(e)}`, 'error');
      }
    },
    [api, toast, dispatch],
  );

  // Key P parks my active call (not while typing, not with modifiers).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'p' && e.key !== 'P') return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const call = myActiveCall(boardRef.current, me);
      if (!call) return;
      e.preventDefault();
      park(call.callSid);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [me, park, boardRef]);

  return { park, unpark, hangup, endCall, answerTransfer, declineTransfer, setHandled };
}

/** My status (available or away) and the switch that toggles it; one request at a time. */
export function useMyStatus(api: Api, { board, dispatch }: Board, me: string, toast: ShowToast) {
  const [statusBusy, setStatusBusy] = useState(false);
  const myStatus = board.agent[me]?.data?.status ?? null;
  const toggleStatus = useCallback(async () => {
    if (statusBusy) return;
    const next = myStatus === 'available' ? 'away' : 'available';
    setStatusBusy(true);
    try {
      const view = await api.setMyStatus(next);
      dispatch({ type: 'delta', delta: { kind: 'agent', op: 'upsert', key: view.agentId, version: view.version, data: view } });
    } catch (e) {
      toast(`Could not change your status: ${errorMessage(e)}`, 'error');
    } finally {
      setStatusBusy(false);
    }
  }, [api, myStatus, statusBusy, toast, dispatch]);
  return { myStatus, statusBusy, toggleStatus };
}
