import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A software authenticator for server tests: a stand-in for the customer's device (never for our
 * code). It speaks WebAuthn as a platform authenticator does: a P-256 key pair per credential,
 * "none" attestation, authenticator data with the RP id hash, flags and signature counter, and
 * ES256 signatures over `authenticatorData || SHA-256(clientDataJSON)` made with node:crypto. The
 * server verifies them with @simplewebauthn/server as it would a real device's.
 */

type Bytes = Uint8Array;
const b64u = (bytes: Bytes | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Bytes | string) => createHash('sha256').update(data).digest();

// ---- a minimal CBOR encoder (RFC 8949): what attestation objects and COSE keys use -------------------------

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

type Cbor = number | string | Bytes | Map<Cbor, Cbor> | { [key: string]: Cbor };
function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

// ---- flags of the authenticator data ---------------------------------------------------------------------

const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

export interface SoftCredential {
  id: string;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  /** The signature counter the next assertion carries (before it is raised); 0 stays 0 unless `counting`. */
  counter: number;
  counting: boolean;
}

export interface CeremonyOptions {
  /** The origin the "browser" writes into the client data. */
  origin: string;
  /** Sign for this RP id instead of the one the options name (a passkey of another site). */
  rpId?: string;
  /** User verification done (default true). */
  userVerified?: boolean;
  /** Backed up / eligible (a synced passkey), default true. */
  backedUp?: boolean;
  /** The client data's `type`, to send the wrong one. */
  type?: string;
}

export class SoftAuthenticator {
  readonly credentials = new Map<string, SoftCredential>();
  readonly aaguid = Buffer.from('ea9b8d664d011d213ce4b6b48cb575d4', 'hex');

  /** `navigator.credentials.create()`: a new key pair, "none" attestation. `counting`: the authenticator keeps a signature counter. */
  create(options: { challenge: string; rp: { id?: string }; user: { id: string } }, o: CeremonyOptions & { counting?: boolean }) {
    const rpId = o.rpId ?? options.rp.id ?? 'localhost';
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const credentialId = randomBytes(16);
    const counter = o.counting ? 1 : 0;
    const credential: SoftCredential = { id: b64u(credentialId), rpId, userHandle: options.user.id, privateKey, counter, counting: o.counting ?? false };
    this.credentials.set(credential.id, credential);
    const length = Buffer.from([credentialId.length >> 8, credentialId.length & 0xff]);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(o) | AT]), u32(counter), this.aaguid, length, credentialId, cose]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: o.type ?? 'webauthn.create', challenge: options.challenge, origin: o.origin, crossOrigin: false }),
    );
    const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData });
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key' as const,
      response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['internal', 'hybrid'] },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /**
   * `navigator.credentials.get()` with one of its credentials: the first one the options allow (or
   * any for this RP id), or `credentialId`. `counter` overrides the signature counter sent.
   */
  get(
    options: { challenge: string; rpId?: string; allowCredentials?: Array<{ id: string }> },
    o: CeremonyOptions & { credentialId?: string; counter?: number; userHandle?: string | null },
  ) {
    const rpId = o.rpId ?? options.rpId ?? 'localhost';
    const allowed = options.allowCredentials?.map((c) => c.id);
    const credential =
      (o.credentialId && this.credentials.get(o.credentialId)) ||
      [...this.credentials.values()].find((c) => (allowed?.length ? allowed.includes(c.id) : c.rpId === rpId));
    if (!credential) throw new Error('NotAllowedError: no credential for this request');
    if (credential.counting) credential.counter += 1;
    const counter = o.counter ?? credential.counter;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(o)]), u32(counter)]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: o.type ?? 'webauthn.get', challenge: options.challenge, origin: o.origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    const userHandle = o.userHandle === undefined ? credential.userHandle : o.userHandle;
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  private flags(o: CeremonyOptions): number {
    const backedUp = o.backedUp ?? true;
    return UP | (o.userVerified === false ? 0 : UV) | (backedUp ? BE | BS : 0);
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}
