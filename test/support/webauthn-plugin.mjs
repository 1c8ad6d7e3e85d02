// A web-test-runner command plugin: a virtual WebAuthn authenticator in the test's Chromium page,
// through the DevTools protocol's WebAuthn domain (Playwright's CDP session). It stands in for the
// customer's phone or laptop: it makes and signs real credentials, which the real server verifies.
//
//   webauthn-authenticator {}                     → { authenticatorId }   a fresh platform authenticator
//                                                    (ctap2, internal, resident keys, user verification done)
//   webauthn-credentials   {}                     → [{ credentialId, rpId, signCount, … }]
//   webauthn-foreign-credential { rpId }          → { credentialId }      a passkey of another site on it
//   webauthn-remove        {}                     → true
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const sessions = new Map();

async function cdpFor(session) {
  let entry = sessions.get(session.id);
  if (!entry) {
    const page = session.browser.getPage(session.id);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    entry = { cdp, authenticatorId: null };
    sessions.set(session.id, entry);
  }
  return entry;
}

export function webauthnPlugin() {
  return {
    name: 'snr-webauthn',
    async executeCommand({ command, session, payload }) {
      if (!command.startsWith('webauthn-')) return undefined;
      const entry = await cdpFor(session);
      const { cdp } = entry;
      switch (command) {
        case 'webauthn-authenticator': {
          if (entry.authenticatorId) await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: entry.authenticatorId });
          const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
            options: {
              protocol: 'ctap2',
              transport: 'internal',
              hasResidentKey: true,
              hasUserVerification: true,
              isUserVerified: true,
              automaticPresenceSimulation: true,
              ...(payload?.options ?? {}),
            },
          });
          entry.authenticatorId = authenticatorId;
          return { authenticatorId };
        }
        case 'webauthn-credentials': {
          const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId: entry.authenticatorId });
          return credentials.map(({ privateKey: _, ...c }) => c);
        }
        case 'webauthn-foreign-credential': {
          const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
          const credentialId = randomBytes(16).toString('base64');
          await cdp.send('WebAuthn.addCredential', {
            authenticatorId: entry.authenticatorId,
            credential: {
              credentialId,
              isResidentCredential: true,
              rpId: payload.rpId,
              privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
              userHandle: randomBytes(16).toString('base64'),
              signCount: 0,
            },
          });
          return { credentialId };
        }
        case 'webauthn-remove': {
          if (entry.authenticatorId) await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: entry.authenticatorId });
          entry.authenticatorId = null;
          return true;
        }
        default:
          return undefined;
      }
    },
  };
}
