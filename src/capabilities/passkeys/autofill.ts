import { asSnrError } from '../../elements/shared/errors.js';
import type { Client, SnrError } from '../../session/index.js';

/** What the server answers to a passkey the customer picked (not to asking for the options): autofill waits for the next pick. */
const AFTER_A_PICK = new Set([
  'PASSKEY_REJECTED',
  'PASSKEY_UNKNOWN',
  'PASSKEY_CHALLENGE_INVALID',
  'ACTIVATION_REQUIRED',
  'APPROVAL_REQUIRED',
  'TERMS_ACCEPTANCE_REQUIRED',
]);

export interface PasskeyAutofillOptions {
  client: Client;
  /** The element, as the cause of the sign-in (its events are dispatched on it). */
  cause: unknown;
  signedIn(): void;
  failed(error: SnrError): void;
}

/**
 * Passkey autofill for `<snr-signin>`: a conditional request that waits for the customer to pick
 * a passkey among the email field's suggestions (`autocomplete="username webauthn"`). A refusal of
 * the picked passkey is reported and the wait starts again; no autofill in this browser, a closed
 * dialog or no server ends it quietly (the button stays). Answers how to stop it (the form went
 * away, or the button opens a dialog of its own).
 */
export function passkeyAutofill(o: PasskeyAutofillOptions): () => void {
  let controller: AbortController | null = null;
  let stopped = false;
  const start = () => {
    if (stopped) return;
    const current = new AbortController();
    controller = current;
    o.client.signInWithPasskey({ mediation: 'conditional', signal: current.signal, cause: o.cause }).then(o.signedIn, (err) => {
      const e = err as { name?: string; code?: string } | null;
      if (current.signal.aborted || e?.name === 'AbortError' || e?.code === 'ERROR_CEREMONY_ABORTED') return;
      const error = asSnrError(err);
      if (error.code !== 'PASSKEYS_UNSUPPORTED' && error.code !== 'PASSKEY_CANCELLED') o.failed(error);
      if (AFTER_A_PICK.has(error.code)) start();
    });
  };
  start();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
