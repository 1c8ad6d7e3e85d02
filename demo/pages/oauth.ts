import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { pl } from '../../src/i18n/pl.js';
import { type Client, en, isSnrError, session, type Translation } from '../../src/index.js';
import { demoProviders } from '../demo-providers.js';
import type { DemoLang } from '../i18n.js';
import { fill } from '../i18n.js';
import { fetchPublicConfig } from '../session.js';
import { DemoPage, settings } from '../state.js';

/** Where the page lives (the local provider's demo client redirects back here). */
export const OAUTH_PATH = '/oauth';

const TEXT = {
  en: {
    nav: 'Sign in with OAuth',
    title: 'Sign in with OAuth',
    lead: 'A site that already signs its customers in hands snr-auth an access token, and the server checks it with the site’s identity provider. Here the page gets the token itself: the authorization-code flow with PKCE against an OpenID Connect provider started on this machine for the demo, then client.authenticate(accessToken, ‘OAUTH’, { agreements }).',
    provider: 'local OpenID Connect provider (demo)',
    providerAt: 'Running at {issuer}: not a real identity provider, any login name signs in.',
    accounts: 'At the provider, sign in as ada (Ada Lovelace), grace (Grace Hopper) or any other name (it becomes name@example.com).',
    start: 'Sign in with the local provider',
    redirecting: 'Going to the provider…',
    exchanging: 'Back from the provider: exchanging the code for an access token…',
    authenticating: 'Signing in to snr-auth with the access token…',
    signedIn: 'Signed in as {name} ({email})',
    signedInDetail: 'Customer #{id}, signed in with {origin}.',
    signOut: 'Sign out',
    failed: 'Sign-in failed',
    code: 'Code',
    loading: 'Loading…',
    none: 'No local OpenID Connect provider runs next to this server. Start the demo with npm start to try this page.',
    configured:
      'This server sends OAuth tokens to your own endpoint (SNR_OAUTH_VERIFY_URL is set), so npm start did not start the local demo provider. Unset the variable to try the flow here.',
    stateMismatch: 'This answer from the provider does not belong to a sign-in started on this page. Start again.',
    noCrypto: 'This browser cannot make a PKCE challenge here: open the demo at http://127.0.0.1 or http://localhost.',
    network: 'The provider does not answer. Is npm start still running?',
    howTitle: 'What happens',
    how: [
      'The button sends you to the provider’s sign-in page with a PKCE challenge.',
      'The provider sends you back here with a one-time code; the page exchanges it for an access token.',
      'client.authenticate() hands the token to snr-auth, which asks the provider’s userinfo endpoint who it belongs to.',
      'A new person is registered with the agreements ticked in the form; a known one is signed in.',
    ],
  },
  pl: {
    nav: 'Logowanie przez OAuth',
    title: 'Logowanie przez OAuth',
    lead: 'Serwis, który sam loguje klientów, przekazuje snr-auth token dostępu, a serwer sprawdza go u dostawcy tożsamości serwisu. Tutaj strona zdobywa token sama: przepływ authorization code z PKCE u dostawcy OpenID Connect uruchomionego na tym komputerze na potrzeby demo, potem client.authenticate(accessToken, ‘OAUTH’, { agreements }).',
    provider: 'lokalny dostawca OpenID Connect (demo)',
    providerAt: 'Działa pod adresem {issuer}: to nie jest prawdziwy dostawca tożsamości, zaloguje każda nazwa.',
    accounts: 'U dostawcy zaloguj się jako ada (Ada Lovelace), grace (Grace Hopper) albo pod dowolną inną nazwą (stanie się adresem nazwa@example.com).',
    start: 'Zaloguj się u lokalnego dostawcy',
    redirecting: 'Przechodzenie do dostawcy…',
    exchanging: 'Powrót od dostawcy: wymiana kodu na token dostępu…',
    authenticating: 'Logowanie do snr-auth tokenem dostępu…',
    signedIn: 'Zalogowano jako {name} ({email})',
    signedInDetail: 'Klient nr {id}, zalogowany przez {origin}.',
    signOut: 'Wyloguj się',
    failed: 'Logowanie nie powiodło się',
    code: 'Kod',
    loading: 'Wczytywanie…',
    none: 'Obok tego serwera nie działa lokalny dostawca OpenID Connect. Uruchom demo poleceniem npm start, aby wypróbować tę stronę.',
    configured:
      'Ten serwer wysyła tokeny OAuth do Twojego własnego adresu (ustawiono SNR_OAUTH_VERIFY_URL), więc npm start nie uruchomił lokalnego dostawcy demo. Usuń tę zmienną, aby wypróbować przepływ tutaj.',
    stateMismatch: 'Ta odpowiedź dostawcy nie należy do logowania rozpoczętego na tej stronie. Zacznij od nowa.',
    noCrypto: 'Ta przeglądarka nie może tu utworzyć wyzwania PKCE: otwórz demo pod adresem http://127.0.0.1 lub http://localhost.',
    network: 'Dostawca nie odpowiada. Czy npm start nadal działa?',
    howTitle: 'Co się dzieje',
    how: [
      'Przycisk przenosi Cię na stronę logowania dostawcy z wyzwaniem PKCE.',
      'Dostawca odsyła Cię tutaj z jednorazowym kodem; strona wymienia go na token dostępu.',
      'client.authenticate() przekazuje token do snr-auth, który pyta punkt userinfo dostawcy, do kogo należy.',
      'Nowa osoba zostaje zarejestrowana ze zgodami zaznaczonymi w formularzu; znana zostaje zalogowana.',
    ],
  },
} satisfies Record<DemoLang, Record<string, string | string[]>>;

