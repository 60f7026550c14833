import { useEffect, useState, type RefObject } from 'react';
import { errorMessage, type Api } from '../api/http';
import type { AppConfig } from '../api/types';
import type { Phone, PhoneLeg, PhoneState } from '../phone/Phone';
import type { CallActions } from '../state/callActions';
import type { ShowToast } from './hooks';

export interface PhoneStatus {
  state: PhoneState;
  message?: string;
  kind: string | null;
}

/**
 * This device's phone, once the settings say which (the simulator's or Twilio's, loaded lazily): it is
 * started, kept in `phoneRef` for the call actions, and its rings go to `actions`. Returns its status and
 * the legs ringing it that the actions did not take at once (hand-overs waiting for Answer).
 */
export function usePhone(
  api: Api,
  config: AppConfig | null,
  me: string,
  actions: CallActions,
  toast: ShowToast,
  phoneRef: RefObject<Phone | null>,
): { phoneStatus: PhoneStatus; legs: Record<string, PhoneLeg> } {
  const [phoneStatus, setPhoneStatus] = useState<PhoneStatus>({ state: 'starting', kind: null });
  const [legs, setLegs] = useState<Record<string, PhoneLeg>>({});
  useEffect(() => {
    if (!config) return;
    let phone: Phone | null = null;
    let stopped = false;
    const fetchToken = () => api.twilioToken().then((t) => t.token);
    const setup = async () => {
      if (config.phone === 'sim') {
        if (!config.simPhoneUrl) throw new Error('the server reports no simulator phone URL');
        const { SimPhone } = await import('../phone/SimPhone');
        return new SimPhone(config.simPhoneUrl, me, fetchToken);
      }
      const { TwilioPhone } = await import('../phone/TwilioPhone');
      return new TwilioPhone(fetchToken);
    };
    setup()
      .then((p) => {
        if (stopped) return;
        phone = p;
        phoneRef.current = p;
        setPhoneStatus({ state: 'starting', kind: p.kind });
        p.subscribe((event) => {
          switch (event.type) {
            case 'state':
              setPhoneStatus({ state: event.state, message: event.message, kind: p.kind });
              break;
            case 'incoming':
              if (!actions.onIncoming(event.leg)) setLegs((l) => ({ ...l, [event.leg.callSid]: event.leg }));
              break;
            case 'cancelled':
            case 'disconnected':
            case 'connected':
              if (event.type !== 'connected') actions.onLegGone(event.callSid);
              setLegs((l) => {
                if (!(event.callSid in l)) return l;
                const next = { ...l };
                delete next[event.callSid];
                return next;
              });
              break;
            case 'error':
              setPhoneStatus((s) => ({ ...s, message: event.message }));
              break;
          }
        });
        return p.start();
      })
      .catch((e) => {
        if (stopped) return;
        setPhoneStatus({ state: 'error', message: errorMessage(e), kind: config.phone });
        toast(`The phone could not start: ${errorMessage(e)}`, 'error');
      });
    return () => {
      stopped = true;
      phone?.stop();
      if (phoneRef.current === phone) phoneRef.current = null;
      setLegs({});
    };
    // phoneRef never changes
  }, [config, api, me, actions, toast]);
  return { phoneStatus, legs };
}
