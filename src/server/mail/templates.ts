import { escapeHtml } from '../html.js';

export type MailKind = 'activation' | 'confirmation' | 'password_reset';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const COPY: Record<MailKind, { subject: string; lead: string; action: string; after: string }> = {
  activation: {
    subject: 'Activate your account',
    lead: 'Thanks for signing up. Activate your account to sign in:',
    action: 'Activate account',
    after: 'The link works for 7 days. If you did not sign up, ignore this email.',
  },
  confirmation: {
    subject: 'Confirm your email address',
    lead: 'Thanks for signing up. Please confirm your email address:',
    action: 'Confirm email',
    after: 'The link works for 7 days. If you did not sign up, ignore this email.',
  },
  password_reset: {
    subject: 'Reset your password',
    lead: 'Someone asked to reset the password of your account. To choose a new password, follow this link:',
    action: 'Choose a new password',
    after: 'The link works for 1 hour and only once. If you did not ask for it, ignore this email: your password stays as it is.',
  },
};

export function renderMail(kind: MailKind, link: string, name?: string | null): MailContent {
  const copy = COPY[kind];
  // Names are refused with line breaks, but rows written before that rule may hold them.
  const oneLine = name?.replace(/\p{Cc}+/gu, ' ').trim();
  const greeting = oneLine ? `Hello ${oneLine},` : 'Hello,';
  return {
    subject: copy.subject,
    text: `${greeting}\n\n${copy.lead}\n\n${link}\n\n${copy.after}\n`,
    html:
      `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(copy.lead)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(copy.action)}</a></p>` +
      `<p style="color:#555">${escapeHtml(copy.after)}</p>`,
  };
}

/** The activation mail of the `pin` registration mode: a 6-digit code to type in, no link. */
export function renderPinMail(code: string, minutes: number, name?: string | null): MailContent {
  const oneLine = name?.replace(/\p{Cc}+/gu, ' ').trim();
  const greeting = oneLine ? `Hello ${oneLine},` : 'Hello,';
  const lead = 'Thanks for signing up. To activate your account, enter this code on the page where you signed up:';
  const after = `The code works for ${minutes} minutes and only once. A newer code replaces it. If you did not sign up, ignore this email.`;
  return {
    subject: `${code} is your activation code`,
    text: `${greeting}\n\n${lead}\n\n${code}\n\n${after}\n`,
    html:
      `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(lead)}</p>` +
      `<p style="font-size:1.5em;font-weight:bold;letter-spacing:0.2em">${escapeHtml(code)}</p>` +
      `<p style="color:#555">${escapeHtml(after)}</p>`,
  };
}
