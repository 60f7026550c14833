import { useDraggable, useDroppable } from '@dnd-kit/core';
import { formatDuration, type ParkedCardView } from '../state/selectors';
import { LOT_ID, type DragData, type DropData } from './dnd';

interface Props {
  cards: ParkedCardView[];
  secondsSince(iso: string | null): number;
  secondsUntil(iso: string | null): number | null;
  onTake(parkedId: string): void;
}

export function ParkingLot({ cards, secondsSince, secondsUntil, onTake }: Props) {
  const { setNodeRef, isOver, active } = useDroppable({ id: LOT_ID, data: { type: 'lot' } satisfies DropData });
  const accepting = isOver && (active?.data.current as DragData | undefined)?.type === 'call';
  return (
    <section ref={setNodeRef} className={`panel lot${accepting ? ' drop-over' : ''}`} aria-labelledby="lot-title" data-testid="parking-lot">
      <h2 id="lot-title">
        Parking lot <span className="count">{cards.length}</span>
      </h2>
      <div className="panel-body lot-list">
        {cards.length === 0 && <p className="empty">Drag your call here (or press P) to park it. Drag a parked call onto an agent to hand it over.</p>}
        {cards.map((card) => (
          <ParkedCard key={card.id} card={card} parkedFor={secondsSince(card.parkedAt)} timeoutIn={secondsUntil(card.timeoutAt)} onTake={onTake} />
        ))}
      </div>
    </section>
  );
}

function ParkedCard({ card, parkedFor, timeoutIn, onTake }: { card: ParkedCardView; parkedFor: number; timeoutIn: number | null; onTake(parkedId: string): void }) {
  const { setNodeRef, attributes, listeners, isDragging } = useDraggable({
    id: `parked:${card.id}`,
    disabled: card.pending || !card.parkedId,
    data: { type: 'parked', parkedId: card.parkedId ?? card.id, from: card.from } satisfies DragData,
  });
  const testId = card.parkedId ? `parked-${card.parkedId}` : `parked-pending-${card.callSid}`;
  const urgent = timeoutIn !== null && timeoutIn <= 60;
  return (
    <article
      ref={setNodeRef}
      className={`parked-card${card.pending ? ' pending' : ' draggable'}${isDragging ? ' dragging' : ''}${urgent ? ' urgent' : ''}`}
      data-testid={testId}
      data-call-sid={card.callSid}
      data-pending={card.pending}
      {...(card.pending ? {} : attributes)}
      {...(card.pending ? {} : listeners)}
      aria-label={`${card.spot !== null ? `Spot ${card.spot}: p` : 'P'}arked call from ${card.from || 'unknown caller'}, parked by ${card.parkedByName}. Press space to pick up, arrows to choose an agent, space to drop.`}
    >
      <div className="parked-line">
        {card.spot !== null && (
          <span className="spot" data-testid={`parked-spot-${card.id}`} title={`Dial in and key *${card.spot} to retrieve`}>
            Spot {card.spot}
          </span>
        )}
        <span className="caller">{card.from || 'Unknown caller'}</span>
        <span className="timer" data-testid={`parked-timer-${card.id}`} title="Parked for">
          {card.pending ? 'parking…' : formatDuration(parkedFor)}
        </span>
      </div>
      {card.missedByName && (
        <div className="parked-line sub missed" data-testid={`parked-missed-${card.id}`}>
          Not answered by {card.missedByName}
        </div>
      )}
      <div className="parked-line sub">
        <span>by {card.parkedByName}</span>
        {timeoutIn !== null && (
          <span className="countdown" data-testid={`parked-timeout-${card.id}`} title="Rings back when this reaches zero">
            {timeoutIn > 0 ? `rings back in ${formatDuration(timeoutIn)}` : 'ringing back…'}
          </span>
        )}
        {!card.pending && card.parkedId && (
          <button className="btn btn-small" data-testid={`take-${card.parkedId}`} onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} onClick={() => onTake(card.parkedId!)}>
            Take
          </button>
        )}
      </div>
    </article>
  );
}
