import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SnrError } from '../../session/index.js';
import { type FacebookLoginResponse, type FacebookSdk, facebookSdkContext, loadedFacebookSdk, loadFacebookSdk } from './facebook-sdk.js';

/** The permissions asked of Facebook: the server needs the email to find or make the account. */
export const FACEBOOK_SCOPE = 'email,public_profile';

/**
 * With no answer from `FB.login` and no sign of its window (the page never lost focus, nothing
 * else in the page took it) this long after the call, the pop-up was blocked.
 */
export const POPUP_GRACE_MS = 1500;

export interface FacebookControllerOptions {
  /** Where the SDK is loaded from. */
  sdkUrl: () => string;
  /** The Graph API version given to `FB.init`. */
  version: () => string;
  /** A log-in already given up as blocked answered with a token after all (the browser let its window through). */
  onLateLogin: (token: string) => void;
}

/**
 * Watches for the log-in window `FB.login` opens: a pop-up takes the focus from the page (or hides
 * it, on phones); an in-page dialog takes the focus from the button.
 */
function watchLoginWindow(): { seen: () => boolean; stop: () => void } {
  let seen = false;
  const mark = () => (seen = true);
  const onBlur = (e: Event) => e.target === window && mark();
  const onVisibility = () => document.hidden && mark();
  window.addEventListener('blur', onBlur);
  document.addEventListener('focusin', mark, true);
  document.addEventListener('visibilitychange', onVisibility);
  return {
    seen: () => seen,
    stop: () => {
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('focusin', mark, true);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

/**
 * Facebook's side of a sign-in: loads the JS SDK (once per page, or the one provided through
 * `facebookSdkContext`), learns early whether the person is connected, and runs `FB.login`'s
 * window, telling a blocked pop-up from a cancelled one. Answers Facebook's token; what the server
 * makes of it is the host's business.
 */
export class FacebookController implements ReactiveController {
  private readonly options: FacebookControllerOptions;
  private provided: FacebookSdk | undefined;
  /** What `FB.getLoginStatus` said when the SDK was fetched early: a connected person needs no pop-up. */
  private knownLogin: { token: string; until: number } | null = null;
  private attempt = 0;

  constructor(host: ReactiveControllerHost & HTMLElement, options: FacebookControllerOptions) {
    this.options = options;
    host.addController(this);
    new ContextConsumer(host, { context: facebookSdkContext, callback: (sdk) => (this.provided = sdk) });
  }

  hostDisconnected(): void {
    this.attempt++;
  }

  /** Fetches the SDK when a press is likely (pointer over, focus), so the press can open the pop-up at once. */
  prepare(appId: string): void {
    this.load(appId).then(
      (sdk) => this.learnLoginStatus(sdk),
      () => undefined, // a press will say so
    );
  }

  /**
   * Facebook's token for the person. With the SDK at hand `FB.login` is called at once, inside the
   * click, where pop-up blockers allow its window. Rejects with `POPUP_BLOCKED`, `PROVIDER_CANCELLED`
   * or `PROVIDER_UNAVAILABLE` (the SDK did not load, or `FB.login` failed).
   */
  async logIn(appId: string): Promise<string> {
    const attempt = ++this.attempt;
    const sdk = this.loaded() ?? (await this.load(appId));
    if (attempt !== this.attempt) throw this.abandoned();
    const known = this.knownLogin;
    if (known && known.until > Date.now()) {
      this.knownLogin = null;
      return known.token;
    }
    return this.popUp(sdk, attempt);
  }

  private loaded(): FacebookSdk | null {
    return this.provided ?? loadedFacebookSdk();
  }

  private load(appId: string): Promise<FacebookSdk> {
    return this.provided ? Promise.resolve(this.provided) : loadFacebookSdk(this.options.sdkUrl(), appId, this.options.version());
  }

  private learnLoginStatus(sdk: FacebookSdk): void {
    try {
      sdk.getLoginStatus((response) => {
        const auth = response?.status === 'connected' ? response.authResponse : null;
        this.knownLogin = auth?.accessToken ? { token: auth.accessToken, until: Date.now() + Math.max(0, (auth.expiresIn ?? 0) - 60) * 1000 } : null;
      });
    } catch {
      this.knownLogin = null;
    }
  }

  /** Facebook's log-in window and what it answered. */
  private async popUp(sdk: FacebookSdk, attempt: number): Promise<string> {
    const startedAt = Date.now();
    const watch = watchLoginWindow();
    let answered = false;
    const answer = await new Promise<FacebookLoginResponse | null>((resolve) => {
      const grace = setTimeout(() => {
        if (!answered && !watch.seen()) resolve(null);
      }, POPUP_GRACE_MS);
      try {
        sdk.login(
          (response) => {
            answered = true;
            clearTimeout(grace);
            resolve(response ?? { status: 'unknown', authResponse: null });
            // A pop-up the browser let through after all answers late: its token is still good.
            const token = response?.authResponse?.accessToken;
            if (attempt !== this.attempt && token) this.options.onLateLogin(token);
          },
          { scope: FACEBOOK_SCOPE, return_scopes: true },
        );
      } catch (err) {
        clearTimeout(grace);
        resolve({ status: 'error', authResponse: null });
        console.error('snr-facebook-button: FB.login failed', err);
      }
    });
    watch.stop();
    if (attempt !== this.attempt) throw this.abandoned();
    const token = answer?.authResponse?.accessToken;
    if (token) return token;
    if (answer?.status === 'error') throw new SnrError('PROVIDER_UNAVAILABLE', 'FB.login failed');
    const blocked = answer === null || (!watch.seen() && Date.now() - startedAt < POPUP_GRACE_MS);
    if (blocked) {
      // Done waiting: a late answer is still taken (above), so this attempt is over.
      this.attempt++;
      throw new SnrError('POPUP_BLOCKED', "Facebook's log-in window did not open (a pop-up blocker?)");
    }
    throw new SnrError('PROVIDER_CANCELLED', 'The Facebook log-in was closed without signing in');
  }

  /** The host left the page while Facebook was asked: nobody waits for this answer any more. */
  private abandoned(): SnrError {
    return new SnrError('PROVIDER_CANCELLED', 'The element left the page during the Facebook log-in');
  }
}
