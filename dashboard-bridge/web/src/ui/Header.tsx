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
  myStatus: AgentStatus | null;
  statusBusy: boolean;
  onToggleStatus(): void;
  connection: ConnectionState;
  phone: { state: PhoneState; message?: string; kind: string | null };
  now: number;
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

export function Header({ userName, myStatus, statusBusy, onToggleStatus, connection, phone, now, onLogout }: HeaderProps) {
  const available = myStatus === 'available';
  const label = myStatus ? STATUS_LABEL[myStatus] : '…';
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
        aria-label={`My status: ${label}. Switch to ${available ? 'Away' : 'Available'}`}
        className={`status-switch ${available ? 'on' : 'off'}`}
        data-testid="status-switch"
        data-status={myStatus ?? ''}
        disabled={statusBusy || !myStatus}
        onClick={onToggleStatus}
      >
        <span className="track" aria-hidden="true">
          <span className="knob" />
        </span>
        <span className="status-text">{label}</span>
      </button>
      <span className="me-name" title="Signed in">
        {userName}
      </span>
      <button type="button" className="btn btn-quiet" data-testid="logout" onClick={onLogout}>
        Sign out
      </button>
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
