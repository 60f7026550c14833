import { describe, expect, it } from 'vitest';
import { agent, call, snapshot, upsert } from '../testing/fixtures';
import { boardReducer, initialBoard, type BoardAction, type BoardState } from './board';
import { dismissalsToKeep, type DismissedAs } from './dismissals';

function board(...calls: ReturnType<typeof call>[]): BoardState {
  return [
    { type: 'sync-start', epoch: 1 },
    { type: 'snapshot', epoch: 1, sinceSeq: 0, receivedAt: 0, snapshot: snapshot({ agents: [agent('a1', 1)], calls }) },
  ].reduce((s, a) => boardReducer(s, a as BoardAction), initialBoard());
}

const change = (s: BoardState, c: ReturnType<typeof call>) => boardReducer(s, { type: 'delta', delta: upsert('call', c) });
const none = new Set<string>();

describe('a dismissed ring', () => {
  it('stays hidden while the call rings, and is forgotten once it stops', () => {
    const seen: DismissedAs = new Map();
    let s = board(call('CA1', 1));
    expect(dismissalsToKeep(s, 'a1', new Set(['CA1']), none, seen)).toEqual(new Set(['CA1']));
    s = change(s, call('CA1', 2, { status: 'active', assignedTo: 'a2' }));
    expect(dismissalsToKeep(s, 'a1', new Set(['CA1']), none, seen)).toEqual(new Set());
  });

  it('is forgotten when the server offers the call again (my decline cleared)', () => {
    const seen: DismissedAs = new Map();
    let s = board(call('CA1', 2, { declinedBy: ['a1'] }));
    expect(dismissalsToKeep(s, 'a1', new Set(['CA1']), none, seen)).toEqual(new Set(['CA1']));
    s = change(s, call('CA1', 3, { declinedBy: [], rungAgents: ['a1', 'a2', 'a3'] }));
    expect(dismissalsToKeep(s, 'a1', new Set(['CA1']), none, seen)).toEqual(new Set());
  });

  it('of a hand-over I turned down is forgotten when the call rings everyone (a declined park ring-back)', () => {
    const seen: DismissedAs = new Map();
    let s = board(call('CA1', 5, { status: 'active', assignedTo: 'a1' }));
    expect(dismissalsToKeep(s, 'a1', new Set(['CA1']), none, seen)).toEqual(new Set(['CA1']));
    s = change(s, call('CA1', 6, { status: 'ringing', assignedTo: null, rungAgents: ['a1', 'a2'] }));
    expect(dismissalsToKeep(s, 'a1', new Set(['CA1']), none, seen)).toEqual(new Set());
  });

  it('stays while my phone still rings for it even though the board moved on', () => {
    const seen: DismissedAs = new Map();
    const s = board(call('CA1', 2, { status: 'active', assignedTo: 'a2' }));
    expect(dismissalsToKeep(s, 'a1', new Set(['CA1']), new Set(['CA1']), seen)).toEqual(new Set(['CA1']));
  });
});
