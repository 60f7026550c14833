import { useCallback, useEffect, useRef, useState } from 'react';

/** The local clock, re-read every `intervalMs` (drives ring timers and countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

/** Short-lived messages; the same text is not stacked twice while it is still shown. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    const t = timers.current.get(id);
    if (t) clearTimeout(t);
    timers.current.delete(id);
    setToasts((list) => list.filter((x) => x.id !== id));
  }, []);

  const toast = useCallback(
    (text: string, kind: 'info' | 'error' = 'info') => {
      const id = next.current++;
      setToasts((list) => [...list.filter((x) => x.text !== text), { id, text, kind }].slice(-4));
      timers.current.set(id, setTimeout(() => dismiss(id), kind === 'error' ? 9000 : 6000));
    },
    [dismiss],
  );

  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((t) => clearTimeout(t));
  }, []);

  return { toasts, toast, dismiss };
}

/** Shows a toast (see useToasts). */
export type ShowToast = ReturnType<typeof useToasts>['toast'];
