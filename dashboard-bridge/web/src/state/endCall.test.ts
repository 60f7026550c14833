import { describe, expect, it } from 'vitest';
import { Api } from '../api/http';
import { endStuckCall } from './endCall';

function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; method: string; auth: string | null }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', auth: new Headers(init.headers).get('Authorization') });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

const ENDED = {
  callSid: 'CA1', orgId: 'acme', from: '+1555', to: '+1666', status: 'ended', assignedTo: 'a1', ringMode: 'dial',
  rungAgents: [], declinedBy: [], createdAt: '2026-12-02T00:00:00Z', answeredAt: null, parkedAt: null,
  endedAt: '2026-12-02T00:01:00Z', endReason: 'ended-by-admin', version: 7,
};

describe('ending a stuck call (admins)', () => {
  it('posts to the call\'s hangup endpoint (the one agents use too) with the token and says it worked', async () => {
    const { calls, fetchFn } = fakeFetch(200, ENDED);
    const toasts: [string, string][] = [];
    const ok = await endStuckCall({ api: new Api(() => 'tok', () => {}, fetchFn), toast: (m, k) => toasts.push([m, k]) }, 'CA1', '+1555');
    expect(ok).toBe(true);
    expect(calls).toEqual([{ url: '/api/calls/CA1/hangup', method: 'POST', auth: 'Bearer tok' }]);
    expect(toasts).toEqual([['The call from +1555 was ended.', 'info']]);
  });

  it('tells the admin why it did not happen (the server\'s refusal)', async () => {
    const { fetchFn } = fakeFetch(503, { error: 'UNAVAILABLE', message: 'the call could not be hung up: Twilio is unavailable' });
    const toasts: [string, string][] = [];
    const ok = await endStuckCall({ api: new Api(() => 'tok', () => {}, fetchFn), toast: (m, k) => toasts.push([m, k]) }, 'CA1', null);
    expect(ok).toBe(false);
    expect(toasts).toHaveLength(1);
    expect(toasts[0][1]).toBe('error');
    expect(toasts[0][0]).toContain('Could not end the call from unknown caller');
    expect(toasts[0][0]).toContain('the call could not be hung up: Twilio is unavailable');
  });
});

describe('a park that went through after its request failed', () => {
  it('is announced by the server and shown to the agent', async () => {
    const { toNotice } = await import('../api/normalize');
    const notice = toNotice({ type: 'PARKED', callSid: 'CA1', message: 'Your call from +1555 was parked after all (Twilio was slow to move it).' });
    expect(notice).toEqual({ type: 'parked', callSid: 'CA1', message: 'Your call from +1555 was parked after all (Twilio was slow to move it).', otherAgentId: null });
  });
});
