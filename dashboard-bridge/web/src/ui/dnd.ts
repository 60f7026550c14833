import { pointerWithin, rectIntersection, type CollisionDetection, type KeyboardCoordinateGetter } from '@dnd-kit/core';

export type DragData = { type: 'call'; callSid: string; from: string | null } | { type: 'parked'; parkedId: string; from: string | null };
export type DropData = { type: 'lot' } | { type: 'agent'; agentId: string; name: string };

export const LOT_ID = 'parking-lot';
export const agentDropId = (agentId: string) => `agent:${agentId}`;

/** Drop where the pointer is; keyboard drags (no pointer) fall back to the overlapped target. */
export const collision: CollisionDetection = (args) => {
  const hits = args.pointerCoordinates ? pointerWithin(args) : [];
  return hits.length ? hits : rectIntersection(args);
};

const DIRECTIONS: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowDown: [0, 1],
  ArrowUp: [0, -1],
};

/**
 * Keyboard dragging that jumps from drop target to drop target (nearest one in the arrow's direction)
 * instead of moving a few pixels per key press: Space picks up, arrows choose, Space drops, Escape cancels.
 */
export const jumpBetweenTargets: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const dir = DIRECTIONS[event.code] ?? DIRECTIONS[event.key];
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!dir || !collisionRect) return undefined;
  event.preventDefault();
  const cx = collisionRect.left + collisionRect.width / 2;
  const cy = collisionRect.top + collisionRect.height / 2;
  let best: { dx: number; dy: number } | null = null;
  let bestScore = Infinity;
  for (const container of droppableContainers.getEnabled()) {
    const rect = droppableRects.get(container.id);
    if (!rect) continue;
    const dx = rect.left + rect.width / 2 - cx;
    const dy = rect.top + rect.height / 2 - cy;
    const along = dx * dir[0] + dy * dir[1];
    // a target whose centre the dragged card already covers (e.g. its own agent card) is not "next"
    if (along <= Math.max(4, (dir[0] ? collisionRect.width : collisionRect.height) / 2)) continue;
    const across = Math.abs(dx * dir[1]) + Math.abs(dy * dir[0]);
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = { dx, dy };
    }
  }
  if (!best) return currentCoordinates;
  return { x: currentCoordinates.x + best.dx, y: currentCoordinates.y + best.dy };
};
