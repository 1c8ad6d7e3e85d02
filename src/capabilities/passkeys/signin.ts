import { html, nothing, type TemplateResult } from 'lit';
import { buttonContent } from '../../elements/shared/kit.js';
import type { SignInHost } from '../../elements/snr-signin/steps.js';
import type { Client } from '../../session/index.js';
import { passkeyAutofill } from './autofill.js';

/** An error that only says a newer passkey ceremony (or the page) ended this one: nothing to tell the customer. */
export function isCeremonyAbort(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | null;
  return e?.name === 'AbortError' || e?.code === 'ERROR_CEREMONY_ABORTED';
}

export interface SignInPasskeys {
  /** "Sign in with a passkey", under the password form. */
  render(): TemplateResult;
  /** Passkey autofill on the Client while the form shows, off (`null`) otherwise; once per showing of the form. */
  autofill(client: Client | null): void;
}

/**
 * `<snr-signin>`'s passkeys (its `methods` names `passkey`, and the server has them on): the
 * button (the browser's dialog, for the typed email's passkeys or any of the site's) and the
 * autofill of the email field. Loaded with the capability as the form first shows.
 */
export function signInPasskeys(host: SignInHost): SignInPasskeys {
  let busy = false;
  let stop: (() => void) | null = null;
  const signedIn = () => {
    stop = null;
    host.signedIn();
  };
  const failed = (err: unknown) => host.form.fail(err);
  const signIn = async () => {
    if (busy || host.form.busy) return;
    stop?.();
    stop = null;
    busy = true;
    host.form.show({ tone: 'info', message: (t) => t.passkeySignInBusy });
    const typed = (host.element.querySelector('input[name="email"]') as HTMLInputElement | null)?.value.trim() ?? '';
    try {
      await host.client().signInWithPasskey({ ...(typed.includes('@') ? { email: typed } : {}), cause: host.element });
      signedIn();
    } catch (err) {
      if (!isCeremonyAbort(err)) failed(err);
      else host.form.show(null);
    } finally {
      busy = false;
      host.element.requestUpdate();
    }
  };
  return {
    render() {
      const t = host.t;
      return html`<div part="actions">
        <button part="button secondary passkey" type="button" aria-disabled=${busy ? 'true' : nothing} @click=${signIn}>
          ${buttonContent(t.passkeySignIn, t.passkeySignInBusy, busy)}
        </button>
      </div>`;
    },
    autofill(client) {
      if (!client) {
        stop?.();
        stop = null;
      } else if (!stop && !busy) stop = passkeyAutofill({ client, cause: host.element, signedIn, failed });
    },
  };
}
