import { randomBytes } from 'node:crypto';
import {
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Passkey, PasskeyAssertion, PasskeyCreationOptions, PasskeyRegistrationCredential, PasskeyRequestOptions } from 'snr-auth/contract';
import type { WebauthnConfig } from '../config.js';
import { ApiError, badRequest, conflict, forbidden, isUniqueViolation, unauthorized } from '../errors.js';
import { findPasskey, insertChallenge, type PasskeyRow, recordPasskeyUse, takeChallenge } from '../store/passkeys.js';
import type { WebauthnChallengePurpose } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';

/**
 * The rules every passkey ceremony shares (DESIGN.md, "Passkeys"): the relying party from the
 * configuration, a random challenge kept server-side for a few minutes and taken once, the origin
 * the browser reports checked against the allowed ones, user verification required, and the
 * signature counter moved forward on every use.
 */

/** The passkey configuration, or `PASSKEYS_DISABLED` when the server has none. */
export function webauthnOf(deps: Pick<IdentityDeps, 'config'>): WebauthnConfig {
  const webauthn = deps.config.webauthn;
  if (!webauthn) throw forbidden('PASSKEYS_DISABLED', 'Passkeys are off on this server (SNR_WEBAUTHN_RP_ID)');
  return webauthn;
}

const LOCALHOST_ORIGIN = /^http:\/\/localhost(:\d{1,5})?$/;

/** May a ceremony run on this origin (as the browser wrote it into the signed client data)? */
export function originAllowed(webauthn: WebauthnConfig, origin: string): boolean {
  return webauthn.origins.includes(origin) || (webauthn.localhostOrigins && LOCALHOST_ORIGIN.test(origin));
}

export const randomHandle = () => randomBytes(32).toString('base64url');

/** Makes a challenge and keeps it for `challengeTtlMs`: single use, for one purpose, API key and (when named) customer. */
export async function issueChallenge(
  deps: Pick<IdentityDeps, 'db' | 'config'>,
  input: { purpose: WebauthnChallengePurpose; apiKey: string; clientId: number | null; data?: unknown; now: number },
): Promise<string> {
  const challenge = randomHandle();
  await insertChallenge(deps.db, { ...input, challenge, expiresAt: input.now + webauthnOf(deps).challengeTtlMs });
  return challenge;
}

const rejected = (status: 400 | 401, message: string) => new ApiError(status, 'PASSKEY_REJECTED', message);

/** What the browser signed about the ceremony: its type, challenge and origin. */
function clientData(credential: PasskeyRegistrationCredential | PasskeyAssertion, status: 400 | 401): { type: string; challenge: string; origin: string } {
  try {
    const data = JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString('utf8'));
    if (typeof data?.challenge === 'string' && typeof data.origin === 'string' && typeof data.type === 'string') return data;
  } catch {
    // fall through
  }
  throw rejected(status, 'The passkey answer carries no readable client data');
}

/**
 * Takes the challenge a browser answer names (once: a second answer to it, or one past its end,
 * is `PASSKEY_CHALLENGE_INVALID`) after checking the origin it was made on. The challenge is taken
 * before the signature is checked, so a failed answer cannot be tried again.
 */
export async function takeCeremony(
  deps: Pick<IdentityDeps, 'db' | 'config'>,
  credential: PasskeyRegistrationCredential | PasskeyAssertion,
  want: { purpose: WebauthnChallengePurpose; apiKey: string; clientId: number | null; now: number; status: 400 | 401 },
): Promise<{ challenge: string; origin: string; data: unknown }> {
  const webauthn = webauthnOf(deps);
  const data = clientData(credential, want.status);
  if (!originAllowed(webauthn, data.origin)) throw rejected(want.status, `A passkey of ${data.origin} is not for this site (allowed: SNR_WEBAUTHN_ORIGINS)`);
  const taken = await takeChallenge(deps.db, data.challenge, want);
  if (!taken) throw badRequest('PASSKEY_CHALLENGE_INVALID', 'This passkey request has expired or was already used: start again');
  return { challenge: data.challenge, origin: data.origin, data: taken.data };
}

export function transportsOf(row: PasskeyRow): AuthenticatorTransport[] {
  return JSON.parse(row.transports) as AuthenticatorTransport[];
}

/**
 * The options of an assertion (a sign-in, or a proof before a removal): the challenge just issued,
 * user verification required (the passkey alone is both factors), and the passkeys that may answer
 * (none listed: any discoverable passkey of the site).
 */
export async function assertionOptions(webauthn: WebauthnConfig, challenge: string, passkeys: readonly PasskeyRow[]): Promise<PasskeyRequestOptions> {
  const options = await generateAuthenticationOptions({
    rpID: webauthn.rpId,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: webauthn.challengeTtlMs,
    userVerification: 'required',
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: transportsOf(p) })),
  });
  return options as PasskeyRequestOptions;
}

/**
 * Checks an assertion of a stored passkey: signature, relying party, origin, challenge, user
 * verification, and the signature counter. A counter that does not move forward (while either is
 * not 0) may mean a cloned authenticator (WebAuthn §6.1.1): the assertion is refused and the passkey
 * left as it was. On success the use is recorded (counter, backup state, time).
 */
