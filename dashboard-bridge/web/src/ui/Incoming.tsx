import type { CallView } from '../api/types';
import { formatDuration } from '../state/selectors';

export interface IncomingItem {
  call: CallView;
  /** The name of the agent who last talked to this caller (the screen-pop), if any. */
  lastAgentName?: string | null;
  ringSeconds: number;
  rungNames: string[];
  forMe: boolean;
  busy: boolean;
}

interface Props {
  items: IncomingItem[];
  /** Calls the server handed to me (a parked call dropped on my card, a park ring-back) that I have not taken. */
  transfers: { callSid: string; from: string | null }[];
  onAnswer(callSid: string): void;
  onDecline(callSid: string): void;
  onAnswerTransfer(callSid: string): void;
  onDeclineTransfer(callSid: string): void;
}

export function IncomingPanel({ items, transfers, onAnswer, onDecline, onAnswerTransfer, onDeclineTransfer }: Props) {
  const count = items.length + transfers.length;
  return (
    <section className="panel incoming" aria-labelledby="incoming-title" data-testid="incoming">
      <h2 id="incoming-title">
        Incoming <span className="count">{count}</span>
      </h2>
      <div className="panel-body">
        {count === 0 && <p className="empty">No calls waiting.</p>}
        {transfers.map((leg) => (
          <article key={`t-${leg.callSid}`} className="incoming-card for-me" data-testid={`incoming-call-${leg.callSid}`} data-rings-me="true" data-hand-over="true">
            <div className="incoming-main">
              <span className="caller">{leg.from || 'Unknown caller'}</span>
              <span className="sub">Handed to you from the parking lot</span>
            </div>
            <div className="incoming-actions">
              <button className="btn btn-answer" data-testid={`answer-${leg.callSid}`} onClick={() => onAnswerTransfer(leg.callSid)}>
                Answer
              </button>
              <button className="btn btn-decline" data-testid={`decline-${leg.callSid}`} onClick={() => onDeclineTransfer(leg.callSid)}>
                Decline
              </button>
            </div>
          </article>
        ))}
        {items.map(({ call, ringSeconds, rungNames, forMe, busy, lastAgentName }) => (
          <article key={call.callSid} className={`incoming-card${forMe ? ' for-me' : ''}`} data-testid={`incoming-call-${call.callSid}`} data-rings-me={forMe}>
            <div className="incoming-main">
              <span className="caller">{call.from || 'Unknown caller'}</span>
              <span className="timer" data-testid={`ring-timer-${call.callSid}`} title="Ringing for">
                {formatDuration(ringSeconds)}
              </span>
              <span className="sub">
                {call.ringMode === 'queue' ? 'In queue' : 'Ringing'}
                {rungNames.length > 0 && ` · ${rungNames.join(', ')}`}
                {call.to && ` · to ${call.to}`}
              </span>
              <ScreenPop call={call} lastAgentName={lastAgentName ?? null} />
            </div>
            {forMe && (
              <div className="incoming-actions">
                <button className="btn btn-answer" data-testid={`answer-${call.callSid}`} disabled={busy} aria-busy={busy} onClick={() => onAnswer(call.callSid)}>
                  {busy ? 'Answering…' : 'Answer'}
                </button>
                <button className="btn btn-decline" data-testid={`decline-${call.callSid}`} disabled={busy} onClick={() => onDecline(call.callSid)}>
                  Decline
                </button>
              </div>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}

const OUTCOME_TEXT: Record<string, string> = {
  answered: 'answered',
  voicemail: 'went to voicemail',
  abandoned: 'abandoned',
  live: 'still in progress',
};

/** The server counts previous calls and open voicemails up to this many (CallerHistory.MAX_COUNTED). */
const MAX_COUNTED = 20;

/** Who is calling, before anyone answers: the caller's previous calls as the server knew them when the call arrived. */
function ScreenPop({ call, lastAgentName }: { call: CallView; lastAgentName: string | null }) {
  const h = call.callerHistory;
  if (!h) return null;
  if (h.previousCalls === 0) {
    return (
      <span className="screen-pop" data-testid={`screen-pop-${call.callSid}`} data-previous-calls={0}>
        First call from this number
      </span>
    );
  }
  const last = h.lastOutcome ? OUTCOME_TEXT[h.lastOutcome] ?? h.lastOutcome : null;
  return (
    <span className="screen-pop" data-testid={`screen-pop-${call.callSid}`} data-previous-calls={h.previousCalls}>
      {h.previousCalls >= MAX_COUNTED ? `${MAX_COUNTED}+` : h.previousCalls} previous call{h.previousCalls === 1 ? '' : 's'}
      {last && ` · last ${last}${lastAgentName ? ` with ${lastAgentName}` : ''}`}
      {h.lastCallAt && ` (${new Date(h.lastCallAt).toLocaleDateString()})`}
      {h.openVoicemails ? (
        <strong className="screen-pop-vm" data-testid={`screen-pop-vm-${call.callSid}`}>
          {' '}· {h.openVoicemails >= MAX_COUNTED ? `${MAX_COUNTED}+` : h.openVoicemails} open voicemail{h.openVoicemails === 1 ? '' : 's'}
        </strong>
      ) : null}
    </span>
  );
}
