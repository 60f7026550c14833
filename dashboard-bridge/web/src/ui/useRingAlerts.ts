import { useEffect, useMemo, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { CallView } from '../api/types';
import type { PhoneLeg } from '../phone/Phone';
import { askNotificationPermissionOnce, notifyIncoming } from '../phone/notifications';
import { Ringtone, unlockAudioOnFirstGesture } from '../phone/ringtone';
import type { BoardState } from '../state/board';
import type { CallActions } from '../state/callActions';
import { dismissalsToKeep, type DismissedAs } from '../state/dismissals';
import { ringChanges } from '../state/ringWatch';
import { callsRingingMe, handOverCallsForMe } from '../state/selectors';

export interface RingAlertsInput {
  board: BoardState;
  boardRef: RefObject<BoardState>;
  me: string;
  /** Rings I dismissed (declined, lost, cancelled): not shown or rung for me again while they last. */
  dismissed: ReadonlySet<string>;
  setDismissed: Dispatch<SetStateAction<ReadonlySet<string>>>;
  /** The legs ringing my phone that wait for Answer. */
  legs: Record<string, PhoneLeg>;
  actions: CallActions;
}

/**
 * What rings me, and how I am told: the board's calls that ring me plus the calls the server handed to me,
 * a desktop notification for each new one, "answered by another agent" when one is taken elsewhere, and
 * the ringtone while any is waiting. Returns the hand-overs waiting for me.
 */
export function useRingAlerts({ board, boardRef, me, dismissed, setDismissed, legs, actions }: RingAlertsInput): CallView[] {
  // One-time browser permissions: audio may play only after a gesture; notifications are asked on the first click.
  useEffect(() => {
    const removeUnlock = unlockAudioOnFirstGesture();
    const askOnce = () => {
      askNotificationPermissionOnce();
      window.removeEventListener('pointerdown', askOnce, true);
    };
    window.addEventListener('pointerdown', askOnce, true);
    return () => {
      removeUnlock();
      window.removeEventListener('pointerdown', askOnce, true);
    };
  }, []);

  // A dismissed ring is forgotten once it is over or offered again (see dismissalsToKeep).
  const dismissedAs = useRef<DismissedAs>(new Map());
  useEffect(() => {
    if (dismissed.size === 0 && dismissedAs.current.size === 0) return;
    const keep = dismissalsToKeep(board, me, dismissed, new Set(Object.keys(legs)), dismissedAs.current);
    if (keep.size !== dismissed.size) setDismissed(keep);
  }, [board, dismissed, legs, me, setDismissed]);

  // --- what rings me: the board's calls plus legs my phone rings for calls the server handed to me ---
  const ringingMe = useMemo(() => callsRingingMe(board, me, dismissed), [board, me, dismissed]);
  // (not memoized: what this device took changes outside the board)
  const transfers = handOverCallsForMe(board, me, dismissed).filter((c) => !actions.isBusy(c.callSid) && !actions.tookHere(c.callSid));

  const previousRinging = useRef<CallView[]>([]);
  useEffect(() => {
    const change = ringChanges(previousRinging.current, ringingMe, boardRef.current, me);
    previousRinging.current = ringingMe;
    for (const call of change.started) {
      actions.noteRinging(call.callSid);
      notifyIncoming(call.callSid, call.from);
    }
    for (const { call, winner } of change.answeredElsewhere) actions.announceLost(call.callSid, winner);
  }, [ringingMe, me, actions, boardRef]);

  const previousTransfers = useRef<Set<string>>(new Set());
  const transferKey = transfers.map((c) => c.callSid).join(',');
  useEffect(() => {
    for (const call of transfers) if (!previousTransfers.current.has(call.callSid)) notifyIncoming(call.callSid, call.from);
    previousTransfers.current = new Set(transfers.map((c) => c.callSid));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [transferKey]);

  const ringtone = useRef<Ringtone | null>(null);
  const shouldRing = ringingMe.some((c) => !actions.isBusy(c.callSid)) || transfers.length > 0;
  useEffect(() => {
    ringtone.current ??= new Ringtone();
    if (shouldRing) ringtone.current.start();
    else ringtone.current.stop();
  }, [shouldRing]);
  useEffect(() => () => ringtone.current?.stop(), []);

  return transfers;
}
