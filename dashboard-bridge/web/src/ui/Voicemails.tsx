import { useEffect, useRef, useState } from 'react';
import { errorMessage, type Api } from '../api/http';
import type { VoicemailView } from '../api/types';
import { formatDuration } from '../state/selectors';
import { AdminNotice } from './AdminNotice';
import { Transcription } from './Transcription';

interface Props {
  api: Api;
  voicemails: VoicemailView[];
  onHandled(voicemailId: string, handled: boolean): void;
  toast(message: string, kind: 'info' | 'error'): void;
}

export function VoicemailsPanel({ api, voicemails, onHandled, toast }: Props) {
  const open = voicemails.filter((v) => !v.handled).length;
  return (
    <section className="panel voicemails" aria-labelledby="vm-title">
      <h2 id="vm-title">
        Voicemails <span className="count">{open} new</span>
      </h2>
      <div className="panel-body">
        {voicemails.length === 0 && <p className="empty">No voicemails.</p>}
        {voicemails.map((v) => (
          <Voicemail key={v.voicemailId} api={api} vm={v} onHandled={onHandled} toast={toast} />
        ))}
      </div>
    </section>
  );
}

function Voicemail({ api, vm, onHandled, toast }: { api: Api; vm: VoicemailView } & Pick<Props, 'onHandled' | 'toast'>) {
  const [src, setSrc] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);

  useEffect(() => () => {
    if (src) URL.revokeObjectURL(src);
  }, [src]);

  useEffect(() => {
    if (src) void audio.current?.play().catch(() => {});
  }, [src]);

  async function play() {
    if (src) {
      void audio.current?.play().catch(() => {});
      return;
    }
    setLoading(true);
    try {
      setSrc(URL.createObjectURL(await api.voicemailAudio(vm.voicemailId)));
    } catch (error) {
      toast(`Could not load the recording: ${errorMessage(error)}`, 'error');
    } finally {
      setLoading(false);
    }
  }

  const when = vm.createdAt ? new Date(vm.createdAt) : null;
  return (
    <article className={`vm${vm.handled ? ' handled' : ''}`} data-testid={`voicemail-${vm.voicemailId}`} data-handled={vm.handled}>
      <div className="vm-line">
        <span className="caller">{vm.from || 'Unknown caller'}</span>
        <span className="sub">
          {when ? when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : ''} · {formatDuration(vm.durationSeconds)}
        </span>
      </div>
      {vm.transcription && <Transcription text={vm.transcription} />}
      <AdminNotice vm={vm} />
      <div className="vm-line">
        {src ? (
          <audio ref={audio} src={src} controls preload="auto" className="vm-audio" data-testid={`voicemail-audio-${vm.voicemailId}`} />
        ) : (
          <button className="btn btn-small" data-testid={`voicemail-play-${vm.voicemailId}`} disabled={loading} onClick={play}>
            {loading ? 'Loading…' : '▶ Play'}
          </button>
        )}
        <button className="btn btn-small btn-quiet" data-testid={`voicemail-handled-${vm.voicemailId}`} onClick={() => onHandled(vm.voicemailId, !vm.handled)}>
          {vm.handled ? 'Reopen' : 'Mark handled'}
        </button>
      </div>
    </article>
  );
}
