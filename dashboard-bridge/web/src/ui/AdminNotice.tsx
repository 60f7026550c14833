import type { VoicemailView } from '../api/types';

/** What the voicemail card says about telling the org's admins; null while nothing is known. */
export function adminNoticeText(vm: Pick<VoicemailView, 'notification' | 'notifiedAdmins'>): string | null {
  switch (vm.notification) {
    case 'emailed':
      return `Admins notified (${vm.notifiedAdmins})`;
    case 'logged':
      return 'Notification logged (SMTP not configured)';
    case 'no-admins':
      return 'No admin to notify';
    case 'failed':
      return 'Admin email failed';
    default:
      return null;
  }
}

export function AdminNotice({ vm }: { vm: VoicemailView }) {
  const text = adminNoticeText(vm);
  if (!text) return null;
  return (
    <span className={`vm-notice vm-notice-${vm.notification}`} data-testid={`voicemail-notice-${vm.voicemailId}`}>
      {text}
    </span>
  );
}
