import type { LoginResult, User } from '../api/types';

export interface Session {
  token: string;
  expiresAt: string | null;
  user: User;
}

const KEY = 'switchboard.session';

/** The session survives a reload of this tab (sessionStorage), not the closing of the browser. */
export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (!s?.token || !s.user?.id || !s.user.orgId) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(login: LoginResult): Session {
  const session: Session = { token: login.token, expiresAt: login.expiresAt ?? null, user: login.user };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // private mode: the session lasts as long as the page
  }
  return session;
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
