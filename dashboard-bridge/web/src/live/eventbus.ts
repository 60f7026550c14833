import EventBus from '@vertx/eventbus-bridge-client.js';
import type { BusFactory } from './liveBoard';

/**
 * A SockJS event-bus connection to the bridge at `/eventbus` on this origin. The `sb_session` cookie (set by
 * login) authenticates the socket; LiveBoard owns reconnection, so the client's own reconnect stays off.
 */
export function browserBus(path = '/eventbus'): BusFactory {
  return () => {
    const bus = new EventBus(new URL(path, window.location.href).toString(), { vertxbus_ping_interval: 5000 });
    // the client logs unhandled frames to the console by default; LiveBoard installs its own onerror
    (bus as unknown as { onunhandled: (json: unknown) => void }).onunhandled = (json) => bus.onerror(json);
    return bus;
  };
}
