import { useCallback, useMemo, useRef, useState } from 'react';
import { Api } from '../api/http';
import type { LoginResult } from '../api/types';
import { Dashboard } from './Dashboard';
import { Login } from './Login';
import { clearSession, loadSession, saveSession, type Session } from './session';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const endSession = useCallback((message: string | null) => {
    clearSession();
    sessionRef.current = null;
    setSession(null);
    setNotice(message);
  }, []);

  const api = useMemo(
    () => new Api(() => sessionRef.current?.token ?? null, () => endSession('Your session has ended. Please sign in again.')),
    [endSession],
  );

  const onLoggedIn = useCallback((result: LoginResult) => {
    const s = saveSession(result);
    sessionRef.current = s;
    setNotice(null);
    setSession(s);
  }, []);

  const onLogout = useCallback(() => {
    void api.logout().catch(() => {});
    endSession(null);
  }, [api, endSession]);

  if (!session) return <Login api={api} notice={notice} onLoggedIn={onLoggedIn} />;
  return <Dashboard key={session.user.id} api={api} session={session} onLogout={onLogout} />;
}
