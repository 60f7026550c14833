import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TranscriptionText } from './Transcription';

const LONG = 'This is a simulated transcription of a 30 second voicemail: please call me back about my order, it is urgent and late.';
const html = (text: string, expanded: boolean) => renderToStaticMarkup(createElement(TranscriptionText, { text, expanded, onToggle: () => {} }));

describe('voicemail transcription', () => {
  it('shows a long transcription clamped, with a "more" button that says it is collapsed', () => {
    const out = html(LONG, false);
    expect(out).toContain('class="vm-text clamped"');
    expect(out).toMatch(/<button type="button" class="link-toggle" aria-expanded="false" aria-controls="[^"]+"[^>]*>more/);
    expect(out).toContain(LONG); // the whole text is in the page; only its display is clamped
  });

  it('expanded, shows the whole transcription with a "less" button', () => {
    const out = html(LONG, true);
    expect(out).toContain('class="vm-text"');
    expect(out).not.toContain('clamped');
    expect(out).toMatch(/aria-expanded="true"[^>]*>less/);
  });

  it('the toggle controls the paragraph it expands', () => {
    const out = html(LONG, false);
    const id = /<p id="([^"]+)"/.exec(out)?.[1];
    expect(id).toBeTruthy();
    expect(out).toContain(`aria-controls="${id}"`);
  });

  it('a short transcription shows whole, with no toggle', () => {
    const out = html('Call me back.', false);
    expect(out).not.toContain('clamped');
    expect(out).not.toContain('<button');
  });
});
