/** Admins only: ends a call stuck on an agent's card (see `endStuckCall`), after a confirmation. */
export function EndCallButton({ callSid, from, onEndCall }: { callSid: string; from: string | null; onEndCall(callSid: string): void }) {
  return (
    <button
      className="btn btn-small btn-decline"
      data-testid={`end-call-${callSid}`}
      title="End this call for everyone (admins)"
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      onClick={() => {
        if (window.confirm(`End the call from ${from || 'unknown caller'} for everyone?`)) onEndCall(callSid);
      }}
    >
      End call
    </button>
  );
}
