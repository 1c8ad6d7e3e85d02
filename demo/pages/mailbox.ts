import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { fillCount } from '../i18n.js';
import { DemoPage, settings } from '../state.js';

/** One message of `GET /snr/dev/outbox`. */
export interface OutboxMessage {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

type Load = { kind: 'loading' } | { kind: 'ready'; messages: OutboxMessage[] } | { kind: 'unavailable' } | { kind: 'failed'; message: string };

const POLL_MS = 3000;

export async function fetchOutbox(to?: string): Promise<OutboxMessage[] | null> {
  const url = new URL('/snr/dev/outbox', location.origin);
  if (to) url.searchParams.set('to', to);
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  // Without an outbox the path falls through to the demo's own index.html.
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return null;
  return (await res.json()) as OutboxMessage[];
}

/** A link of the mail, made relative when it points at this demo, so the router takes it. */
function localHref(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href, location.origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin === location.origin ? `${url.pathname}${url.search}${url.hash}` : url.href;
}

/**
 * The mail's HTML, rebuilt from its text and links only (parsed inert, never inserted as markup),
 * so a message cannot style or script the demo.
 */
function renderBody(message: OutboxMessage): TemplateResult {
  const doc = new DOMParser().parseFromString(message.html, 'text/html');
  const blocks = [...doc.body.querySelectorAll('p')];
  if (!blocks.length) return html`<pre class="mail-text">${message.text}</pre>`;
  return html`${blocks.map((p) => {
    const anchor = p.querySelector('a[href]');
    const href = anchor ? localHref(anchor.getAttribute('href')!) : null;
    if (anchor && href) return html`<p><a class="button mail-action" href=${href}>${anchor.textContent}</a></p>`;
    return html`<p>${p.textContent}</p>`;
  })}`;
}

/** The server's outbox as a mailbox: newest first, refreshed while the page is open. */
@customElement('demo-mailbox')
export class DemoMailbox extends DemoPage {
  @state() private load: Load = { kind: 'loading' };
  @state() private to = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, POLL_MS);
  }

  override disconnectedCallback(): void {
    clearInterval(this.timer);
    super.disconnectedCallback();
  }

  async refresh(): Promise<void> {
    try {
      const messages = await fetchOutbox(this.to.trim() || undefined);
      this.load = messages ? { kind: 'ready', messages } : { kind: 'unavailable' };
    } catch (_err) {
      this.load = { kind: 'failed', message: this.t.sessionOffline };
    }
  }

  protected override render() {
    const t = this.t;
    const dateFormat = new Intl.DateTimeFormat(settings.lang, { dateStyle: 'medium', timeStyle: 'medium' });
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${t.mailboxTitle}</h1>
        <p class="lead">${t.mailboxLead}</p>
      </div>
      <form class="toolbar" role="search" @submit=${(e: Event) => {
        e.preventDefault();
        void this.refresh();
      }}>
        <label>
          <span>${t.mailboxFilter}</span>
          <input type="email" name="to" autocomplete="off" .value=${this.to} @input=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="button secondary">${t.mailboxRefresh}</button>
        ${this.load.kind === 'ready' ? html`<p class="muted" role="status">${fillCount(settings.lang, t.mailboxCount, this.load.messages.length)}</p>` : nothing}
      </form>
      ${this.renderMessages(dateFormat)}
    `;
  }

  private renderMessages(dateFormat: Intl.DateTimeFormat) {
    const t = this.t;
    switch (this.load.kind) {
      case 'loading':
        return html`<p class="muted">${t.loading}</p>`;
      case 'unavailable':
        return html`<p class="notice">${t.mailboxUnavailable}</p>`;
      case 'failed':
        return html`<p class="notice error">${this.load.message}</p>`;
      case 'ready':
        if (!this.load.messages.length) return html`<p class="notice">${t.mailboxEmpty}</p>`;
        return html`<ol class="mail-list">
          ${repeat(
            this.load.messages,
            (m) => m.id,
            (m) => html`<li>
              <article class="mail" aria-labelledby="mail-${m.id}">
                <header>
                  <h2 id="mail-${m.id}" lang="en">${m.subject}</h2>
                  <dl class="mail-meta">
                    <div><dt>${t.mailboxTo}</dt><dd>${m.to}</dd></div>
                    <div><dt>${t.mailboxSent}</dt><dd><time datetime=${m.createdAt}>${dateFormat.format(new Date(m.createdAt))}</time></dd></div>
                  </dl>
                </header>
                <div class="mail-body" lang="en">${renderBody(m)}</div>
              </article>
            </li>`,
          )}
        </ol>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-mailbox': DemoMailbox;
  }
}
