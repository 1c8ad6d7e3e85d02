import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CustomerSession } from '../../contract/schemas.js';
import { asSnrError, errorText, raise } from '../../elements/shared/errors.js';
import { buttonContent, heading } from '../../elements/shared/kit.js';
import { css } from '../../elements/shared/tokens.js';
import type { Translation } from '../../i18n/index.js';
import type { Client, SnrError } from '../../session/index.js';

export interface SessionsPanelOptions {
  client(): Client | null;
  t(): Translation;
  headingLevel(): number;
  /** The heading's id (the account element focuses it when the step opens). */
  headingId: string;
  /** Back to the account's details. */
  back(): void;
}

type Host = ReactiveControllerHost & HTMLElement;

const STYLES = css(`
:where(snr-account) :where([part~=session-list]) { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_snr-space-3); }
:where(snr-account) :where([part~=session]) { display: grid; gap: var(--_snr-space-1); padding: var(--_snr-space-3); border: 1px solid color-mix(in srgb, var(--_snr-border) 45%, transparent); border-radius: var(--_snr-radius); }
:where(snr-account) :where([part~=session][aria-current]) { border-color: var(--_snr-primary); }
:where(snr-account) :where([part~=session-name]) { margin: 0; font-weight: 600; overflow-wrap: anywhere; display: flex; flex-wrap: wrap; align-items: baseline; gap: var(--_snr-space-2); }
:where(snr-account) :where([part~=current-device]) { font-size: 0.8125em; font-weight: 600; padding-inline: var(--_snr-space-2); border-radius: 999px; color: var(--_snr-on-primary); background: var(--_snr-primary); }
:where(snr-account) :where([part~=session-times]) { margin: 0; }
:where(snr-account) :where([part~=question]) { margin: 0; flex-basis: 100%; }
`);

const SECOND = 1000;
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400 * SECOND],
  ['month', 30 * 86_400 * SECOND],
  ['day', 86_400 * SECOND],
  ['hour', 3_600 * SECOND],
  ['minute', 60 * SECOND],
];

/** `at` relative to `now` (both epoch ms on the server's clock) in `lang`: "now", "5 minutes ago", "yesterday". */
export function relativeTime(lang: string, at: number, now: number): string {
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const diff = at - now;
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  return format.format(0, 'second');
}

/** What the list calls a session: the device when known, then the browser on its system ("Apple iPhone · Mobile Safari 17 on iOS"). */
export function sessionName(t: Translation, session: CustomerSession): string {
  const { browser, os, device } = session;
  const software = browser && os ? t.sessionsBrowserOn(browser, os) : (browser ?? os);
  return [device, software].filter(Boolean).join(' · ') || t.sessionsUnknownDevice;
}

/**
 * The list of signed-in devices, as a controller of the account element (light DOM, its styles
 * adopted once the capability loads). States: loading, failed (with retry), the list; a device's
 * "Sign out" asks first (the question replaces the button, focus on "Yes, sign out"; Escape or
 * Cancel go back); the outcome is said in a live region, and focus goes to the heading when the
 * button it was on is gone.
 */
export class SessionsPanel implements ReactiveController {
  private sessions: CustomerSession[] | null = null;
  private error: SnrError | null = null;
  private loading = false;
  /** The session whose sign-out is being asked about, or `others`. */
  private confirming: string | null = null;
  private busy: string | null = null;
  private status: { tone: 'success' | 'error'; text: string } | null = null;
  private focusNext: string | null = null;
  private readonly ids: string;

  constructor(
    private readonly host: Host,
    private readonly options: SessionsPanelOptions,
  ) {
    this.ids = options.headingId;
    host.addController(this);
    this.hostConnected();
  }

