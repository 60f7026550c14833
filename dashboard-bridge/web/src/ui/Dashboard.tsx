import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ApiError, errorMessage, type Api } from '../api/http';
import type { AppConfig, CallView } from '../api/types';
import { browserBus } from '../live/eventbus';
import { LiveBoard, type ConnectionState } from '../live/liveBoard';
import type { Phone, PhoneLeg, PhoneState } from '../phone/Phone';
import { askNotificationPermissionOnce, notifyIncoming } from '../phone/notifications';
import { Ringtone, unlockAudioOnFirstGesture } from '../phone/ringtone';
import { boardReducer, entities, initialBoard, type BoardState } from '../state/board';
import { CallActions } from '../state/callActions';
import { parkCall, unparkCall, type MoveDeps } from '../state/moves';
import { dismissalsToKeep, type DismissedAs } from '../state/dismissals';
import { ringChanges } from '../state/ringWatch';
import {
  agentCards,
  agentName,
  callsRingingMe,
  counters,
  handOverCallsForMe,
  isRungFor,
  myActiveCall,
  parkedCards,
  ringingCalls,
  secondsSince,
  secondsUntil,
  voicemailList,
} from '../state/selectors';
import { AgentsPanel } from './Agents';
import { DemoBar } from './DemoBar';
import { collision, jumpBetweenTargets, type DragData, type DropData } from './dnd';
import { CounterStrip, Header } from './Header';
import { useNow, useToasts } from './hooks';
import { IncomingPanel, type IncomingItem } from './Incoming';
import { ParkingLot } from './ParkingLot';
import type { Session } from './session';
import { Toasts } from './Toasts';
import { VoicemailsPanel } from './Voicemails';
import { endStuckCall } from '../state/endCall';

interface Props {
  api: Api;
  session: Session;
  onLogout(): void;
}

