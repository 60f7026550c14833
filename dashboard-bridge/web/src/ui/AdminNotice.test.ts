import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { toVoicemail } from '../api/normalize';
import { voicemail } from '../testing/fixtures';
import { AdminNotice, adminNoticeText } from './AdminNotice';
import { Header } from './Header';

describe('the admins are visibly told about a voicemail', () => {
  it('says how many admins were emailed', () => {
    expect(adminNoticeText({ notification: 'emailed', notifiedAdmins: 2 })).toBe('Admins notified (2)');
  });

  it('says the notification was only logged when SMTP is not configured', () => {
    expect(adminNoticeText({ notification: 'logged', notifiedAdmins: 1 })).toBe('Notification logged (SMTP not configured)');
  });

  it('says when there was nobody to tell or the email failed, and nothing before the notification is done', () => {
    expect(adminNoticeText({ notification: 'no-admins', notifiedAdmins: 0 })).toBe('No admin to notify');
    expect(adminNoticeText({ notification: 'failed', notifiedAdmins: 1 })).toBe('Admin email failed');
    expect(adminNoticeText({ notification: null, notifiedAdmins: 0 })).toBeNull();
  });

  it('reads the server fields from a board delta and shows them on the card', () => {
    const vm = toVoicemail({ ...voicemail('vm-1', 3), notification: 'emailed', notifiedAdmins: 2 });
    expect(vm.notification).toBe('emailed');
    expect(vm.notifiedAdmins).toBe(2);
    expect(renderToStaticMarkup(createElement(AdminNotice, { vm }))).toContain('Admins notified (2)');
  });
});

describe('the header shows the signed-in role', () => {
  const props = {
    userName: 'Dana Admin',
    myStatus: 'available' as const,
    statusBusy: false,
    onToggleStatus: () => {},
    connection: { status: 'live' as const, attempt: 0, retryAt: null },
    phone: { state: 'ready' as const, kind: 'sim' },
    now: 0,
    onCall: false,
    onLogout: () => {},
  };

  it('an admin sees an Admin badge', () => {
    expect(renderToStaticMarkup(createElement(Header, { ...props, role: 'admin' }))).toMatch(/data-testid="role-badge"[^>]*>Admin</);
  });

  it('an agent sees none', () => {
    expect(renderToStaticMarkup(createElement(Header, { ...props, role: 'agent' }))).not.toContain('role-badge');
  });
});
