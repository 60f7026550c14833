import { useState, type FormEvent } from 'react';
import { ApiError, type Api } from '../api/http';
import type { LoginResult } from '../api/types';
import { askNotificationPermissionOnce } from '../phone/notifications';

interface Props {
  api: Api;
  notice: string | null;
  onLoggedIn(result: LoginResult): void;
}

export function Login({ api, notice, onLoggedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    askNotificationPermissionOnce(); // a user gesture: the one moment browsers allow asking
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.login(email.trim(), password));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError('Wrong email or password.');
      else if (err instanceof ApiError && err.status === 429) setError('Too many attempts. Wait a minute and try again.');
      else setError(err instanceof Error ? err.message : 'Sign-in failed.');
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Switchboard
        </div>
        <h1 id="login-title">Sign in to your board</h1>
        {notice && <p className="login-notice" role="status">{notice}</p>}
        <label>
          Email
          <input data-testid="login-email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input data-testid="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="login-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button data-testid="login-submit" className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
