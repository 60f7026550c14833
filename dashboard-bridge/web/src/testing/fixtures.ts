// Builders for test data (used by the *.test.ts files only).
import type { AgentView, BoardDelta, BoardSnapshot, CallView, Kind, ParkedView, VoicemailView } from '../api/types';

export const ORG = 'org-1';

export function call(callSid: string, version: number, over: Partial<CallView> = {}): CallView {
  return {
    callSid,
    orgId: ORG,
    from: '+15550001111',
    to: '+15559990000',
    status: 'ringing',
    assignedTo: null,
    ringMode: 'dial',
    rungAgents: ['a1', 'a2'],
    declinedBy: [],
    createdAt: '2026-01-01T10:00:00Z',
    answeredAt: null,
    connectedAt: null,
    parkedAt: null,
    endedAt: null,
    endReason: null,
    version,
    callerHistory: null,
    ...over,
  };
}

export function agent(agentId: string, version: number, over: Partial<AgentView> = {}): AgentView {
  return { agentId, orgId: ORG, name: agentId.toUpperCase(), status: 'available', callSid: null, idleSince: null, version, ...over };
}

export function parked(parkedId: string, callSid: string, version: number, over: Partial<ParkedView> = {}): ParkedView {
  return {
    parkedId,
    callSid,
    orgId: ORG,
    from: '+15550001111',
    parkedBy: 'a1',
    conferenceName: `park-${callSid}`,
    conferenceSid: null,
    parkedAt: '2026-01-01T10:01:00Z',
    timeoutAt: '2026-01-01T10:06:00Z',
    version,
    missedBy: null,
    spot: 1,
    ...over,
  };
}

export function voicemail(voicemailId: string, version: number, over: Partial<VoicemailView> = {}): VoicemailView {
  return {
    voicemailId,
    orgId: ORG,
    callSid: null,
    from: '+15550002222',
    recordingSid: 'RE1',
    durationSeconds: 12,
    transcription: null,
    notification: null,
    notifiedAdmins: 0,
    handled: false,
    createdAt: '2026-01-01T09:00:00Z',
    version,
    ...over,
  };
}

const keys = { call: 'callSid', agent: 'agentId', parked: 'parkedId', voicemail: 'voicemailId' } as const;

export function upsert<K extends Kind>(kind: K, data: BoardDelta<K>['data'] & { version: number }): BoardDelta {
  const key = String((data as unknown as Record<string, unknown>)[keys[kind]]);
  return { kind, op: 'upsert', key, version: data.version, data } as BoardDelta;
}

export function remove(kind: Kind, key: string, version: number): BoardDelta {
  return { kind, op: 'remove', key, version, data: null };
}

export function snapshot(over: Partial<BoardSnapshot> = {}): BoardSnapshot {
  return { calls: [], agents: [], parked: [], voicemails: [], stats: null, serverTime: null, ...over };
}
