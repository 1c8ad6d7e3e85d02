import { SnrError } from '../../session/index.js';

/** Google Identity Services' answer to a sign-in (`CredentialResponse`). */
export interface GoogleCredentialResponse {
  credential?: string;
  select_by?: string;
}

/** What `google.accounts.id.prompt` tells its listener about the One Tap prompt. */
export interface GooglePromptNotification {
  isNotDisplayed?(): boolean;
  getNotDisplayedReason?(): string;
  isSkippedMoment?(): boolean;
  getSkippedReason?(): string;
  isDismissedMoment?(): boolean;
  getDismissedReason?(): string;
}

/** The part of `window.google.accounts.id` the button uses. */
export interface GoogleIdentity {
  initialize(options: {
    client_id: string;
    callback: (response: GoogleCredentialResponse) => void;
    nonce?: string;
    auto_select?: boolean;
    cancel_on_tap_outside?: boolean;
    ux_mode?: 'popup' | 'redirect';
    context?: 'signin' | 'signup' | 'use';
    itp_support?: boolean;
    use_fedcm_for_prompt?: boolean;
  }): void;
  prompt(listener?: (notification: GooglePromptNotification) => void): void;
  cancel?(): void;
}

/** Sign in with Apple JS's answer (`AppleID.auth.signIn()` with `usePopup`). */
export interface AppleSignInResponse {
  authorization?: { id_token?: string; code?: string; state?: string };
  user?: { email?: string; name?: { firstName?: string; lastName?: string } };
}

/** The part of `window.AppleID.auth` the button uses. */
export interface AppleAuth {
  init(options: { clientId: string; scope?: string; redirectURI: string; state?: string; nonce?: string; usePopup?: boolean }): void;
  signIn(): Promise<AppleSignInResponse>;
}

type ProviderWindow = typeof globalThis & { google?: { accounts?: { id?: GoogleIdentity } }; AppleID?: { auth?: AppleAuth } };

/** How long the script may take to arrive, and then to define its global. */
const LOAD_TIMEOUT_MS = 20_000;
const DEFINE_GRACE_MS = 2000;

// On globalThis: a second copy of the bundle loads no script a second time.
const LOADS = Symbol.for('snr-auth.provider-scripts');
const loads = (): Map<string, Promise<unknown>> => ((globalThis as { [LOADS]?: Map<string, Promise<unknown>> })[LOADS] ??= new Map());

/**
 * Loads a provider's script once per page (per URL) and answers the global it defines. A script
 * that does not load, or defines nothing, rejects with `PROVIDER_UNAVAILABLE`; the next call tries again.
 */
function loadScript<T>(url: string, found: () => T | undefined): Promise<T> {
  const present = found();
  if (present) return Promise.resolve(present);
  const known = loads().get(url) as Promise<T> | undefined;
  if (known) return known;
  const pending = new Promise<T>((resolve, reject) => {
    const script = document.createElement('script');
    const timers: ReturnType<typeof setTimeout>[] = [];
    let settled = false;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      const value = found();
      if (error || !value) {
        script.remove();
        reject(new SnrError('PROVIDER_UNAVAILABLE', error ?? `${url} loaded but defined nothing to sign in with`));
      } else resolve(value);
    };
    script.async = true;
    script.src = url;
    // Under a nonce-based Content-Security-Policy the script needs the page's nonce.
    const nonce = [...document.querySelectorAll<HTMLScriptElement>('script')].find((s) => s.nonce)?.nonce;
    if (nonce) script.nonce = nonce;
    script.dataset.snrProviderScript = '';
    script.addEventListener('load', () => {
      if (found()) finish(null);
      else timers.push(setTimeout(() => finish(null), DEFINE_GRACE_MS));
    });
    script.addEventListener('error', () => finish(`could not load ${url}`));
    timers.push(setTimeout(() => finish(`${url} did not load within ${LOAD_TIMEOUT_MS / 1000} s`), LOAD_TIMEOUT_MS));
    document.head.append(script);
  });
  loads().set(url, pending);
  pending.catch(() => {
    if (loads().get(url) === pending) loads().delete(url);
  });
  return pending;
}