/** The navigation label of the page. */
export const oauthNavLabel = (lang: DemoLang): string => TEXT[lang].nav;

const ELEMENT_TEXT: Record<DemoLang, Translation> = { en, pl };

/** A sign-in under way, kept in sessionStorage across the trip to the provider. */
interface Flow {
  state: string;
  verifier: string;
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  redirectUri: string;
  agreements: Record<string, boolean>;
}

const FLOW_KEY = 'snr-demo:oauth-flow';

type Phase =
  | { kind: 'loading' }
  | { kind: 'unavailable'; why: 'none' | 'configured' }
  | { kind: 'ready' }
  | { kind: 'busy'; step: 'redirecting' | 'exchanging' | 'authenticating' }
  | { kind: 'signed-in'; name: string; email: string; origin: string; clientId: number | null };

/** An error to show: a code and, when there is no translated text for it, the message. */
interface Failure {
  code: string;
  text: (t: (typeof TEXT)[DemoLang], lang: DemoLang) => string;
}

class FlowError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly textKey?: 'stateMismatch' | 'noCrypto' | 'network',
  ) {
    super(message);
  }
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomString = (n: number) => base64url(crypto.getRandomValues(new Uint8Array(n)));

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; ok: boolean; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, cache: 'no-store' });
  } catch (err) {
    throw new FlowError('NETWORK_ERROR', String(err), 'network');
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, ok: res.ok, body };
}

function toFailure(err: unknown): Failure {
  if (isSnrError(err)) {
    const code = err.code;
    return { code, text: (_t, lang) => ELEMENT_TEXT[lang].errors[code] ?? err.message };
  }
  if (err instanceof FlowError) {
    const key = err.textKey;
    return { code: err.code, text: (t) => (key ? t[key] : err.message) };
  }
  return { code: 'UNEXPECTED', text: () => String(err instanceof Error ? err.message : err) };
}

/**
 * "Sign in with OAuth": the authorization-code flow with PKCE against the local OpenID Connect
 * provider `npm start` runs, then `client.authenticate(accessToken, 'OAUTH', { agreements })`.
 */
