import type { CallOptions, ClientParts } from '../../session/index.js';
import { SnrError } from '../../session/index.js';

/**
 * The logic of the Client's identity methods: the name-based UUIDs of `regenerateUUID(identifier)`
 * and `getUUIDForAuthentication(authId)`, and `regenerateUUID` itself. src/session/client.ts keeps
 * their names and signatures (`IDENTITY_METHODS`), and exports `uuidV5` as it always did; neither
 * page file uses them, so every entry loads this module on the first such call.
 */

type Parts = ClientParts;

/** RFC 4122's URL namespace: the site's own namespace is derived from it and the Profile API key. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** This site's namespace for name-based UUIDs: derived from the Profile API key. */
const siteNamespace = (c: Parts) => uuidV5(URL_NAMESPACE, `snr-auth:${c.api.apiKey}`);

export async function getUUIDForAuthentication(c: Parts, authID: string): Promise<string> {
  if (typeof authID !== 'string' || authID === '') throw new TypeError('getUUIDForAuthentication() needs a non-empty authID');
  return uuidV5(await siteNamespace(c), `auth:${authID}`);
}

export async function regenerateUUID(c: Parts, clientIdentifier?: string, options: CallOptions = {}): Promise<string> {
  if (c.isSignedIn()) throw new SnrError('SIGNED_IN', 'regenerateUUID() is not allowed while signed in');
  if (clientIdentifier !== undefined && (typeof clientIdentifier !== 'string' || clientIdentifier === '')) {
    throw new TypeError('regenerateUUID() takes a non-empty clientIdentifier, or none');
  }
  const seeded = clientIdentifier === undefined ? true : await uuidV5(await siteNamespace(c), `client:${clientIdentifier}`);
  await c.handOver();
  await c.reset('SESSION_DESTROYED', seeded, options.cause);
  return c.uuid();
}

/** A name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of the namespace's bytes and the name's UTF-8). */
export async function uuidV5(namespace: string, name: string): Promise<string> {
  const ns = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new TypeError(`not a UUID: ${namespace}`);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = Number.parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
