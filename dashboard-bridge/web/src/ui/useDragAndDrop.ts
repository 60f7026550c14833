import {
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { useCallback, useMemo, useState } from 'react';
import { jumpBetweenTargets, type DragData, type DropData } from './dnd';

/**
 * Drag and drop on the board: my call onto the parking lot parks it, a parked call onto an agent hands it
 * over; by pointer or keyboard, with what happens read out for screen readers. `dragging` is what is held.
 */
export function useDragAndDrop(park: (callSid: string) => void, unpark: (parkedId: string, agentId: string) => void) {
  const [dragging, setDragging] = useState<DragData | null>(null);
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
  const onDragCancel = () => setDragging(null);

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

  return { dragging, sensors, onDragStart, onDragEnd, onDragCancel, announcements };
}
