import { escapeHtml } from '../html.js';

export type MailKind = 'activation' | 'confirmation' | 'password_reset' | 'email_change';

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
  email_change: {
    subject: 'Confirm your new email address',
    lead: 'Someone asked to move their account to this email address. To confirm the change, follow this link:',
    action: 'Confirm the new address',
    after: 'The link works for 1 hour and only once. If you did not ask for it, ignore this email: no account moves to this address.',
  },
};

/** Longest name a mail greets by; a longer one is left out, not cut. */
export const MAIL_NAME_MAX = 40;

/**
 * A name fit to be written into our mail, or undefined. Our sender vouches for every word of a mail,
 * so a name is used only when it is plainly a name: one line (control and bidirectional format
 * characters go; rows written before the one-line rule may hold them), at most `MAIL_NAME_MAX`
 * characters, and nothing a mail client would make a link of (a scheme, `www.`, an address, a
 * dotted host such as `evil.example`). Anything else is left out whole: a cut URL is still a URL.
 */
export function plainName(name: string | null | undefined): string | undefined {
  const oneLine = name
    ?.normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!oneLine) return undefined;
  if ([...oneLine].length > MAIL_NAME_MAX) return undefined;
  if (/[:/\\@<>]|www\.|\S\.\p{L}{2,}/iu.test(oneLine)) return undefined;
  return oneLine;
}

/**
 * A mail of one kind with its link. Activation and confirmation mails go to an address nobody has
 * confirmed yet (anyone may type anyone's address into a registration), so they carry no text the
 * registrant typed: `name` is used by a password reset mail only, and the caller passes it only when
 * the address was confirmed (email-links.ts); even then only a plain name (`plainName`).
 */
export function renderMail(kind: MailKind, link: string, name?: string | null): MailContent {
  const copy = COPY[kind];
  const shown = kind === 'password_reset' ? plainName(name) : undefined;
  const greeting = shown ? `Hello ${shown},` : 'Hello,';
  return {
    subject: copy.subject,
    text: `${greeting}\n\n${copy.lead}\n\n${link}\n\n${copy.after}\n`,
    html:
      `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(copy.lead)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(copy.action)}</a></p>` +
      `<p style="color:#555">${escapeHtml(copy.after)}</p>`,
  };
}

/** Mails that tell, and carry no link. */
export type NoticeKind = 'email_change_requested' | 'email_change_taken';

const NOTICES: Record<NoticeKind, { subject: string; lines: (detail: string) => string[] }> = {
  // To the account's current address: the change is not made until the new address confirms it.
  email_change_requested: {
    subject: 'Your email address is about to change',
    lines: (newEmail) => [
      `Someone signed in to your account asked to change its email address to ${newEmail}.`,
      'Nothing changes until the link sent to that address is followed.',
      'If this was not you, change your password now: that ends the request and signs everyone else out.',
    ],
  },
  // To an address that already has an account: nothing moves, and the requester is not told.
  email_change_taken: {
    subject: 'Someone tried to use your email address',
    lines: () => [
      'Someone asked to move another account to this email address. This address already has an account, so nothing was changed.',
      'If it was you, sign in to the account this address already has (or reset its password). If it was not, ignore this email.',
    ],
  },
};

/** A notice; `name` only for a confirmed address (the caller's part), and only a plain one (`plainName`). */
export function renderNotice(kind: NoticeKind, detail: string, name?: string | null): MailContent {
  const copy = NOTICES[kind];
  const shown = plainName(name);
  const greeting = shown ? `Hello ${shown},` : 'Hello,';
  const lines = copy.lines(detail);
  return {
    subject: copy.subject,
    text: `${greeting}\n\n${lines.join('\n\n')}\n`,
    html: `<p>${escapeHtml(greeting)}</p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}`,
  };
}

/**
 * The activation mail of the `pin` registration mode: a 6-digit code to type in, no link. The
 * address is not confirmed yet, so the mail carries nothing the registrant typed (no name).
 */
export function renderPinMail(code: string, minutes: number): MailContent {
  const greeting = 'Hello,';
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

// ---- sign-in with an emailed code (DESIGN.md, "Passwordless") -------------------------------------

const codeBlock = (code: string) => `<p style="font-size:1.5em;font-weight:bold;letter-spacing:0.2em">${escapeHtml(code)}</p>`;

/**
 * The sign-in code. `name` is passed by the caller only for a confirmed address, and shown only
 * when plain (`plainName`): until the address is confirmed the account may be someone else's doing.
 */
export function renderSignInCodeMail(code: string, minutes: number, name?: string | null): MailContent {
  const shown = plainName(name);
  const greeting = shown ? `Hello ${shown},` : 'Hello,';
  const lead = 'Here is your code to sign in. Enter it on the page where you asked for it:';
  const after = `The code works for ${minutes} minutes and only once. A newer code replaces it. If you did not ask for it, ignore this email: nobody can sign in without the code.`;
  return {
    subject: `${code} is your sign-in code`,
    text: `${greeting}\n\n${lead}\n\n${code}\n\n${after}\n`,
    html: `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(lead)}</p>${codeBlock(code)}<p style="color:#555">${escapeHtml(after)}</p>`,
  };
}

/**
 * A sign-in code was asked for an account that waits for activation: no code (it could not sign
 * in), but how to finish, with a fresh activation link. Nothing the registrant typed: the address is
 * not confirmed.
 */
export function renderSignInCodeActivationMail(link: string): MailContent {
  const greeting = 'Hello,';
  const lead =
    'Someone asked for a code to sign in with this email address. Your account is not activated yet, so no code was sent. To finish the activation, follow this link, then sign in:';
  const after = 'The link works for 7 days. If you did not ask for a code, ignore this email.';
  return {
    subject: 'Activate your account to sign in',
    text: `${greeting}\n\n${lead}\n\n${link}\n\n${after}\n`,
    html:
      `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(lead)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml('Activate account')}</a></p>` +
      `<p style="color:#555">${escapeHtml(after)}</p>`,
  };
}

/**
 * A sign-in code was asked for an address that has no account: an offer to register (where the
 * registration mode allows one, see `unknownAddressMail` in identity/sign-in-code.ts), linking to
 * the site when `SNR_SITE_URL` names it. It carries nothing anyone typed.
 */
export function renderSignInCodeNoAccountMail(siteUrl: string | undefined): MailContent {
  const greeting = 'Hello,';
  const lead = 'Someone asked for a code to sign in with this email address, but no account uses it, so no code was sent.';
  const offer = siteUrl
    ? 'If you would like an account, you can create one on the site:'
    : 'If you would like an account, choose "Create an account" on the page where you asked for the code.';
  const after = 'If you did not ask for a code, ignore this email: no account has been made.';
  const text = `${greeting}\n\n${lead}\n\n${offer}${siteUrl ? `\n\n${siteUrl}` : ''}\n\n${after}\n`;
  return {
    subject: 'No account uses this email address',
    text,
    html:
      `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(lead)}</p><p>${escapeHtml(offer)}</p>` +
      (siteUrl ? `<p><a href="${escapeHtml(siteUrl)}">${escapeHtml('Create an account')}</a></p>` : '') +
      `<p style="color:#555">${escapeHtml(after)}</p>`,
  };
}
