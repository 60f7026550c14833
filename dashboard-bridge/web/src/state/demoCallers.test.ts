import { describe, expect, it } from 'vitest';
import { call } from '../testing/fixtures';
import { DIALING_TTL_MS, demoCallers, reconcilePlaced, type PlacedCall } from './demoCallers';

const T0 = 1_000_000;
const placedCall = (callSid: string, over: Partial<PlacedCall> = {}): PlacedCall => ({ callSid, from: '+15550001111', placedAt: T0, seen: false, ...over });

describe('demo bar callers', () => {
  it('lists a just-placed call as dialing until the board shows it', () => {
    expect(demoCallers([], [placedCall('CA1')], T0 + 500)).toEqual([{ callSid: 'CA1', from: '+15550001111', status: 'dialing' }]);
    expect(demoCallers([call('CA1', 1)], [placedCall('CA1')], T0 + 500).map((c) => c.status)).toEqual(['ringing']);
  });

  it('drops a placed call once the board showed it and it left the board: no ghost "dialing" caller', () => {
    let placed = [placedCall('CA1')];
    placed = reconcilePlaced(placed, [call('CA1', 1)], T0 + 1000); // ringing on the board
    placed = reconcilePlaced(placed, [call('CA1', 2, { status: 'active' })], T0 + 2000);
    placed = reconcilePlaced(placed, [], T0 + 3000); // ended and removed from the board
    expect(placed).toEqual([]);
    expect(demoCallers([], placed, T0 + 3000)).toEqual([]);
  });

  it('never shows a call the board shows as ended, and forgets it', () => {
    const placed = [placedCall('CA1')];
    const ended = [call('CA1', 3, { status: 'ended' })];
    expect(demoCallers(ended, placed, T0 + 1000)).toEqual([]);
    expect(reconcilePlaced(placed, ended, T0 + 1000)).toEqual([]);
  });

  it('does not resurrect a seen call from a stale placed list even before it is reconciled', () => {
    // the render after the call left the board runs before the effect prunes the list
    expect(demoCallers([], [placedCall('CA1', { seen: true })], T0 + 1000)).toEqual([]);
  });

  it('stops listing a placed call the board never showed after the dialing timeout', () => {
    const placed = [placedCall('CA1')];
    expect(demoCallers([], placed, T0 + DIALING_TTL_MS + 1)).toEqual([]);
    expect(reconcilePlaced(placed, [], T0 + DIALING_TTL_MS + 1)).toEqual([]);
    expect(reconcilePlaced(placed, [], T0 + 1000)).toBe(placed);
  });

  it('keeps the other live callers', () => {
    let placed = [placedCall('CA1'), placedCall('CA2')];
    placed = reconcilePlaced(placed, [call('CA1', 1), call('CA2', 1)], T0 + 1000);
    placed = reconcilePlaced(placed, [call('CA2', 2, { status: 'active' })], T0 + 2000);
    expect(placed.map((p) => p.callSid)).toEqual(['CA2']);
    expect(demoCallers([call('CA2', 2, { status: 'active' })], placed, T0 + 2000)).toEqual([{ callSid: 'CA2', from: '+15550001111', status: 'active' }]);
  });
});