export function Dashboard({ api, session, onLogout }: Props) {
  const me = session.user.id;
  const [board, dispatch] = useReducer(boardReducer, undefined, initialBoard);
  const boardRef = useRef<BoardState>(board);
  boardRef.current = board;
  const getState = useCallback(() => boardRef.current, []);

  const [config, setConfig] = useState<AppConfig | null>(null);
  const [connection, setConnection] = useState<ConnectionState>({ status: 'connecting', attempt: 0, retryAt: null });
  const [phoneStatus, setPhoneStatus] = useState<{ state: PhoneState; message?: string; kind: string | null }>({ state: 'starting', kind: null });
  const [legs, setLegs] = useState<Record<string, PhoneLeg>>({});
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [statusBusy, setStatusBusy] = useState(false);
  const [dragging, setDragging] = useState<DragData | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const { toasts, toast, dismiss: dismissToast } = useToasts();
  const now = useNow(1000);
  const phoneRef = useRef<Phone | null>(null);

  const dismiss = useCallback((callSid: string) => {
    setDismissed((set) => (set.has(callSid) ? set : new Set(set).add(callSid)));
  }, []);

  const actions = useMemo(
    () =>
      new CallActions({
        api,
        phone: () => phoneRef.current,
        dispatch,
        getState,
        me,
        toast,
        dismiss,
        changed: rerender,
      }),
    [api, getState, me, toast, dismiss],
  );

  const moveDeps: MoveDeps = useMemo(() => ({ api, dispatch, getState, me, toast }), [api, getState, me, toast]);

  // --- configuration, live board, phone ---------------------------------------------------------------
  useEffect(() => {
    let cancelled = false;
    api.config().then(
      (c) => !cancelled && setConfig(c),
      (e) => !cancelled && toast(`Could not load the settings: ${errorMessage(e)}`, 'error'),
    );
    return () => {
      cancelled = true;
    };
  }, [api, toast]);

  useEffect(() => {
    const live = new LiveBoard({
      bus: browserBus(),
      orgId: session.user.orgId,
      agentId: me,
      token: () => session.token,
      loadBoard: () => api.board(),
      dispatch,
      seq: () => boardRef.current.seq,
      onNotice: (n) => actions.onNotice(n),
      onState: setConnection,
      checkSession: () => api.me().then(() => true, (e) => !(e instanceof ApiError && e.status === 401)),
    });
    live.start();
    const online = () => live.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      live.stop();
    };
  }, [api, session, me, actions]);

  useEffect(() => {
    if (!config) return;
    let phone: Phone | null = null;
    let stopped = false;
    const fetchToken = () => api.twilioToken().then((t) => t.token);
    const setup = async () => {
      if (config.phone === 'sim') {
        if (!config.simPhoneUrl) throw new Error('the server reports no simulator phone URL');
        const { SimPhone } = await import('../phone/SimPhone');
        return new SimPhone(config.simPhoneUrl, me, fetchToken);
      }
      const { TwilioPhone } = await import('../phone/TwilioPhone');
      return new TwilioPhone(fetchToken);
    };
    setup()
      .then((p) => {
        if (stopped) return;
        phone = p;
        phoneRef.current = p;
        setPhoneStatus({ state: 'starting', kind: p.kind });
        p.subscribe((event) => {
          switch (event.type) {
            case 'state':
              setPhoneStatus({ state: event.state, message: event.message, kind: p.kind });
              break;
            case 'incoming':
              if (!actions.onIncoming(event.leg)) setLegs((l) => ({ ...l, [event.leg.callSid]: event.leg }));
              break;
            case 'cancelled':
            case 'disconnected':
            case 'connected':
              if (event.type !== 'connected') actions.onLegGone(event.callSid);
              setLegs((l) => {
                if (!(event.callSid in l)) return l;
                const next = { ...l };
                delete next[event.callSid];
                return next;
              });
              break;
            case 'error':
              setPhoneStatus((s) => ({ ...s, message: event.message }));
              break;
          }
        });
        return p.start();
      })
      .catch((e) => {
        if (stopped) return;
        setPhoneStatus({ state: 'error', message: errorMessage(e), kind: config.phone });
        toast(`The phone could not start: ${errorMessage(e)}`, 'error');
      });
    return () => {
      stopped = true;
      phone?.stop();
      if (phoneRef.current === phone) phoneRef.current = null;
      setLegs({});
    };
  }, [config, api, me, actions, toast]);

  // --- housekeeping timers and one-time browser permissions --------------------------------------------
  useEffect(() => {
    const t = setInterval(() => dispatch({ type: 'prune', now: Date.now() }), 2000);
    const removeUnlock = unlockAudioOnFirstGesture();
    const askOnce = () => {
      askNotificationPermissionOnce();
      window.removeEventListener('pointerdown', askOnce, true);
    };
    window.addEventListener('pointerdown', askOnce, true);
    return () => {
      clearInterval(t);
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
  }, [board, dismissed, legs, me]);

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
  }, [ringingMe, me, actions]);

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

  // --- commands ---------------------------------------------------------------------------------------
  const park = useCallback((callSid: string) => void parkCall(moveDeps, callSid), [moveDeps]);
  const unpark = useCallback(
    (parkedId: string, agentId: string) => {
      const callSid = boardRef.current.parked[parkedId]?.data?.callSid;
      // a call I hand to myself is answered on my phone as soon as it rings there
      void unparkCall(moveDeps, parkedId, agentId).then((ok) => ok && callSid && agentId === me && actions.acceptLeg(callSid));
    },
    [moveDeps, me, actions],
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
    [api, toast],
  );

  // Admins end calls stuck on the board (Switchboard never heard they ended); agents get no button.
  const endCallForAdmin = useCallback((callSid: string) => void endStuckCall({ api, toast }, callSid), [api, toast]);
  const endCall = session.user.role === 'admin' ? endCallForAdmin : undefined;

  const answerTransfer = useCallback((callSid: string) => void actions.answerHandOver(callSid), [actions]);
  const declineTransfer = useCallback((callSid: string) => actions.declineHandOver(callSid), [actions]);

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
  }, [api, myStatus, statusBusy, toast]);

  const setHandled = useCallback(
    async (voicemailId: string, handled: boolean) => {
      try {
        const vm = await api.setVoicemailHandled(voicemailId, handled);
        dispatch({ type: 'delta', delta: { kind: 'voicemail', op: 'upsert', key: vm.voicemailId, version: vm.version, data: vm } });
      } catch (e) {
        toast(`Could not update the voicemail: ${errorMessage(e)}`, 'error');
      }
    },
    [api, toast],
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
  }, [me, park]);

  // --- drag and drop ----------------------------------------------------------------------------------
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenTargets }),
  );

  const onDragStart = useCallback((e: DragStartEvent) => setDragging((e.active.data.current as DragData) ?? null), []);
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      setDragging(null);
      const drag = e.active.data.current as DragData | undefined;
      const drop = e.over?.data.current as DropData | undefined;
      if (!drag || !drop) return;
      if (drag.type === 'call' && drop.type === 'lot') park(drag.callSid);
      else if (drag.type === 'parked' && drop.type === 'agent') unpark(drag.parkedId, drop.agentId);
    },
    [park, unpark],
  );

  const announcements: Announcements = useMemo(() => {
    const what = (d: unknown) => `the call from ${(d as DragData | undefined)?.from || 'unknown caller'}`;
    const where = (d: unknown) => {
      const drop = d as DropData | undefined;
      return drop?.type === 'lot' ? 'the parking lot' : drop?.type === 'agent' ? drop.name : 'nothing';
    };
    return {
      onDragStart: ({ active }) => `Picked up ${what(active.data.current)}.`,
      onDragOver: ({ active, over }) => `${what(active.data.current)} is over ${where(over?.data.current)}.`,
      onDragEnd: ({ active, over }) => (over ? `Dropped ${what(active.data.current)} on ${where(over.data.current)}.` : `Put ${what(active.data.current)} back.`),
      onDragCancel: ({ active }) => `Put ${what(active.data.current)} back.`,
    };
  }, []);

  // --- views ------------------------------------------------------------------------------------------
  const since = useCallback((iso: string | null) => secondsSince(board, iso, now), [board, now]);
  const until = useCallback((iso: string | null) => secondsUntil(board, iso, now), [board, now]);
  const ringing = ringingCalls(board);
  const myStatusForRing = board.agent[me]?.data?.status;
  const onACall = myActiveCall(board, me) !== null;
  const incoming: IncomingItem[] = ringing.map((call) => ({
    call,
    ringSeconds: since(call.createdAt),
    rungNames: call.rungAgents.filter((id) => !call.declinedBy.includes(id)).map((id) => agentName(board, id)),
    forMe: !dismissed.has(call.callSid) && !onACall && isRungFor(call, me, myStatusForRing),
    busy: actions.isBusy(call.callSid),
  }));
  const boardCalls = useMemo(() => entities(board, 'call'), [board]);
  const ringingAgents = new Set(ringing.flatMap((c) => c.rungAgents.filter((id) => !c.declinedBy.includes(id))));

  return (
    <div className="app" data-testid="board" data-sync={board.phase}>
      <Header
        userName={session.user.name}
        role={session.user.role}
        myStatus={myStatus}
        statusBusy={statusBusy}
        onToggleStatus={toggleStatus}
        connection={connection}
        phone={phoneStatus}
        now={now}
        onCall={onACall}
        onLogout={onLogout}
      />
      <CounterStrip counters={counters(board, now)} />
      <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)} accessibility={{ announcements }}>
        <main className={`board${connection.status === 'live' ? '' : ' stale'}`}>
          <div className="col col-left">
            <IncomingPanel
              items={incoming}
              transfers={transfers}
              onAnswer={(sid) => void actions.answer(sid)}
              onDecline={(sid) => void actions.decline(sid)}
              onAnswerTransfer={answerTransfer}
              onDeclineTransfer={declineTransfer}
            />
            <VoicemailsPanel api={api} voicemails={voicemailList(board)} onHandled={setHandled} toast={toast} />
          </div>
          <div className="col col-agents">
            <AgentsPanel cards={agentCards(board, me)} ringingAgents={ringingAgents} secondsSince={since} onPark={park} onHangup={hangup} onEndCall={endCall} />
          </div>
          <div className="col col-lot">
            <ParkingLot cards={parkedCards(board)} secondsSince={since} secondsUntil={until} onTake={(id) => unpark(id, me)} />
          </div>
        </main>
        <DragOverlay dropAnimation={null}>
          {dragging ? <div className="drag-ghost">{dragging.from || 'Unknown caller'}</div> : null}
        </DragOverlay>
      </DndContext>
      <div className="dock">
        {config?.phone === 'sim' && config.simControlUrl && <DemoBar controlUrl={config.simControlUrl} numbers={config.numbers} calls={boardCalls} now={now} toast={toast} />}
        <Toasts toasts={toasts} dismiss={dismissToast} />
      </div>
    </div>
  );
}

