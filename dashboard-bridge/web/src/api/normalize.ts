import type {
  AgentNotice,
  AgentView,
  BoardDelta,
  BoardSnapshot,
  CallView,
  Kind,
  ParkedView,
  Stats,
  VoicemailView,
} from './types';

// The server is trusted for meaning but not for shape: enum spelling ("WRAP_UP" vs "wrap-up"), missing
// arrays and numbers sent as strings must not crash the board. Everything from the wire passes here.

type Json = Record<string, unknown>;

export function enumValue(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase().replace(/_/g, '-') : '';
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : value == null ? null : String(value);
}

function num(value: unknown, fallback = 0): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function toCall(j: Json): CallView {
  return {
    callSid: String(j.callSid),
    orgId: String(j.orgId ?? ''),
    from: str(j.from),
    to: str(j.to),
    status: (enumValue(j.status) || 'ended') as CallView['status'],
    assignedTo: str(j.assignedTo),
    ringMode: (enumValue(j.ringMode) || 'dial') as CallView['ringMode'],
    rungAgents: strings(j.rungAgents),
    declinedBy: strings(j.declinedBy),
    createdAt: str(j.createdAt),
    answeredAt: str(j.answeredAt),
    connectedAt: str(j.connectedAt),
    parkedAt: str(j.parkedAt),
    endedAt: str(j.endedAt),
    endReason: str(j.endReason),
    version: num(j.version),
    callerHistory: toCallerHistory(j.callerHistory),
  };
}

/** The screen-pop the server set on the call when it arrived (null when it has none). */
function toCallerHistory(value: unknown): CallView['callerHistory'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const h = value as Json;
  const outcome = enumValue(h.lastOutcome);
  return {
    previousCalls: num(h.previousCalls),
    lastCallSid: str(h.lastCallSid),
    lastCallAt: str(h.lastCallAt),
    lastOutcome: outcome ? (outcome as NonNullable<NonNullable<CallView['callerHistory']>['lastOutcome']>) : null,
    lastAgent: str(h.lastAgent),
    openVoicemails: typeof h.openVoicemails === 'number' ? h.openVoicemails : null,
  };
}

export function toAgent(j: Json): AgentView {
  return {
    agentId: String(j.agentId),
    orgId: String(j.orgId ?? ''),
    name: str(j.name),
    status: (enumValue(j.status) || 'offline') as AgentView['status'],
    callSid: str(j.callSid),
    idleSince: str(j.idleSince),
    awayReason: str(j.awayReason),
    version: num(j.version),
  };
}

export function toParked(j: Json): ParkedView {
  return {
    parkedId: String(j.parkedId),
    callSid: String(j.callSid ?? ''),
    orgId: String(j.orgId ?? ''),
    from: str(j.from),
    parkedBy: str(j.parkedBy),
    conferenceName: str(j.conferenceName),
    conferenceSid: str(j.conferenceSid),
    parkedAt: str(j.parkedAt),
    timeoutAt: str(j.timeoutAt),
    version: num(j.version),
    missedBy: str(j.missedBy),
    spot: num(j.spot),
  };
}

const NOTIFICATIONS = ['emailed', 'logged', 'no-admins', 'failed'] as const;

/** The value if the document lists it, else null (a value this UI does not know is shown as none). */
function oneOf<T extends string>(value: string, allowed: readonly T[]): T | null {
  return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function toVoicemail(j: Json): VoicemailView {
  return {
    voicemailId: String(j.voicemailId),
    orgId: String(j.orgId ?? ''),
    callSid: str(j.callSid),
    from: str(j.from),
    recordingSid: str(j.recordingSid),
    durationSeconds: num(j.durationSeconds),
    transcription: str(j.transcription),
    handled: j.handled === true,
    createdAt: str(j.createdAt),
    version: num(j.version),
    notification: oneOf(enumValue(j.notification), NOTIFICATIONS),
    notifiedAdmins: num(j.notifiedAdmins),
  };
}

const converters = { call: toCall, agent: toAgent, parked: toParked, voicemail: toVoicemail } as const;

export const keyOf = {
  call: (c: CallView) => c.callSid,
  agent: (a: AgentView) => a.agentId,
  parked: (p: ParkedView) => p.parkedId,
  voicemail: (v: VoicemailView) => v.voicemailId,
} as const;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A delta from `board.<orgId>`, or null when it is not one (ignored rather than crashing the board). */
/** A pushed `stats` delta (the org's day counters), or null if the message is something else. */
export function toStatsDelta(raw: unknown): { version: number; stats: Json } | null {
  if (!isJson(raw) || enumValue(raw.kind) !== 'stats' || !isJson(raw.data)) return null;
  return { version: num(raw.version, num(raw.data.computedAtMs)), stats: raw.data };
}

export function toDelta(raw: unknown): BoardDelta | null {
  if (!isJson(raw)) return null;
  const kind = enumValue(raw.kind) as Kind;
  const op = enumValue(raw.op);
  if (!(kind in converters) || (op !== 'upsert' && op !== 'remove')) return null;
  const data = isJson(raw.data) ? converters[kind](raw.data) : null;
  if (op === 'upsert' && !data) return null;
  const key = str(raw.key) ?? (data ? (keyOf[kind] as (e: unknown) => string)(data) : null);
  if (!key) return null;
  return { kind, op, key, version: num(raw.version, data?.version ?? 0), data } as BoardDelta;
}

function list<T>(value: unknown, convert: (j: Json) => T): T[] {
  return Array.isArray(value) ? value.filter(isJson).map(convert) : [];
}

export function toSnapshot(raw: unknown): BoardSnapshot {
  const j = isJson(raw) ? raw : {};
  return {
    calls: list(j.calls, toCall),
    agents: list(j.agents, toAgent),
    parked: list(j.parked, toParked),
    voicemails: list(j.voicemails, toVoicemail),
    stats: isJson(j.stats) ? j.stats : null,
    serverTime: str(j.serverTime),
  };
}

export function toNotice(raw: unknown): AgentNotice | null {
  if (!isJson(raw)) return null;
  const type = enumValue(raw.type) as AgentNotice['type'];
  if (!['ring-cancelled', 'claim-expired', 'ring', 'parked', 'hand-over-missed', 'missed-rings'].includes(type)) return null;
  return { type, callSid: str(raw.callSid), message: str(raw.message), otherAgentId: str(raw.otherAgentId) };
}

function firstNumber(j: Json, names: string[]): number | undefined {
  for (const name of names) {
    const v = j[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** Reads the counters exactly as the claim-service's board.snapshot.calls names them. */
export function toStats(raw: Record<string, unknown> | null | undefined): Stats {
  const j = raw ?? {};
  return {
    waiting: firstNumber(j, ['waiting']),
    longestWaitSeconds: firstNumber(j, ['longestWaitSeconds']),
    answeredToday: firstNumber(j, ['answeredToday']),
    abandonedToday: firstNumber(j, ['abandonedToday']),
    avgTimeToAnswerSeconds: firstNumber(j, ['avgSecondsToAnswer']),
    avgTimeParkedSeconds: firstNumber(j, ['avgSecondsParked']),
  };
}