export const loadedGoogle = (): GoogleIdentity | undefined => (globalThis as ProviderWindow).google?.accounts?.id;
export const loadedApple = (): AppleAuth | undefined => (globalThis as ProviderWindow).AppleID?.auth;

export const loadGoogle = (url: string) => loadScript(url, loadedGoogle);
export const loadApple = (url: string) => loadScript(url, loadedApple);

/** A nonce for one sign-in attempt: 32 random bytes, base64url (43 characters). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Google's ID token for this attempt: `initialize` with the client id and the attempt's nonce, then
 * the prompt; its callback brings the credential. A prompt not shown (no Google session, the
 * person turned it off, third-party sign-in blocked) is `PROVIDER_UNAVAILABLE`; one dismissed or
 * skipped is `PROVIDER_CANCELLED`.
 */
export function googleIdToken(google: GoogleIdentity, clientId: string, nonce: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let done = false;
    const settle = (fn: () => void) => {
      if (done) return;
      done = true;
      fn();
    };
    try {
      google.initialize({
        client_id: clientId,
        nonce,
        auto_select: false,
        cancel_on_tap_outside: true,
        context: 'signin',
        ux_mode: 'popup',
        itp_support: true,
        use_fedcm_for_prompt: true,
        callback: (response) =>
          settle(() =>
            response?.credential ? resolve(response.credential) : reject(new SnrError('PROVIDER_CANCELLED', 'Google answered without a credential')),
          ),
      });
      google.prompt((n) => {
        if (n?.isNotDisplayed?.()) {
          settle(() => reject(new SnrError('PROVIDER_UNAVAILABLE', `Google's prompt was not shown (${n.getNotDisplayedReason?.() ?? 'unknown'})`)));
        } else if (n?.isSkippedMoment?.()) {
          settle(() => reject(new SnrError('PROVIDER_CANCELLED', `Google's prompt was skipped (${n.getSkippedReason?.() ?? 'unknown'})`)));
        } else if (n?.isDismissedMoment?.() && n.getDismissedReason?.() !== 'credential_returned') {
          settle(() => reject(new SnrError('PROVIDER_CANCELLED', `Google's prompt was dismissed (${n.getDismissedReason?.() ?? 'unknown'})`)));
        }
      });
    } catch (err) {
      settle(() => reject(new SnrError('PROVIDER_UNAVAILABLE', `Google Identity Services failed: ${String(err)}`, { cause: err })));
    }
  });
}

/**
 * Apple's ID token for this attempt: `AppleID.auth.init` with the Services ID, the page as the
 * redirect URI, a pop-up and the attempt's nonce, then `signIn()`. Closing the pop-up is
 * `PROVIDER_CANCELLED`; a blocked one `POPUP_BLOCKED`.
 */
export async function appleIdToken(apple: AppleAuth, clientId: string, nonce: string, redirectURI: string): Promise<string> {
  let answer: AppleSignInResponse;
  try {
    apple.init({ clientId, scope: 'name email', redirectURI, state: nonce.slice(0, 16), nonce, usePopup: true });
    answer = await apple.signIn();
  } catch (err) {
    const reason = (err as { error?: unknown } | null)?.error;
    if (reason === 'popup_closed_by_user' || reason === 'user_cancelled_authorize') throw new SnrError('PROVIDER_CANCELLED', 'The Apple sign-in was closed');
    if (reason === 'popup_blocked_by_browser') throw new SnrError('POPUP_BLOCKED', "Apple's sign-in window did not open (a pop-up blocker?)");
    throw new SnrError('PROVIDER_UNAVAILABLE', `Sign in with Apple failed: ${String(reason ?? err)}`, { cause: err });
  }
  const token = answer?.authorization?.id_token;
  if (!token) throw new SnrError('PROVIDER_CANCELLED', 'Apple answered without an ID token');
  return token;
}
