// The JSON shapes of the bridge (records in common io.switchboard.common.contract), as the browser receives them. Enum values are lower-case with '-'.

export type CallStatus = 'ringing' | 'active' | 'parked' | 'voicemail' | 'ended';
export type AgentStatus = 'available' | 'busy' | 'wrap-up' | 'away' | 'offline';
export type RingMode = 'dial' | 'queue';

export interface CallView {
  callSid: string;
  orgId: string;
  from: string | null;
  to: string | null;
  status: CallStatus;
  assignedTo: string | null;
  ringMode: RingMode;
  rungAgents: string[];
  declinedBy: string[];
  createdAt: string | null;
  answeredAt: string | null;
  /** When the assigned agent's phone took the call; null while it still rings them (a won claim, a hand-over). */
  connectedAt?: string | null;
  parkedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  version: number;
}

export interface AgentView {
  agentId: string;
  orgId: string;
  name: string | null;
  status: AgentStatus;
  callSid: string | null;
  idleSince: string | null;
  version: number;
}

export interface ParkedView {
  parkedId: string;
  callSid: string;
  orgId: string;
  from: string | null;
  parkedBy: string | null;
  conferenceName: string | null;
  conferenceSid: string | null;
  parkedAt: string | null;
  timeoutAt: string | null;
  version: number;
  /** The agent a hand-over of this call went to and who did not answer it (null: none missed). */
  missedBy?: string | null;
}

export interface VoicemailView {
  voicemailId: string;
  orgId: string;
  callSid: string | null;
  from: string | null;
  recordingSid: string | null;
  durationSeconds: number;
  transcription: string | null;
  handled: boolean;
  createdAt: string | null;
  version: number;
  /** How the admins were told: 'emailed', 'logged' (SMTP not configured), 'no-admins', 'failed'; null until done. */
  notification: string | null;
  notifiedAdmins: number;
}

export type Kind = 'call' | 'agent' | 'parked' | 'voicemail';

export interface EntityByKind {
  call: CallView;
  agent: AgentView;
  parked: ParkedView;
  voicemail: VoicemailView;
}

export interface BoardDelta<K extends Kind = Kind> {
  kind: K;
  op: 'upsert' | 'remove';
  key: string;
  version: number;
  data: EntityByKind[K] | null;
}

/** The server's counters; every field optional because the browser must survive a partial object. */
export interface Stats {
  waiting?: number;
  longestWaitSeconds?: number;
  answeredToday?: number;
  abandonedToday?: number;
  avgTimeToAnswerSeconds?: number;
  avgTimeParkedSeconds?: number;
}

export interface BoardSnapshot {
  calls: CallView[];
  agents: AgentView[];
  parked: ParkedView[];
  voicemails: VoicemailView[];
  stats?: Record<string, unknown> | null;
  serverTime?: string | null;
}

export interface AgentNotice {
  type: 'ring-cancelled' | 'claim-expired' | 'ring' | 'parked' | 'hand-over-missed';
  callSid: string | null;
  message: string | null;
  otherAgentId: string | null;
}

export interface User {
  id: string;
  orgId: string;
  name: string;
  email: string;
  role: 'agent' | 'admin' | string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: User;
}

export interface AppConfig {
  phone: 'sim' | 'twilio';
  simPhoneUrl?: string;
  simControlUrl?: string;
  numbers: string[];
  ringTimeoutSeconds?: number;
  presenceGraceSeconds?: number;
}

export interface ClaimResult {
  outcome: string;
  callSid: string;
  winner: string;
  version: number;
}

export interface TwilioToken {
  token: string;
  identity: string;
  expiresAt: string;
}
