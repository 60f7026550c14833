import { describe, expect, it } from 'vitest';
import { toCall } from './normalize';

describe('toCall', () => {
  it('keeps the screen-pop the server set on the ringing call', () => {
    const call = toCall({
      callSid: 'CA1',
      status: 'ringing',
      callerHistory: {
        previousCalls: 3,
        lastCallSid: 'CA0',
        lastCallAt: '2026-12-01T10:00:00.000Z',
        lastOutcome: 'answered',
        lastAgent: 'ann',
        openVoicemails: 1,
      },
    });
    expect(call.callerHistory).toEqual({
      previousCalls: 3,
      lastCallSid: 'CA0',
      lastCallAt: '2026-12-01T10:00:00.000Z',
      lastOutcome: 'answered',
      lastAgent: 'ann',
      openVoicemails: 1,
    });
  });

  it('has no screen-pop when the server sent none or something malformed', () => {
    expect(toCall({ callSid: 'CA1', status: 'ringing' }).callerHistory).toBeNull();
    expect(toCall({ callSid: 'CA1', status: 'ringing', callerHistory: 'x' }).callerHistory).toBeNull();
    expect(toCall({ callSid: 'CA1', status: 'ringing', callerHistory: { previousCalls: 0 } }).callerHistory).toEqual({
      previousCalls: 0,
      lastCallSid: null,
      lastCallAt: null,
      lastOutcome: null,
      lastAgent: null,
      openVoicemails: null,
    });
  });
});