export async function verifyAssertion(
  deps: Pick<IdentityDeps, 'db' | 'config'>,
  passkey: PasskeyRow,
  assertion: PasskeyAssertion,
  ceremony: { challenge: string; origin: string },
  input: { now: number; status: 400 | 401 },
): Promise<void> {
  const webauthn = webauthnOf(deps);
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response: { ...assertion, clientExtensionResults: assertion.clientExtensionResults ?? {} } as Parameters<
        typeof verifyAuthenticationResponse
      >[0]['response'],
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origin,
      expectedRPID: webauthn.rpId,
      requireUserVerification: true,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.public_key, 'base64url'), counter: passkey.counter, transports: transportsOf(passkey) },
    });
  } catch (err) {
    throw rejected(input.status, `The passkey could not be verified: ${(err as Error).message}`);
  }
  if (!verified.verified) throw rejected(input.status, 'The passkey could not be verified');
  const info = verified.authenticationInfo;
  const recorded = await recordPasskeyUse(deps.db, passkey.id, {
    counter: info.newCounter,
    previous: passkey.counter,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    now: input.now,
  });
  // Another use of the same counter value won the race: this one is a replay or a clone.
  if (!recorded) throw rejected(input.status, 'The passkey was used again meanwhile');
}

/** The stored passkey an assertion names, or `PASSKEY_UNKNOWN` (removed here, or never registered with this site). */
export async function passkeyOf(deps: Pick<IdentityDeps, 'db'>, assertion: PasskeyAssertion): Promise<PasskeyRow> {
  const row = await findPasskey(deps.db, assertion.id);
  if (!row) throw unauthorized('PASSKEY_UNKNOWN', 'This passkey is not registered with this site');
  return row;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toPasskey(row: PasskeyRow): Passkey {
  return {
    id: row.id,
    name: row.name,
    createdAt: iso(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
    deviceType: row.device_type,
    backedUp: row.backed_up === 1,
    transports: transportsOf(row),
  };
}

/** A few well-known passkey providers by AAGUID, for a new passkey's default name. */
const KNOWN_AAGUIDS: Record<string, string> = {
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': 'Google Password Manager',
  'adce0002-35bc-c60a-648b-0b25f1f05503': 'Chrome on Mac',
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd': 'iCloud Keychain',
  'dd4ec289-e01d-41c9-bb89-70fa845d4bf2': 'iCloud Keychain',
  '08987058-cadc-4b81-b6e1-30de50dcbe96': 'Windows Hello',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9': 'Windows Hello',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2': 'Windows Hello',
  'bada5566-a7aa-401f-bd96-45619a55120d': '1Password',
  'd548826e-79b4-db40-a3d8-11116f7e8349': 'Bitwarden',
  '531126d6-e717-415c-9320-3d9aa6981239': 'Dashlane',
};

export function defaultPasskeyName(aaguid: string): string {
  return KNOWN_AAGUIDS[aaguid] ?? 'Passkey';
}

/** The options of a registration ceremony: a discoverable credential, user verification required, none of the customer's own passkeys again. */
export async function creationOptions(
  webauthn: WebauthnConfig,
  input: { challenge: string; userId: string; userName: string; displayName: string; exclude: PasskeyRow[] },
): Promise<PasskeyCreationOptions> {
  const options = await generateRegistrationOptions({
    rpName: webauthn.rpName,
    rpID: webauthn.rpId,
    userName: input.userName,
    userID: Buffer.from(input.userId, 'base64url'),
    userDisplayName: input.displayName,
    challenge: Buffer.from(input.challenge, 'base64url'),
    timeout: webauthn.challengeTtlMs,
    attestationType: 'none',
    excludeCredentials: input.exclude.map((p) => ({ id: p.id, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    // ES256 and RS256: what every platform authenticator makes; EdDSA where it can.
    supportedAlgorithmIDs: [-8, -7, -257],
  });
  return options as PasskeyCreationOptions;
}

/**
 * Verifies a new credential (attestation "none": the authenticator's make is not vouched for) made
 * in a ceremony taken with `takeCeremony`: the challenge, origin, relying party, user presence and
 * verification. Answers the passkey's row, less its owner, name and time.
 */
export async function verifyNewPasskey(
  webauthn: WebauthnConfig,
  credential: PasskeyRegistrationCredential,
  ceremony: { challenge: string; origin: string },
): Promise<Omit<PasskeyRow, 'client_id' | 'name' | 'created_at' | 'last_used_at'>> {
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: { ...credential, clientExtensionResults: credential.clientExtensionResults ?? {} } as Parameters<
        typeof verifyRegistrationResponse
      >[0]['response'],
      expectedChallenge: ceremony.challenge,
      expectedOrigin: ceremony.origin,
      expectedRPID: webauthn.rpId,
      requireUserVerification: true,
    });
  } catch (err) {
    throw rejected(400, `The new passkey could not be verified: ${(err as Error).message}`);
  }
  if (!verified.verified) throw rejected(400, 'The new passkey could not be verified');
  const info = verified.registrationInfo;
  const transports = (credential.response.transports ?? info.credential.transports ?? []).filter((t): t is AuthenticatorTransport => TRANSPORTS.has(t));
  return {
    id: info.credential.id,
    public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: JSON.stringify(transports),
    device_type: info.credentialDeviceType,
    backed_up: info.credentialBackedUp ? 1 : 0,
    aaguid: info.aaguid,
  };
}

const TRANSPORTS = new Set<string>(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** Two registrations of one credential (a retried answer): the second is refused, nothing stored twice. */
export const passkeyTaken = (err: unknown) => (isUniqueViolation(err) ? conflict('PASSKEY_REJECTED', 'This passkey is already registered') : err);