  hostConnected(): void {
    const root = this.host.getRootNode() as Document | ShadowRoot;
    const sheet = STYLES.styleSheet;
    if (sheet && 'adoptedStyleSheets' in root && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  hostUpdated(): void {
    if (!this.focusNext) return;
    (this.host.querySelector(`#${CSS.escape(this.focusNext)}`) as HTMLElement | null)?.focus();
    this.focusNext = null;
  }

  /** (Re)loads the list; called each time the step opens. */
  load(): void {
    const client = this.options.client();
    this.confirming = null;
    this.status = null;
    this.sessions = null;
    if (!client) return;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    client.getSessions({ cause: this.host }).then(
      (sessions) => {
        this.loading = false;
        this.sessions = sessions;
        this.host.requestUpdate();
      },
      (err) => {
        this.loading = false;
        this.error = asSnrError(err);
        raise(this.host, this.error, 'load-sessions', this.options.t());
        this.host.requestUpdate();
      },
    );
  }

  render() {
    const t = this.options.t();
    const id = this.ids;
    const sessions = this.sessions;
    const others = sessions?.filter((s) => !s.current) ?? [];
    return html`<section part="panel sessions" aria-labelledby=${id} aria-busy=${this.loading || this.busy ? 'true' : 'false'}>
      ${heading(id, this.options.headingLevel(), t.sessionsHeading)}
      <p part="intro">${t.sessionsIntro}</p>
      ${
        sessions === null
          ? html`<p part="summary" role="status" data-tone=${this.error ? 'error' : 'info'}>${this.error ? errorText(this.error)(t) : t.sessionsLoading}</p>
            ${this.error ? html`<div part="actions"><button part="button secondary retry" type="button" @click=${() => this.load()}>${t.retry}</button></div>` : nothing}`
          : html`<ul part="session-list">
              ${sessions.map((s) => this.renderSession(t, s))}
            </ul>
            ${others.length ? this.renderOthers(t) : html`<p part="hint no-others">${t.sessionsNoOthers}</p>`}`
      }
      <p part="summary" role="status" data-tone=${this.status?.tone ?? nothing} ?hidden=${!this.status}>${this.status?.text ?? ''}</p>
      <div part="actions">
        <button part="button secondary back" type="button" aria-disabled=${this.busy ? 'true' : nothing} @click=${this.back}>${t.backToAccount}</button>
      </div>
    </section>`;
  }

  private renderSession(t: Translation, session: CustomerSession) {
    const client = this.options.client();
    const now = client ? client.serverTime() : Date.now();
    const name = sessionName(t, session);
    const key = `${this.ids}-${session.id}`;
    const asking = this.confirming === session.id;
    const busy = this.busy === session.id;
    return html`<li part="session" aria-current=${session.current ? 'true' : nothing}>
      <p part="session-name" id=${`${key}-name`}>
        <span>${name}</span>${session.current ? html`<span part="current-device">${t.sessionsThisDevice}</span>` : nothing}
      </p>
      <p part="hint session-times">
        ${t.sessionsSignedIn(relativeTime(t.lang, session.createdAt, now))} · ${t.sessionsLastActive(relativeTime(t.lang, session.lastActiveAt, now))}
      </p>
      ${
        session.current
          ? nothing
          : html`<div part="actions" @keydown=${asking ? this.escape : nothing}>
            ${
              asking || busy
                ? html`<p part="question" id=${`${key}-question`}>${t.sessionsConfirm(name)}</p>
                  <button part="button danger sign-out-confirm" id=${`${key}-yes`} type="button" aria-describedby=${`${key}-question`} aria-disabled=${busy ? 'true' : nothing} @click=${() => this.signOutOne(session)}>
                    ${buttonContent(t.sessionsConfirmSubmit, t.signingOut, busy)}
                  </button>
                  <button part="button secondary cancel" type="button" aria-disabled=${busy ? 'true' : nothing} @click=${() => this.cancel(`${key}-out`)}>${t.cancel}</button>`
                : html`<button part="button secondary sign-out-session" id=${`${key}-out`} type="button" aria-describedby=${`${key}-name`} aria-disabled=${this.busy ? 'true' : nothing} @click=${() => this.ask(session.id, `${key}-yes`)}>${t.signOut}</button>`
            }
          </div>`
      }
    </li>`;
  }

  private renderOthers(t: Translation) {
    const key = `${this.ids}-others`;
    const asking = this.confirming === 'others';
    const busy = this.busy === 'others';
    return html`<div part="actions sign-out-others" @keydown=${asking ? this.escape : nothing}>
      ${
        asking || busy
          ? html`<p part="question" id=${`${key}-question`}>${t.sessionsConfirmOthers}</p>
            <button part="button danger sign-out-others-confirm" id=${`${key}-yes`} type="button" aria-describedby=${`${key}-question`} aria-disabled=${busy ? 'true' : nothing} @click=${this.signOutOthers}>
              ${buttonContent(t.sessionsConfirmSubmit, t.signingOut, busy)}
            </button>
            <button part="button secondary cancel" type="button" aria-disabled=${busy ? 'true' : nothing} @click=${() => this.cancel(`${key}-open`)}>${t.cancel}</button>`
          : html`<button part="button secondary sign-out-others-open" id=${`${key}-open`} type="button" aria-disabled=${this.busy ? 'true' : nothing} @click=${() => this.ask('others', `${key}-yes`)}>${t.sessionsSignOutOthers}</button>`
      }
    </div>`;
  }

  // ---- behaviour ------------------------------------------------------------------------------------

  private ask(which: string, focus: string): void {
    if (this.busy) return;
    this.confirming = which;
    this.status = null;
    this.focusNext = focus;
    this.host.requestUpdate();
  }

  private cancel(focus: string): void {
    if (this.busy) return;
    this.confirming = null;
    this.focusNext = focus;
    this.host.requestUpdate();
  }

  private readonly escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || this.busy) return;
    e.preventDefault();
    this.cancel(this.confirming === 'others' ? `${this.ids}-others-open` : `${this.ids}-${this.confirming}-out`);
  };

