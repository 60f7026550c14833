import { DndContext, DragOverlay } from '@dnd-kit/core';
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import type { Api } from '../api/http';
import type { Phone } from '../phone/Phone';
import { entities } from '../state/board';
import { CallActions } from '../state/callActions';
import {
  agentCards,
  agentName,
  counters,
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
import { collision } from './dnd';
import { CounterStrip, Header } from './Header';
import { useNow, useToasts } from './hooks';
import { HistoryView } from './History';
import { IncomingPanel, type IncomingItem } from './Incoming';
import { ParkingLot } from './ParkingLot';
import type { Session } from './session';
import { Toasts } from './Toasts';
import { useAppConfig } from './useAppConfig';
import { useCommands, useMyStatus } from './useCommands';
import { useDragAndDrop } from './useDragAndDrop';
import { useBoard, useLiveBoard } from './useLiveBoard';
import { usePhone } from './usePhone';
import { useRingAlerts } from './useRingAlerts';
import { VoicemailsPanel } from './Voicemails';

interface Props {
  api: Api;
  session: Session;
  onLogout(): void;
}

/** The signed-in agent's (or admin's) board: calls ringing, agents, the parking lot, voicemails. */
export function Dashboard({ api, session, onLogout }: Props) {
  const me = session.user.id;
  const { toasts, toast, dismiss: dismissToast } = useToasts();
  const now = useNow(1000);
  const boardStore = useBoard();
  const { board, dispatch, getState } = boardStore;
  const [showHistory, setShowHistory] = useState(false);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [, rerender] = useReducer((n: number) => n + 1, 0);
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
    [api, getState, me, toast, dismiss, dispatch],
  );

  const config = useAppConfig(api, toast);
  const connection = useLiveBoard(api, session, boardStore, actions);
  const { phoneStatus, legs } = usePhone(api, config, me, actions, toast, phoneRef);
  const transfers = useRingAlerts({ board, boardRef: boardStore.boardRef, me, dismissed, setDismissed, legs, actions });
  const { park, unpark, hangup, endCall, answerTransfer, declineTransfer, setHandled } =
    useCommands(api, session, boardStore, actions, phoneRef, toast);
  const { myStatus, statusBusy, toggleStatus } = useMyStatus(api, boardStore, me, toast);
  const { dragging, sensors, onDragStart, onDragEnd, onDragCancel, announcements } = useDragAndDrop(park, unpark);

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
    lastAgentName: call.callerHistory?.lastAgent ? agentName(board, call.callerHistory.lastAgent) : null,
  }));
  const historyAgents = entities(board, 'agent').map((a) => ({ id: a.agentId, name: a.name || a.agentId }));
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
      <nav className="views">
        <button className="btn" data-testid="open-history" onClick={() => setShowHistory(true)}>
          Call history
        </button>
      </nav>
      {showHistory && <HistoryView api={api} agents={historyAgents} onClose={() => setShowHistory(false)} />}
      <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={onDragCancel} accessibility={{ announcements }}>
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

