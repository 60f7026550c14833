const ASKED_KEY = 'switchboard.notificationsAsked';

function supported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** Asks for notification permission once per browser (remembered), from a user gesture. */
export function askNotificationPermissionOnce(): void {
  if (!supported() || Notification.permission !== 'default') return;
  try {
    if (localStorage.getItem(ASKED_KEY)) return;
    localStorage.setItem(ASKED_KEY, '1');
  } catch {
    // storage disabled: asking again later is harmless
  }
  void Notification.requestPermission().catch(() => {});
}

/** A desktop notification for a call ringing me, only while the tab is hidden. */
export function notifyIncoming(callSid: string, from: string | null): void {
  if (!supported() || Notification.permission !== 'granted' || !document.hidden) return;
  try {
    const n = new Notification('Incoming call', { body: `From ${from || 'unknown caller'}`, tag: `call-${callSid}` });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    // some browsers only allow notifications from a service worker
  }
}
