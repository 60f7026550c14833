import { useId, useState } from 'react';

/** Longer than this, a transcription opens clamped to two lines with a "more" toggle. */
export const CLAMP_CHARS = 80;

/** A voicemail's transcription: a long one shows two lines and expands with an accessible toggle. */
export function Transcription({ text }: { text: string }) {
  const [expanded, setExpanded] = useState(false);
  return <TranscriptionText text={text} expanded={expanded} onToggle={() => setExpanded((e) => !e)} />;
}

export function TranscriptionText({ text, expanded, onToggle }: { text: string; expanded: boolean; onToggle(): void }) {
  const id = useId();
  const long = text.length > CLAMP_CHARS;
  return (
    <div className="vm-transcription">
      <p id={id} className={`vm-text${long && !expanded ? ' clamped' : ''}`} data-testid="vm-text">
        {text}
      </p>
      {long && (
        <button type="button" className="link-toggle" aria-expanded={expanded} aria-controls={id} data-testid="vm-text-toggle" onClick={onToggle}>
          {expanded ? 'less' : 'more'}
          <span className="visually-hidden"> of the transcription</span>
        </button>
      )}
    </div>
  );
}
