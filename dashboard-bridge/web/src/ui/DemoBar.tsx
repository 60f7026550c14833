import { useEffect, useState, type FormEvent } from 'react';
import type { CallView } from '../api/types';
import { demoCallers, reconcilePlaced, type PlacedCall } from '../state/demoCallers';

interface Props {
  controlUrl: string;
  numbers: string[];
  /** The board's calls, ended ones included (an ended call is never listed). */
  calls: CallView[];
  now: number;
  toast(message: string, kind: 'info' | 'error'): void;
}

function randomCaller(): string {
  return `+1555${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`;
}

/** Demo only (phone "sim"): place a test call into the org's number and hang callers up, via telephony-sim. */
export function DemoBar({ controlUrl, numbers, calls, now, toast }: Props) {
  const [from, setFrom] = useState(randomCaller);
  const [to, setTo] = useState(numbers[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [placed, setPlaced] = useState<PlacedCall[]>([]);
  const target = to || numbers[0] || '';

  async function place(e: FormEvent) {
    e.preventDefault();
    if (busy || !target) return;
    setBusy(true);
    try {
      const res = await fetch(`${controlUrl}/calls`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: from.trim(), to: target }),
      });
      if (!res.ok) throw new Error(`the simulator answered ${res.status}`);
      const body = (await res.json().catch(() => ({}))) as { callSid?: string };
      if (body.callSid) setPlaced((list) => [...list.filter((p) => p.callSid !== body.callSid), { callSid: body.callSid!, from: from.trim(), placedAt: Date.now(), seen: false }].slice(-10));
      setFrom(randomCaller());
    } catch (error) {
      toast(`Could not place the test call: ${error instanceof Error ? error.message : 'simulator unreachable'}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  async function hangup(callSid: string) {
    try {
      const res = await fetch(`${controlUrl}/calls/${encodeURIComponent(callSid)}/hangup`, { method: 'POST' });
      if (!res.ok && res.status !== 404) throw new Error(`the simulator answered ${res.status}`);
      setPlaced((list) => list.filter((p) => p.callSid !== callSid));
    } catch (error) {
      toast(`Could not hang up: ${error instanceof Error ? error.message : 'simulator unreachable'}`, 'error');
    }
  }

  // forget placed calls the board has shown and dropped, so an ended call never comes back as "dialing"
  useEffect(() => setPlaced((list) => reconcilePlaced(list, calls, now)), [calls, now]);
  const live = demoCallers(calls, placed, now);

  return (
    <footer className="demo" aria-label="Demo controls">
      <form className="demo-form" onSubmit={place}>
        <span className="demo-tag">Demo</span>
        <label>
          Caller
          <input data-testid="demo-from" value={from} onChange={(e) => setFrom(e.target.value)} size={13} />
        </label>
        <label>
          calls
          <select data-testid="demo-to" value={target} onChange={(e) => setTo(e.target.value)}>
            {numbers.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button className="btn btn-small btn-primary" data-testid="demo-place-call" type="submit" disabled={busy || !target}>
          Place test call
        </button>
      </form>
      <div className="demo-calls" aria-label="Live callers">
        {live.map((c) => (
          <span key={c.callSid} className="demo-call">
            {c.from || c.callSid} <em>{c.status}</em>
            <button className="btn btn-small btn-decline" data-testid={`demo-hangup-${c.callSid}`} onClick={() => hangup(c.callSid)} title="Hang up as the caller">
              Hang up
            </button>
          </span>
        ))}
      </div>
    </footer>
  );
}
