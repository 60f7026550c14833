// The JSON shapes of the bridge, generated from its OpenAPI document (dashboard-bridge/src/main/resources/openapi.json)
// into ./openapi.ts by `npm run generate` (run before every build and type check). Only the UI's own shapes are
// written here: the board as the UI holds it and the counters under the UI's names.
import type { components } from './openapi';

type Schemas = components['schemas'];

export type CallStatus = Schemas['CallStatus'];
export type AgentStatus = Schemas['AgentStatus'];
export type RingMode = Schemas['RingMode'];
export type CallView = Schemas['CallView'];
export type AgentView = Schemas['AgentView'];
export type ParkedView = Schemas['ParkedView'];
export type VoicemailView = Schemas['VoicemailView'];
export type AgentNotice = Schemas['AgentNotice'];
export type User = Schemas['User'];
export type LoginResult = Schemas['LoginResult'];
export type AppConfig = Schemas['ClientConfig'];
export type ClaimResult = Schemas['ClaimResult'];
export type TwilioToken = Schemas['TwilioToken'];

/** The entity kinds of a BoardDelta (the day counters, kind `stats`, are applied apart). */
export type Kind = Exclude<Schemas['BoardDelta']['kind'], 'stats'>;

export interface EntityByKind {
  call: CallView;
  agent: AgentView;
  parked: ParkedView;
  voicemail: VoicemailView;
}

/** A BoardDelta of one kind, its data typed by that kind. */
export interface BoardDelta<K extends Kind = Kind> {
  kind: K;
  op: Schemas['BoardDelta']['op'];
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

/** The board as the UI holds it: the snapshot's lists, with counters and clock that may be missing. */
export interface BoardSnapshot extends Pick<Schemas['Board'], 'calls' | 'agents' | 'parked' | 'voicemails'> {
  stats?: Record<string, unknown> | null;
  serverTime?: string | null;
}
