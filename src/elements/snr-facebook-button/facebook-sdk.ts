import { createContext } from '@lit/context';
import { SnrError } from '../../session/index.js';

/** What Facebook's JS SDK answers about a log-in (`FB.login`, `FB.getLoginStatus`). */
export interface FacebookLoginResponse {
  status: 'connected' | 'not_authorized' | 'unknown' | string;
  authResponse: { accessToken: string; userID?: string; expiresIn?: number; grantedScopes?: string } | null;
}

/** The part of `window.FB` the button uses. */
export interface FacebookSdk {
  init(options: { appId: string; version: string; cookie?: boolean; xfbml?: boolean; status?: boolean }): void;
  login(callback: (response: FacebookLoginResponse) => void, options?: { scope?: string; return_scopes?: boolean }): void;
  getLoginStatus(callback: (response: FacebookLoginResponse) => void): void;
}

/**
 * An SDK given to the buttons inside a part of the page, used as it is (already initialised), in
 * place of the one loaded from `sdk-url`: a design review's scripted stand-in, for one.
 */
export const facebookSdkContext = createContext<FacebookSdk>('snr-auth:facebook-sdk');

/** How long a script that loaded may take to define `window.FB` (the real SDK does it at once). */
const DEFINE_GRACE_MS = 2000;
/** How long the script itself may take to arrive. */
const LOAD_TIMEOUT_MS = 20_000;

interface Loader {
  pending: Promise<FacebookSdk> | null;
  /** Set once the SDK is in hand, so a click can call `FB.login` at once (pop-up blockers). */
  sdk: FacebookSdk | null;
}

type FacebookWindow = typeof globalThis & { FB?: FacebookSdk; fbAsyncInit?: () => void };

// On globalThis: a second copy of the bundle loads the SDK no second time.
const LOADER = Symbol.for('snr-auth.facebook-sdk');
function loader(): Loader {
  const g = globalThis as { [LOADER]?: Loader };
  return (g[LOADER] ??= { pending: null, sdk: null });
}

/** The SDK, when it is loaded and initialised already. */
export function loadedFacebookSdk(): FacebookSdk | null {
  return loader().sdk;
}

/**
 * Loads Facebook's JS SDK once per page and initialises it with the app id. When the page has its
 * own `window.FB` already, that one is used as it is (the page initialised it). A script that does
 * not load, or loads without defining `window.FB`, rejects with `PROVIDER_UNAVAILABLE`; the next
 * call tries again.
 */
export function loadFacebookSdk(url: string, appId: string, version: string): Promise<FacebookSdk> {
  const state = loader();
  if (state.pending) return state.pending;
  const win = globalThis as FacebookWindow;
  if (win.FB) {
    state.sdk = win.FB;
    return (state.pending = Promise.resolve(win.FB));
  }
  const pending = new Promise<FacebookSdk>((resolve, reject) => {
    const script = document.createElement('script');
    let settled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const previousInit = win.fbAsyncInit;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      const sdk = win.FB;
      if (error || !sdk) {
        script.remove();
        if (win.fbAsyncInit === onInit) win.fbAsyncInit = previousInit;
        reject(new SnrError('PROVIDER_UNAVAILABLE', error ?? `${url} loaded but defined no window.FB`));
        return;
      }
      try {
        sdk.init({ appId, version, cookie: false, xfbml: false });
      } catch (err) {
        reject(new SnrError('PROVIDER_UNAVAILABLE', `FB.init failed: ${String(err)}`, { cause: err }));
        return;
      }
      state.sdk = sdk;
      resolve(sdk);
    };
    // The SDK calls window.fbAsyncInit once it is ready; a page's own handler still runs.
    function onInit(this: unknown) {
      previousInit?.call(this);
      finish(null);
    }
    win.fbAsyncInit = onInit;
    script.async = true;
    script.crossOrigin = 'anonymous';
    script.src = url;
    // Under a nonce-based Content-Security-Policy the SDK's script needs the page's nonce (read
    // from the page's own scripts: the browser hides the attribute but keeps the property).
    const nonce = [...document.querySelectorAll<HTMLScriptElement>('script')].find((s) => s.nonce)?.nonce;
    if (nonce) script.nonce = nonce;
    script.dataset.snrFacebookSdk = '';
    script.addEventListener('load', () => {
      if (win.FB) finish(null);
      else timers.push(setTimeout(() => finish(win.FB ? null : `${url} loaded but defined no window.FB`), DEFINE_GRACE_MS));
    });
    script.addEventListener('error', () => finish(`could not load ${url}`));
    timers.push(setTimeout(() => finish(`${url} did not load within ${LOAD_TIMEOUT_MS / 1000} s`), LOAD_TIMEOUT_MS));
    document.head.append(script);
  });
  state.pending = pending;
  pending.catch(() => {
    if (state.pending === pending) state.pending = null;
  });
  return pending;
}
