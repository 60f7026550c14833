import { useState } from 'react';
import type { AgentStatus } from '../api/types';
import type { ConnectionState } from '../live/liveBoard';
import type { PhoneState } from '../phone/Phone';
import { formatDuration, type Counters } from '../state/selectors';

export const STATUS_LABEL: Record<AgentStatus, string> = {
  available: 'Available',
  busy: 'On a call',
  'wrap-up': 'Wrap-up',
  away: 'Away',
  offline: 'Offline',
};

interface HeaderProps {
  userName: string;
  /** The signed-in user's role: an admin's board says so. */
  role?: string;
  myStatus: AgentStatus | null;
  statusBusy: boolean;
  onToggleStatus(): void;
  connection: ConnectionState;
  phone: { state: PhoneState; message?: string; kind: string | null };
  now: number;
  /** I hold a call: signing out asks first, and the status switch cannot change. */
  onCall: boolean;
  onLogout(): void;
}

function connectionText(c: ConnectionState, now: number): string {
  switch (c.status) {
    case 'live':
      return 'Live';
    case 'connecting':
      return c.attempt ? 'Reconnecting…' : 'Connecting…';
    case 'syncing':
      return 'Syncing…';
    case 'waiting': {
      const s = c.retryAt ? Math.max(0, Math.ceil((c.retryAt - now) / 1000)) : 0;
      return s > 0 ? `Offline · retry in ${s}s` : 'Reconnecting…';
    }
    case 'stopped':
      return 'Disconnected';
  }
}

const PHONE_TEXT: Record<PhoneState, string> = {
  starting: 'Phone starting…',
  ready: 'Phone ready',
  reconnecting: 'Phone reconnecting…',
  error: 'Phone unavailable',
  stopped: 'Phone off',
};

export function Header({ userName, role, myStatus, statusBusy, onToggleStatus, connection, phone, now, onCall, onLogout }: HeaderProps) {
  const available = myStatus === 'available';
  const label = myStatus ? STATUS_LABEL[myStatus] : '…';
  const [confirmLogout, setConfirmLogout] = useState(false);
  // on a call the status follows the call (busy, then wrap-up): the switch says so instead of doing nothing
  const lockedReason = onCall || myStatus === 'busy' ? 'Your status changes by itself when your call ends.' : null;
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Switchboard
      </div>
      <div className={`pill conn conn-${connection.status}`} data-testid="connection-state" data-state={connection.status} title="Live board connection">
        <span className="dot" aria-hidden="true" />
        {connectionText(connection, now)}
      </div>
      <div className={`pill phone phone-${phone.state}`} data-testid="phone-state" data-state={phone.state} title={phone.message || (phone.kind ? `${phone.kind} phone` : '')}>
        <span className="dot" aria-hidden="true" />
        {PHONE_TEXT[phone.state]}
      </div>
      <div className="spacer" />
      <button
        type="button"
        role="switch"
        aria-checked={available}
        aria-label={lockedReason ? `My status: ${label}. ${lockedReason}` : `My status: ${label}. Switch to ${available ? 'Away' : 'Available'}`}
        className={`status-switch ${available ? 'on' : 'off'}`}
        data-testid="status-switch"
        data-status={myStatus ?? ''}
        disabled={statusBusy || !myStatus || lockedReason !== null}
        title={lockedReason ?? undefined}
        onClick={onToggleStatus}
      >
        <span className="track" aria-hidden="true">
          <span className="knob" />
        </span>
        <span className="status-text">{label}</span>
      </button>
      {lockedReason && (
        <span className="status-reason" data-testid="status-reason">
          {lockedReason}
        </span>
      )}
      {(role === 'admin' || role === 'supervisor') && (
        <span className="pill role-badge" data-testid="role-badge" title={`Signed in as ${role === 'admin' ? 'an admin' : 'a supervisor'}`}>
          {role === 'admin' ? 'Admin' : 'Supervisor'}
        </span>
      )}
      <span className="me-name" title="Signed in">
        {userName}
      </span>
      {confirmLogout && onCall ? (
        <span className="logout-confirm" role="alertdialog" aria-label="Sign out during a call" data-testid="logout-warning">
          You are on a call, and signing out closes this browser's phone. Park or hang up first?
          <button type="button" className="btn btn-decline btn-small" data-testid="logout-confirm" onClick={onLogout}>
            Sign out anyway
          </button>
          <button type="button" className="btn btn-quiet btn-small" data-testid="logout-cancel" onClick={() => setConfirmLogout(false)}>
            Stay
          </button>
        </span>
      ) : (
        <button type="button" className="btn btn-quiet" data-testid="logout" onClick={() => (onCall ? setConfirmLogout(true) : onLogout())}>
          Sign out
        </button>
      )}
    </header>
  );
}

function seconds(v: number | null): string {
  return v === null ? '–' : formatDuration(v);
}

export function CounterStrip({ counters }: { counters: Counters }) {
  const tiles: [string, string, string, boolean?][] = [
    ['waiting', 'Waiting', String(counters.waiting), counters.waiting > 0],
    ['longest-wait', 'Longest wait', counters.waiting ? formatDuration(counters.longestWaitSeconds) : '–', counters.longestWaitSeconds >= 30],
    ['answered', 'Answered today', counters.answeredToday === null ? '–' : String(counters.answeredToday)],
    ['abandoned', 'Abandoned today', counters.abandonedToday === null ? '–' : String(counters.abandonedToday)],
    ['avg-answer', 'Avg. time to answer', seconds(counters.avgTimeToAnswerSeconds)],
    ['avg-parked', 'Avg. time parked', seconds(counters.avgTimeParkedSeconds)],
  ];
  return (
    <section className="counters" aria-label="Today's counters">
      {tiles.map(([id, label, value, alert]) => (
        <div key={id} className={`counter${alert ? ' counter-alert' : ''}`} data-testid={`counter-${id}`}>
          <span className="counter-value">{value}</span>
          <span className="counter-label">{label}</span>
        </div>
      ))}
    </section>
  );
}