  private readonly back = () => {
    if (this.busy) return;
    this.confirming = null;
    this.status = null;
    this.options.back();
  };

  private async signOutOne(session: CustomerSession): Promise<void> {
    const client = this.options.client();
    if (!client || this.busy) return;
    const t = this.options.t();
    const name = sessionName(t, session);
    this.busy = session.id;
    this.host.requestUpdate();
    try {
      await client.signOutSession(session.id, { cause: this.host });
      this.gone(session.id, name);
    } catch (err) {
      const error = asSnrError(err);
      // Signed out already (by itself, or from another device): what was asked for is done.
      if (error.code === 'NOT_FOUND') this.gone(session.id, name);
      else {
        this.status = { tone: 'error', text: errorText(error)(t) };
        this.focusNext = `${this.ids}-${session.id}-yes`;
        raise(this.host, error, 'sign-out-session', t);
      }
    } finally {
      this.busy = null;
      this.host.requestUpdate();
    }
  }

  private gone(id: string, name: string): void {
    this.sessions = this.sessions?.filter((s) => s.id !== id) ?? null;
    this.confirming = null;
    this.status = { tone: 'success', text: this.options.t().sessionsSignedOutOne(name) };
    this.focusNext = this.ids;
  }

  private readonly signOutOthers = async () => {
    const client = this.options.client();
    if (!client || this.busy) return;
    const t = this.options.t();
    this.busy = 'others';
    this.host.requestUpdate();
    try {
      const count = await client.signOutOtherSessions({ cause: this.host });
      this.sessions = this.sessions?.filter((s) => s.current) ?? null;
      this.confirming = null;
      this.status = { tone: 'success', text: t.sessionsSignedOutOthers(count) };
      this.focusNext = this.ids;
    } catch (err) {
      const error = asSnrError(err);
      this.status = { tone: 'error', text: errorText(error)(t) };
      this.focusNext = `${this.ids}-others-yes`;
      raise(this.host, error, 'sign-out-other-sessions', t);
    } finally {
      this.busy = null;
      this.host.requestUpdate();
    }
  };
}
