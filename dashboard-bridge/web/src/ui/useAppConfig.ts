import { useEffect, useState } from 'react';
import { errorMessage, type Api } from '../api/http';
import type { AppConfig } from '../api/types';
import type { ShowToast } from './hooks';

/** The server's settings for this UI (which phone, the demo's numbers); null until loaded. */
export function useAppConfig(api: Api, toast: ShowToast): AppConfig | null {
  const [config, setConfig] = useState<AppConfig | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.config().then(
      (c) => !cancelled && setConfig(c),
      (e) => !cancelled && toast(`Could not load the settings: ${errorMessage(e)}`, 'error'),
    );
    return () => {
      cancelled = true;
    };
  }, [api, toast]);
  return config;
}