@customElement('demo-oauth')
export class DemoOauth extends DemoPage {
  @state() private phase: Phase = { kind: 'loading' };
  @state() private failure: Failure | null = null;
  @state() private issuer = '';
  @state() private agreementNames: string[] = [];
  @state() private agreements: Record<string, boolean> = {};
  private provider: { issuer: string; clientId: string; scope: string; redirectPath: string } | null = null;
  private unsubscribe?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.unsubscribe = session.subscribe(() => {
      if (this.phase.kind === 'signed-in' && !session.client?.isSignedIn()) this.phase = this.provider ? { kind: 'ready' } : { kind: 'loading' };
      else if (this.phase.kind === 'ready' && session.client?.isSignedIn()) void this.showCustomer();
    });
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    super.disconnectedCallback();
  }

  private get text() {
    return TEXT[settings.lang];
  }

  private async client(): Promise<Client> {
    await session.ready;
    const client = session.client!;
    await client.ready;
    return client;
  }

  private async load(): Promise<void> {
    const params = new URLSearchParams(location.search);
    const returning = params.has('state') && (params.has('code') || params.has('error'));
    // The code is single use and must not stay in the address bar (or the history).
    if (returning) history.replaceState(history.state, '', location.pathname);

    const [providers, config] = await Promise.all([demoProviders(), fetchPublicConfig().catch(() => null)]);
    this.agreementNames = config?.agreements ?? ['email', 'sms'];
    const oauth = providers.oauth;
    if (oauth?.kind === 'local') {
      this.provider = oauth;
      this.issuer = oauth.issuer;
    }
    if (returning) return this.finish(params);
    if (!this.provider) {
      this.phase = { kind: 'unavailable', why: oauth?.kind === 'configured' ? 'configured' : 'none' };
      return;
    }
    this.phase = { kind: 'ready' };
    if ((await this.client()).isSignedIn()) await this.showCustomer();
  }

  /** Step 1: off to the provider, with a PKCE challenge and a state kept for the way back. */
  private async start(): Promise<void> {
    if (this.phase.kind !== 'ready' || !this.provider) return;
    this.failure = null;
    this.phase = { kind: 'busy', step: 'redirecting' };
    try {
      if (!crypto.subtle) throw new FlowError('INSECURE_CONTEXT', 'crypto.subtle is not available', 'noCrypto');
      const discovery = await getJson(`${this.provider.issuer}/.well-known/openid-configuration`);
      if (!discovery.ok) throw new FlowError('DISCOVERY_FAILED', `The provider's discovery answered ${discovery.status}`);
      const verifier = randomString(32);
      const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
      const flow: Flow = {
        state: randomString(16),
        verifier,
        issuer: this.provider.issuer,
        clientId: this.provider.clientId,
        tokenEndpoint: String(discovery.body.token_endpoint),
        redirectUri: `${location.origin}${this.provider.redirectPath}`,
        agreements: Object.fromEntries(this.agreementNames.map((name) => [name, !!this.agreements[name]])),
      };
      sessionStorage.setItem(FLOW_KEY, JSON.stringify(flow));
      const url = new URL(String(discovery.body.authorization_endpoint));
      url.search = new URLSearchParams({
        client_id: flow.clientId,
        response_type: 'code',
        scope: this.provider.scope,
        redirect_uri: flow.redirectUri,
        state: flow.state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        // Always the sign-in page, so another account can be chosen each time.
        prompt: 'login',
      }).toString();
      location.assign(url.href);
    } catch (err) {
      this.failure = toFailure(err);
      this.phase = { kind: 'ready' };
    }
  }

  /** Steps 2 and 3: the code for an access token, the access token for an snr-auth session. */
  private async finish(params: URLSearchParams): Promise<void> {
    const raw = sessionStorage.getItem(FLOW_KEY);
    sessionStorage.removeItem(FLOW_KEY);
    try {
      const flow = raw ? (JSON.parse(raw) as Flow) : null;
      if (!flow || flow.state !== params.get('state')) throw new FlowError('STATE_MISMATCH', 'state mismatch', 'stateMismatch');
      const error = params.get('error');
      if (error) throw new FlowError(error, params.get('error_description') ?? error);
      const iss = params.get('iss');
      if (iss && iss !== flow.issuer) throw new FlowError('ISSUER_MISMATCH', `The answer came from ${iss}, not ${flow.issuer}`);
      this.phase = { kind: 'busy', step: 'exchanging' };
      const token = await getJson(flow.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: params.get('code') ?? '',
          redirect_uri: flow.redirectUri,
          client_id: flow.clientId,
          code_verifier: flow.verifier,
        }),
      });
      if (!token.ok || typeof token.body.access_token !== 'string') {
        const code = typeof token.body.error === 'string' ? token.body.error : `HTTP_${token.status}`;
        throw new FlowError(
          code,
          typeof token.body.error_description === 'string' ? token.body.error_description : `The token endpoint answered ${token.status}`,
        );
      }
      this.phase = { kind: 'busy', step: 'authenticating' };
      const client = await this.client();
      await client.authenticate(token.body.access_token, 'OAUTH', { agreements: flow.agreements });
      await this.showCustomer();
    } catch (err) {
      this.failure = toFailure(err);
      this.phase = this.provider ? { kind: 'ready' } : { kind: 'unavailable', why: 'none' };
      if (this.phase.kind === 'ready' && (await this.client()).isSignedIn()) await this.showCustomer();
    }
  }

  private async showCustomer(): Promise<void> {
    const client = await this.client();
    if (!client.isSignedIn()) return;
    try {
      const account = await client.getAccount();
      const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.displayName || account.email;
      this.phase = { kind: 'signed-in', name, email: account.email, origin: client.state.origin ?? '?', clientId: account.clientId };
    } catch (err) {
      this.failure = toFailure(err);
    }
  }

  private async signOut(): Promise<void> {
    const client = await this.client();
    try {
      await client.signOut();
    } catch (err) {
      this.failure = toFailure(err);
    }
    this.phase = this.provider ? { kind: 'ready' } : { kind: 'unavailable', why: 'none' };
  }

  protected override render() {
    const t = this.text;
    const lang = settings.lang;
    const elementText = ELEMENT_TEXT[lang];
    return html`
      <style>
        demo-oauth .oauth-body > * + *,
        demo-oauth form > * + * {
          margin-top: 1rem;
        }
        demo-oauth .oauth-agreements {
          border: 1px solid var(--demo-border, currentColor);
          border-radius: 8px;
          padding: 0.5rem 1rem 0.75rem;
        }
        demo-oauth .oauth-agreements label {
          display: flex;
          gap: 0.5rem;
          align-items: center;
          padding: 0.25rem 0;
        }
        demo-oauth .notice.error p {
          margin: 0.25rem 0;
        }
      </style>
      <div class="page-head">
        <h1 tabindex="-1">${t.title}</h1>
        <p class="lead">${t.lead}</p>
      </div>
      <div class="element-layout">
        <section class="card stage" aria-labelledby="oauth-provider">
          <h2 class="stage-label" id="oauth-provider"><span class="caps">${t.provider}</span></h2>
          ${this.issuer ? html`<p class="muted">${fill(t.providerAt, { issuer: this.issuer })}</p>` : nothing}
          <div class="oauth-body">${this.renderPhase(elementText)}</div>
          ${
            this.failure
              ? html`<div class="notice error" role="alert">
                <p><strong>${t.failed}</strong> · ${t.code}: <code>${this.failure.code}</code></p>
                <p>${this.failure.text(t, lang)}</p>
              </div>`
              : nothing
          }
        </section>
        <div class="side">
          <section class="card" aria-labelledby="oauth-how">
            <h2 id="oauth-how">${t.howTitle}</h2>
            <ol class="hints">
              ${t.how.map((step) => html`<li>${step}</li>`)}
            </ol>
          </section>
        </div>
      </div>
    `;
  }

  private renderPhase(elementText: Translation) {
    const t = this.text;
    const phase = this.phase;
    switch (phase.kind) {
      case 'loading':
        return html`<p class="muted" role="status">${t.loading}</p>`;
      case 'unavailable':
        return html`<p class="notice">${phase.why === 'configured' ? t.configured : t.none}</p>`;
      case 'busy':
        return html`<p role="status">${t[phase.step]}</p>`;
      case 'signed-in':
        return html`<div role="status">
            <p><strong>${fill(t.signedIn, { name: phase.name, email: phase.email })}</strong></p>
            <p class="muted">${fill(t.signedInDetail, { id: phase.clientId ?? '?', origin: phase.origin })}</p>
          </div>
          <button type="button" class="button secondary" @click=${() => void this.signOut()}>${t.signOut}</button>`;
      case 'ready':
        return html`<form
          @submit=${(e: Event) => {
            e.preventDefault();
            void this.start();
          }}
        >
          <p>${t.accounts}</p>
          <fieldset class="oauth-agreements">
            <legend>${elementText.agreementsLegend}</legend>
            ${this.agreementNames.map(
              (name) => html`<label>
                <input
                  type="checkbox"
                  name=${name}
                  .checked=${!!this.agreements[name]}
                  @change=${(e: Event) => (this.agreements = { ...this.agreements, [name]: (e.target as HTMLInputElement).checked })}
                />
                <span>${(elementText.agreements as Record<string, string>)[name] ?? name}</span>
              </label>`,
            )}
          </fieldset>
          <button type="submit" class="button">${t.start}</button>
        </form>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-oauth': DemoOauth;
  }
}
