import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import type { PasskeyAssertion, PasskeyCreationOptions, PasskeyRegistrationCredential, PasskeyRequestOptions } from '../../contract/schemas.js';
import { SnrError } from '../../session/index.js';

/**
 * The browser's passkey dialog through @simplewebauthn/browser, its refusals as coded errors:
 * the customer closed the dialog, or the device has no passkey for this site (the browser does not
 * say which, on purpose) → `PASSKEY_CANCELLED`; no WebAuthn (an old browser, an insecure page) →
 * `PASSKEYS_UNSUPPORTED`; this device already holds a passkey of the account → `PASSKEY_REJECTED`.
 * A ceremony ended by a newer one (the button pressed while the autofill waited) rejects with
 * `AbortError`, which callers ignore.
 */
function coded(err: unknown): unknown {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === 'AbortError' || e?.code === 'ERROR_CEREMONY_ABORTED') return err;
  if (e?.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return new SnrError('PASSKEY_REJECTED', 'This device already has a passkey for this account', { cause: err });
  if (e?.name === 'NotAllowedError')
    return new SnrError('PASSKEY_CANCELLED', 'The passkey dialog was closed, or this device has no passkey for this site', { cause: err });
  if (e?.name === 'SecurityError' || e?.code === 'ERROR_INVALID_DOMAIN' || e?.code === 'ERROR_INVALID_RP_ID')
    return new SnrError('PASSKEYS_UNSUPPORTED', `Passkeys cannot be used on this page: ${e.message ?? ''}`, { cause: err });
  return new SnrError('PASSKEY_CANCELLED', e?.message ?? 'The passkey dialog failed', { cause: err });
}

function supported(): void {
  if (!browserSupportsWebAuthn()) throw new SnrError('PASSKEYS_UNSUPPORTED', 'This browser does not support passkeys');
}

/** The browser's half of a passkey call: `navigator.credentials.create()` / `.get()` with the server's options, in WebAuthn's JSON. */
export interface PasskeyCeremony {
  create(options: PasskeyCreationOptions): Promise<PasskeyRegistrationCredential>;
  /** `conditional`: the browser's autofill offers the passkeys (conditional mediation); `signal` ends the wait. */
  get(options: PasskeyRequestOptions, conditional: boolean, signal?: AbortSignal): Promise<PasskeyAssertion>;
}

export const ceremony: PasskeyCeremony = {
  async create(options: PasskeyCreationOptions): Promise<PasskeyRegistrationCredential> {
    supported();
    try {
      return (await startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]['optionsJSON'] })) as PasskeyRegistrationCredential;
    } catch (err) {
      throw coded(err);
    }
  },
  async get(options: PasskeyRequestOptions, conditional: boolean, signal?: AbortSignal): Promise<PasskeyAssertion> {
    supported();
    // Ended before it began (the customer pressed the passkey button while the options came): never start it, or it would end that one.
    if (signal?.aborted) throw new DOMException('The passkey request was ended', 'AbortError');
    if (conditional && !(await browserSupportsWebAuthnAutofill())) throw new SnrError('PASSKEYS_UNSUPPORTED', 'This browser has no passkey autofill');
    if (signal?.aborted) throw new DOMException('The passkey request was ended', 'AbortError');
    const abort = () => WebAuthnAbortService.cancelCeremony();
    signal?.addEventListener('abort', abort);
    try {
      return (await startAuthentication({
        optionsJSON: options as Parameters<typeof startAuthentication>[0]['optionsJSON'],
        useBrowserAutofill: conditional,
      })) as PasskeyAssertion;
    } catch (err) {
      throw coded(err);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  },
};
