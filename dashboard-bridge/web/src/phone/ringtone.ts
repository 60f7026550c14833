/**
 * The ringtone, generated with WebAudio (no sound file to ship or license): the North American ring
 * cadence, 440 Hz + 480 Hz, two seconds on and four off, at a calm volume. Browsers only allow audio after
 * a user gesture, so `unlockAudioOnFirstGesture` creates the context on the first click or key press.
 */
let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Ctor = typeof window !== 'undefined' ? (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext) : undefined;
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    context = null;
  }
  return context;
}

export function unlockAudioOnFirstGesture(): () => void {
  const unlock = () => {
    const ctx = audioContext();
    if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => {});
    remove();
  };
  const remove = () => {
    window.removeEventListener('pointerdown', unlock, true);
    window.removeEventListener('keydown', unlock, true);
  };
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);
  return remove;
}

export class Ringtone {
  private timer: ReturnType<typeof setInterval> | null = null;
  private nodes: { osc: OscillatorNode[]; gain: GainNode } | null = null;

  get playing(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.burst();
    this.timer = setInterval(() => this.burst(), 6000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.silence();
  }

  private burst(): void {
    const ctx = audioContext();
    if (!ctx || ctx.state !== 'running') return;
    this.silence();
    const gain = ctx.createGain();
    const t = ctx.currentTime;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.08, t + 0.05);
    gain.gain.setValueAtTime(0.08, t + 1.95);
    gain.gain.linearRampToValueAtTime(0, t + 2);
    gain.connect(ctx.destination);
    const osc = [440, 480].map((freq) => {
      const o = ctx.createOscillator();
      o.frequency.value = freq;
      o.connect(gain);
      o.start(t);
      o.stop(t + 2.05);
      return o;
    });
    this.nodes = { osc, gain };
  }

  private silence(): void {
    if (!this.nodes) return;
    for (const o of this.nodes.osc) {
      try {
        o.stop();
      } catch {
        // already stopped
      }
    }
    this.nodes.gain.disconnect();
    this.nodes = null;
  }
}
