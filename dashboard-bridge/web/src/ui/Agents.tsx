import { useDraggable, useDroppable } from '@dnd-kit/core';
import { formatDuration, type AgentCardView } from '../state/selectors';
import { agentDropId, type DragData, type DropData } from './dnd';
import { STATUS_LABEL } from './Header';
import { EndCallButton } from './EndCallButton';

interface Props {
  cards: AgentCardView[];
  ringingAgents: ReadonlySet<string>;
  secondsSince(iso: string | null): number;
  onPark(callSid: string): void;
  onHangup(callSid: string): void;
  /** Set for admins: end any agent's call that is stuck on the board. */
  onEndCall?: (callSid: string) => void;
}

export function AgentsPanel({ cards, ringingAgents, secondsSince, onPark, onHangup, onEndCall }: Props) {
  return (
    <section className="panel agents" aria-labelledby="agents-title">
      <h2 id="agents-title">
        Agents <span className="count">{cards.filter((c) => c.agent.status === 'available').length} available</span>
      </h2>
      <div className="panel-body agent-grid">
        {cards.length === 0 && <p className="empty">No agents yet.</p>}
        {cards.map((card) => (
          <AgentCard key={card.agent.agentId} card={card} ringing={ringingAgents.has(card.agent.agentId)} secondsSince={secondsSince} onPark={onPark} onHangup={onHangup} onEndCall={onEndCall} />
        ))}
      </div>
    </section>
  );
}

function AgentCard({ card, ringing, secondsSince, onPark, onHangup, onEndCall }: { card: AgentCardView; ringing: boolean } & Omit<Props, 'cards' | 'ringingAgents'>) {
  const { agent, isMe, activeCall, incomingFromLot } = card;
  const name = agent.name || agent.agentId;
  const { setNodeRef, isOver, active } = useDroppable({ id: agentDropId(agent.agentId), data: { type: 'agent', agentId: agent.agentId, name } satisfies DropData });
  const accepting = isOver && (active?.data.current as DragData | undefined)?.type === 'parked';
  return (
    <article
      ref={setNodeRef}
      className={`agent-card status-${agent.status}${isMe ? ' is-me' : ''}${accepting ? ' drop-over' : ''}`}
      data-testid={`agent-card-${agent.agentId}`}
      aria-label={`${name}, ${STATUS_LABEL[agent.status]}${agent.status === 'away' && agent.awayReason ? ` (${agent.awayReason})` : ''}`}
    >
      <div className="agent-head">
        <span className="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span className="agent-name" title={name}>
          {name}
          {isMe && <span className="you">you</span>}
        </span>
        {ringing && !activeCall && <span className="ring-badge" title="Being rung">ringing</span>}
        <span className={`status-pill s-${agent.status}`} data-testid={`agent-status-${agent.agentId}`} data-status={agent.status}>
          {STATUS_LABEL[agent.status]}
        </span>
      </div>
      {activeCall?.ringing ? (
        <div className="call-chip pending" data-testid={`active-call-${agent.agentId}`} data-call-sid={activeCall.callSid} data-ringing="true">
          <span className="caller">{activeCall.from || 'Unknown caller'}</span>
          <span className="sub">ringing {isMe ? 'you' : name}…</span>
        </div>
      ) : activeCall ? (
        <ActiveCall agentId={agent.agentId} isMe={isMe} call={activeCall} seconds={secondsSince(activeCall.since)} onPark={onPark} onHangup={onHangup} onEndCall={onEndCall} />
      ) : incomingFromLot ? (
        <div className="call-chip pending" data-testid={`active-call-${agent.agentId}`} data-pending="true">
          <span className="caller">{incomingFromLot.from || 'Unknown caller'}</span>
          <span className="sub">connecting…</span>
        </div>
      ) : (
        <div className="agent-idle" data-testid={`agent-idle-${agent.agentId}`}>
          {agent.status === 'available' ? 'Ready for calls' : agent.status === 'away' ? (agent.awayReason ? `Away: ${agent.awayReason}` : 'Not taking calls') : ' '}
        </div>
      )}
    </article>
  );
}

function ActiveCall({ agentId, isMe, call, seconds, onPark, onHangup, onEndCall }: {
  agentId: string;
  isMe: boolean;
  call: NonNullable<AgentCardView['activeCall']>;
  seconds: number;
  onPark(callSid: string): void;
  onHangup(callSid: string): void;
  onEndCall?: (callSid: string) => void;
}) {
  const draggable = isMe && !call.parking;
  const { setNodeRef, attributes, listeners, isDragging } = useDraggable({
    id: `call:${call.callSid}`,
    disabled: !draggable,
    data: { type: 'call', callSid: call.callSid, from: call.from } satisfies DragData,
  });
  return (
    <div
      ref={setNodeRef}
      className={`call-chip${draggable ? ' draggable' : ''}${isDragging ? ' dragging' : ''}${call.parking ? ' pending' : ''}`}
      data-testid={`active-call-${agentId}`}
      data-call-sid={call.callSid}
      {...(draggable ? attributes : {})}
      {...(draggable ? listeners : {})}
      aria-label={draggable ? `Your call with ${call.from || 'unknown caller'}. Press space to pick up and move it to the parking lot, or press P.` : undefined}
    >
      <span className="caller">{call.from || 'Unknown caller'}</span>
      <span className="timer" data-testid={`call-timer-${agentId}`}>
        {call.parking ? 'parking…' : formatDuration(seconds)}
      </span>
      {isMe && !call.parking && (
        <span className="chip-actions">
          <button className="btn btn-small" data-testid={`park-${call.callSid}`} title="Park (P)" onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} onClick={() => onPark(call.callSid)}>
            Park
          </button>
          <button className="btn btn-small btn-decline" data-testid={`hangup-${call.callSid}`} onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} onClick={() => onHangup(call.callSid)}>
            Hang up
          </button>
        </span>
      )}
      {onEndCall && !call.parking && <EndCallButton callSid={call.callSid} from={call.from} onEndCall={onEndCall} />}
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : name.slice(0, 2);
  return letters.toUpperCase();
}
