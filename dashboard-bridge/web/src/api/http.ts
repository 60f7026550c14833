import { toAgent, toCall, toParked, toSnapshot, toVoicemail } from './normalize';
import type {
  AgentView,
  AppConfig,
  BoardSnapshot,
  CallTimeline,
  CallView,
  ClaimResult,
  HistoryPage,
  LoginResult,
  ParkedView,
  TwilioToken,
  User,
  VoicemailView,
} from './types';

/** The history search's filters, as the API's query parameters. */
export interface HistorySearch {
  number?: string;
  agentId?: string;
  since?: string;
  until?: string;
  outcome?: string;
  offset?: number;
  limit?: number;
}

/** A failed request: the HTTP status plus the server's `{error, message}` body (and anything else it sent). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TIMEOUT_MS = 15_000;

export type Fetch = typeof fetch;

/**
 * The dashboard-bridge HTTP API (routes in dashboard-bridge ApiRoutes.java). Every call but login carries the JWT as a bearer token;
 * a 401 means the session is over, which `onUnauthorized` turns into the login screen.
 */
export class Api {
  constructor(
    private readonly getToken: () => string | null,
    private readonly onUnauthorized: () => void = () => {},
    private readonly fetchFn: Fetch = (...args) => fetch(...args),
    private readonly base = '',
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.fetchFn(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal: abort.signal,
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check your connection.');
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const obj = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
      const message = typeof obj.message === 'string' && obj.message ? obj.message : defaultMessage(response.status);
      const code = typeof obj.error === 'string' ? obj.error : String(response.status);
      if (response.status === 401 && token) this.onUnauthorized();
      throw new ApiError(response.status, code, message, obj);
    }
    return json as T;
  }

  login(email: string, password: string): Promise<LoginResult> {
    return this.request('POST', '/api/login', { email, password });
  }

  logout(): Promise<unknown> {
    return this.request('POST', '/api/logout');
  }

  me(): Promise<User> {
    return this.request('GET', '/api/me');
  }

  config(): Promise<AppConfig> {
    return this.request<AppConfig>('GET', '/api/config').then((c) => ({
      ...c,
      numbers: Array.isArray(c?.numbers) ? c.numbers : [],
    }));
  }

  async board(): Promise<BoardSnapshot> {
    return toSnapshot(await this.request('GET', '/api/board'));
  }

  async setMyStatus(status: 'available' | 'away'): Promise<AgentView> {
    return toAgent(await this.request('PUT', '/api/agents/me/status', { status }));
  }

  claim(callSid: string): Promise<ClaimResult> {
    return this.request('POST', `/api/calls/${encodeURIComponent(callSid)}/claim`);
  }

  async decline(callSid: string): Promise<CallView> {
    return toCall(await this.request('POST', `/api/calls/${encodeURIComponent(callSid)}/decline`));
  }

  async park(callSid: string): Promise<ParkedView> {
    return toParked(await this.request('POST', `/api/calls/${encodeURIComponent(callSid)}/park`));
  }

  /**
   * Hangs a call up from the server: my own active call (this device's phone does not hold its leg), or,
   * for an admin, any call on the board (a stuck one too). The server decides who may.
   */
  async hangup(callSid: string): Promise<CallView> {
    return toCall(await this.request('POST', `/api/calls/${encodeURIComponent(callSid)}/hangup`));
  }

  async unpark(parkedId: string, agentId: string): Promise<CallView> {
    return toCall(await this.request('POST', `/api/parked/${encodeURIComponent(parkedId)}/unpark`, { agentId }));
  }

  async setVoicemailHandled(voicemailId: string, handled: boolean): Promise<VoicemailView> {
    return toVoicemail(
      await this.request('PUT', `/api/voicemails/${encodeURIComponent(voicemailId)}`, { handled }),
    );
  }

  /** The recording as a blob: fetched with the bearer token, so the audio element needs no cookie. */
  /** A page of the org's call history; empty filters are left out. */
  searchHistory(filters: HistorySearch): Promise<HistoryPage> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
      if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
    }
    const qs = query.toString();
    return this.request('GET', `/api/history/calls${qs ? `?${qs}` : ''}`);
  }

  /** One call of the org and its whole timeline. */
  callTimeline(callSid: string): Promise<CallTimeline> {
    return this.request('GET', `/api/history/calls/${encodeURIComponent(callSid)}`);
  }

  async voicemailAudio(voicemailId: string): Promise<Blob> {
    const token = this.getToken();
    const response = await this.fetchFn(`${this.base}/api/voicemails/${encodeURIComponent(voicemailId)}/audio`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
    }).catch(() => {
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check your connection.');
    });
    if (!response.ok) throw new ApiError(response.status, String(response.status), defaultMessage(response.status));
    return response.blob();
  }

  twilioToken(): Promise<TwilioToken> {
    return this.request('GET', '/api/twilio/token');
  }
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'Your session has ended. Please sign in again.';
    case 403:
      return 'You are not allowed to do that.';
    case 404:
      return 'That call is no longer there.';
    case 409:
      return 'Someone else changed this first.';
    case 429:
      return 'Too many attempts. Wait a moment and try again.';
    case 503:
      return 'The service is briefly unavailable. Try again.';
    default:
      return `Request failed (${status}).`;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Something went wrong.';
}
