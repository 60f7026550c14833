import { describe, expect, it } from 'vitest';
import type { PhoneEvent } from './Phone';
import { SimPhone, type SocketFactory } from './SimPhone';

class FakeSocket {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  frame(f: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
}

async function started() {
  const sockets: FakeSocket[] = [];
  const factory: SocketFactory = () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s as unknown as ReturnType<SocketFactory>;
  };
  const phone = new SimPhone('ws://sim/sim/phone', 'a1', async () => 'tok', factory);
  const events: PhoneEvent[] = [];
  phone.subscribe((e) => events.push(e));
  const ready = phone.start();
  await Promise.resolve();
  await Promise.resolve();
  sockets[0].open();
  sockets[0].frame({ type: 'registered', identity: 'a1' });
  await ready;
  return { phone, socket: sockets[0], events };
}

describe('the telephony-sim phone', () => {
  it('registers with the identity and token, and is ready once the sim says so', async () => {
    const { socket, events } = await started();
    expect(socket.sent[0]).toEqual({ type: 'register', identity: 'a1', token: 'tok' });
    expect(events.some((e) => e.type === 'state' && e.state === 'ready')).toBe(true);
  });

  it('keys legs by the PSTN callSid parameter and answers with the child leg sid', async () => {
    const { phone, socket, events } = await started();
    socket.frame({ type: 'incoming', callSid: 'CL1', parentCallSid: 'CAp', from: '+1555', to: 'client:a1', parameters: { callSid: 'CA1' } });
    expect(events.at(-1)).toEqual({ type: 'incoming', leg: { callSid: 'CA1', legSid: 'CL1', from: '+1555', parameters: { callSid: 'CA1' } } });
    expect(phone.isRinging('CA1')).toBe(true);
    expect(phone.accept('CA1')).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'accept', callSid: 'CL1' });
    socket.frame({ type: 'connected', callSid: 'CL1' });
    expect(events.at(-1)).toEqual({ type: 'connected', callSid: 'CA1' });
    expect(phone.accept('CA1')).toBe(false); // no second accept of a connected leg
    expect(phone.hangup('CA1')).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'hangup', callSid: 'CL1' });
    socket.frame({ type: 'disconnected', callSid: 'CL1' });
    expect(events.at(-1)).toEqual({ type: 'disconnected', callSid: 'CA1' });
  });

  it('reports a cancelled ring and knows nothing about it afterwards', async () => {
    const { phone, socket, events } = await started();
    socket.frame({ type: 'incoming', callSid: 'CL2', parentCallSid: 'CA2', from: '+1555', parameters: {} });
    socket.frame({ type: 'cancel', callSid: 'CL2' });
    expect(events.at(-1)).toEqual({ type: 'cancelled', callSid: 'CA2' });
    expect(phone.accept('CA2')).toBe(false);
    expect(phone.reject('CA2')).toBe(false);
  });

  it('rejects with the child leg sid', async () => {
    const { phone, socket } = await started();
    socket.frame({ type: 'incoming', callSid: 'CL3', parameters: { callSid: 'CA3' } });
    expect(phone.reject('CA3')).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'reject', callSid: 'CL3' });
  });

  it('treats legs of a lost socket as cancelled', async () => {
    const { socket, events, phone } = await started();
    socket.frame({ type: 'incoming', callSid: 'CL4', parameters: { callSid: 'CA4' } });
    socket.onclose?.({});
    expect(events.some((e) => e.type === 'cancelled' && e.callSid === 'CA4')).toBe(true);
    phone.stop();
  });
});
