import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, type Api, type HistorySearch } from '../api/http';
import type { CallTimeline, HistoryCall, HistoryEvent, HistoryPage } from '../api/types';

const PAGE = 25;

interface Props {
  api: Api;
  /** The org's agents, to search by and to name in the timeline. */
  agents: { id: string; name: string }[];
  onClose(): void;
}

const OUTCOME_LABEL: Record<string, string> = {
  answered: 'Answered',
  voicemail: 'Voicemail',
  abandoned: 'Abandoned',
  live: 'In progress',
};

/** A date input's day as the instant its local midnight is (`until`: the next day's, exclusive). */
function dayStart(day: string, next = false): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) : '';
}

/** The org's call history: search, a page of results, and one call's timeline. */
export function HistoryView({ api, agents, onClose }: Props) {
  const [number, setNumber] = useState('');
  const [agentId, setAgentId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [outcome, setOutcome] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<HistoryPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const name = useCallback((id: string | null) => (id ? agents.find((a) => a.id === id)?.name ?? id : ''), [agents]);

  const search = useCallback(
    async (at: number) => {
      const filters: HistorySearch = {
        number: number.replace(/[\s()-]/g, ''),
        agentId,
        since: dayStart(from),
        until: dayStart(to, true),
        outcome,
        offset: at,
        limit: PAGE,
      };
      setLoading(true);
      setError(null);
      try {
        setPage(await api.searchHistory(filters));
        setOffset(at);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [api, number, agentId, from, to, outcome],
  );

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      void search(0);
    }
  }, [search]);

  return (
    <section className="history" data-testid="history" aria-labelledby="history-title">
      <div className="history-head">
        <h2 id="history-title">Call history</h2>
        <button className="btn" data-testid="history-close" onClick={onClose}>
          Back to the board
        </button>
      </div>
      <form
        className="history-search"
        onSubmit={(e) => {
          e.preventDefault();
          void search(0);
        }}
      >
        <label>
          Number
          <input data-testid="history-number" value={number} inputMode="tel" placeholder="+1555…" onChange={(e) => setNumber(e.target.value)} />
        </label>
        <label>
          Agent
          <select data-testid="history-agent" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="">Anyone</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" data-testid="history-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" data-testid="history-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Outcome
          <select data-testid="history-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">Any</option>
            <option value="answered">Answered</option>
            <option value="abandoned">Abandoned</option>
            <option value="voicemail">Voicemail</option>
            <option value="parked">Parked / handed over</option>
            <option value="live">In progress</option>
          </select>
        </label>
        <button className="btn btn-answer" type="submit" data-testid="history-search" disabled={loading}>
          {loading ? 'Searching…' : 'Search'}
        </button>
      </form>
      {error && (
        <p className="history-error" role="alert" data-testid="history-error">
          {error}
        </p>
      )}
      <div className="history-body">
        <table className="history-table" data-testid="history-results">
          <thead>
            <tr>
              <th>Arrived</th>
              <th>Caller</th>
              <th>To</th>
              <th>Outcome</th>
              <th>Agent</th>
              <th>Parks</th>
            </tr>
          </thead>
          <tbody>
            {page?.calls.length === 0 && (
              <tr>
                <td colSpan={6} className="empty">
                  No calls match.
                </td>
              </tr>
            )}
            {page?.calls.map((c: HistoryCall) => (
              <tr
                key={c.callSid}
                data-testid={`history-row-${c.callSid}`}
                className={selected === c.callSid ? 'selected' : ''}
                tabIndex={0}
                onClick={() => setSelected(c.callSid)}
                onKeyDown={(e) => e.key === 'Enter' && setSelected(c.callSid)}
              >
                <td>{when(c.createdAt)}</td>
                <td>{c.from || 'Unknown caller'}</td>
                <td>{c.to}</td>
                <td data-outcome={c.outcome}>{OUTCOME_LABEL[c.outcome] ?? c.outcome}</td>
                <td>{name(c.agentId)}</td>
                <td>{c.parks || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="history-pager">
          <button className="btn" disabled={loading || offset === 0} onClick={() => void search(Math.max(0, offset - PAGE))}>
            Newer
          </button>
          <span>{page ? `${page.calls.length === 0 ? 0 : offset + 1}–${offset + page.calls.length}` : ''}</span>
          <button className="btn" data-testid="history-older" disabled={loading || !page?.hasMore} onClick={() => void search(offset + PAGE)}>
            Older
          </button>
        </div>
        {selected && <Timeline api={api} callSid={selected} name={name} />}
      </div>
    </section>
  );
}

function describe(e: HistoryEvent, name: (id: string | null) => string): string {
  const who = (id: string | null) => (id === 'system' ? 'Switchboard' : name(id));
  switch (e.type) {
    case 'arrived':
      return 'Call arrived';
    case 'ring_start':
      return e.agentIds && e.agentIds.length > 0 ? `Rang ${e.agentIds.map(who).join(', ')}` : 'Nobody available to ring';
    case 'ring_cancel':
      return `Ring cancelled for ${(e.agentIds ?? [e.agentId]).map(who).join(', ')}`;
    case 'declined':
      return `${who(e.agentId)} declined`;
    case 'answered':
      return `${who(e.agentId)} took the call`;
    case 'expired':
      return `${who(e.agentId)}'s phone did not connect`;
    case 'connected':
      return `Connected to ${who(e.agentId)}`;
    case 'parked':
      return e.actorId && e.actorId !== e.agentId ? `Parked by ${who(e.actorId)} (${who(e.agentId)}'s call)` : `Parked by ${who(e.actorId ?? e.agentId)}`;
    case 'retrieved':
      return `Handed to ${who(e.agentId)} by ${who(e.actorId)}`;
    case 'voicemail':
      return `Sent to voicemail${e.detail ? ` (${e.detail})` : ''}`;
    case 'voicemail_left':
      return `Voicemail left${e.detail ? ` (${e.detail})` : ''}`;
    case 'ended':
      return `Call ended${e.detail ? ` (${e.detail})` : ''}`;
    default:
      return e.type;
  }
}

function Timeline({ api, callSid, name }: { api: Api; callSid: string; name: (id: string | null) => string }) {
  const [timeline, setTimeline] = useState<CallTimeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [audio, setAudio] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    setTimeline(null);
    setError(null);
    api.callTimeline(callSid).then(
      (t) => live && setTimeline(t),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, callSid]);

  useEffect(() => () => Object.values(audio).forEach((url) => URL.revokeObjectURL(url)), [audio]);

  async function play(voicemailId: string) {
    try {
      const url = URL.createObjectURL(await api.voicemailAudio(voicemailId));
      setAudio((a) => ({ ...a, [voicemailId]: url }));
    } catch (e) {
      setError(`Could not load the recording: ${errorMessage(e)}`);
    }
  }

  return (
    <aside className="history-detail" data-testid="history-detail" aria-label="Call timeline">
      {error && <p role="alert">{error}</p>}
      {!timeline && !error && <p>Loading…</p>}
      {timeline && (
        <>
          <h3>
            {timeline.call.from || 'Unknown caller'} · {OUTCOME_LABEL[timeline.call.outcome] ?? timeline.call.outcome}
          </h3>
          <ol className="timeline" data-testid="timeline">
            {timeline.events.map((e, i) => (
              <li key={i} data-testid="timeline-event" data-type={e.type}>
                <time dateTime={e.at ?? undefined}>{e.at ? new Date(e.at).toLocaleTimeString() : ''}</time>{' '}
                <span>{describe(e, name)}</span>
                {e.type === 'voicemail_left' && e.voicemailId && (
                  <span className="timeline-audio">
                    {audio[e.voicemailId] ? (
                      <audio src={audio[e.voicemailId]} controls autoPlay data-testid={`timeline-audio-${e.voicemailId}`} />
                    ) : (
                      <button className="btn" data-testid={`timeline-play-${e.voicemailId}`} onClick={() => void play(e.voicemailId!)}>
                        Play
                      </button>
                    )}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
