// The JSON shapes of the bridge, generated from its OpenAPI document (dashboard-bridge/src/main/resources/openapi.json)
// into ./openapi.ts by `npm run generate` (run before every build and type check). Only the UI's own shapes are
// written here: the board as the UI holds it and the counters under the UI's names.
import type { AgentView, Board, BoardDelta as Frame, CallView, ParkedView, VoicemailView } from './openapi';

export type { AgentNotice, AgentStatus, AgentView, CallStatus, CallView, ClaimResult, ClientConfig as AppConfig } from './openapi';
export type { LoginResult, ParkedView, RingMode, TwilioToken, User, VoicemailView } from './openapi';
export type { CallTimeline, CallerHistory, HistoryCall, HistoryEvent, HistoryFilter, HistoryPage } from './openapi';

/** The entity kinds of a BoardDelta (the day counters, kind `stats`, are applied apart). */
export type Kind = Exclude<Frame['kind'], 'stats'>;

export interface EntityByKind {
  call: CallView;
  agent: AgentView;
  parked: ParkedView;
  voicemail: VoicemailView;
}

/** A BoardDelta of one kind, its data typed by that kind. */
export interface BoardDelta<K extends Kind = Kind> {
  kind: K;
  op: Frame['op'];
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
export interface BoardSnapshot extends Pick<Board, 'calls' | 'agents' | 'parked' | 'voicemails'> {
  stats?: Record<string, unknown> | null;
  serverTime?: string | null;
}
