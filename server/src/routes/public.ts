import { Hono } from 'hono';
import { ROUTES } from 'snr-auth/contract';
import type { ServerContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { clientAddress } from '../http.js';
import { isLoopbackAddress, isLoopbackHost } from '../loopback.js';
import { mount } from '../route.js';
import { listOutbox } from '../store/outbox.js';

export function publicRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  mount(app, ctx, ROUTES.publicConfig, ({ c }) => {
    const apiKey = c.req.query('apiKey');
    if (apiKey !== undefined && !ctx.config.apiKeys.has(apiKey)) throw forbidden('UNKNOWN_API_KEY', 'Unknown API key');
    c.header('Cache-Control', 'public, max-age=60');
    return {
      registrationMode: ctx.config.registrationMode,
      passwordPolicy: ctx.config.passwordPolicy,
      tokenLifetime: ctx.config.tokenTtl,
      ...(ctx.config.facebook ? { facebookAppId: ctx.config.facebook.appId } : {}),
      oauthEnabled: ctx.config.oauth !== undefined,
      agreements: ctx.config.agreements,
      ...(ctx.config.google ? { googleClientId: ctx.config.google.clientId } : {}),
      ...(ctx.config.apple ? { appleClientId: ctx.config.apple.clientId } : {}),
      passkeys: ctx.config.webauthn !== undefined,
      passkeyRegistration: ctx.config.webauthn?.registration === true,
      // Passkeys are a way in when the relying party is configured (SNR_WEBAUTHN_RP_ID), whatever SNR_SIGN_IN_METHODS says.
      signInMethods: [...ctx.config.signInMethods.filter((m) => m !== 'passkey'), ...(ctx.config.webauthn ? (['passkey'] as const) : [])],
    };
  });

  // Not JSON of the contract's (a JWK set, a PEM): answered as they are.
  mount(app, ctx, ROUTES.jwks, ({ c }) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(ctx.keys.jwks(), 200);
  });

  // The current signing key, or with `?kid=` any key the JWKS lists (a token's header names it).
  mount(app, ctx, ROUTES.publicPem, async ({ c }) => {
    const pem = await ctx.keys.pem(c.req.query('kid'));
    if (pem === undefined) throw notFound('NOT_FOUND', 'No signing key has this kid');
    c.header('Content-Type', 'application/x-pem-file');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(pem, 200);
  });

  mount(app, ctx, ROUTES.health, async ({ c }) => {
    try {
      await ctx.store.check();
      return { status: 'ok' } as const;
    } catch {
      c.header('Retry-After', '5');
      return c.json({ status: 'unavailable' } as const, 503);
    }
  });

  return app;
}

/**
 * The outbox as a mailbox, for the demo: only in local mode without SMTP, where every customer is
 * a developer's test account on their own machine. It holds live reset links, so it answers only a
 * loopback peer that names a loopback host: a page whose DNS name was rebound to 127.0.0.1 sends its
 * own Host, and a server listening on 0.0.0.0 is reached from other machines. Anyone else gets the
 * unknown-route 404.
 */
export function devMailboxRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  app.get('/snr/dev/outbox', async (c) => {
    // The URL's host is the Host header, except for an absolute request target: both must be loopback.
    const hostHeader = c.req.header('host');
    const local =
      (hostHeader === undefined || isLoopbackHost(hostHeader)) && isLoopbackHost(new URL(c.req.url).host) && isLoopbackAddress(clientAddress(c, false));
    if (!local) return c.notFound();
    const rows = await listOutbox(ctx.db, c.req.query('to'));
    // Live links and customers' names: never kept by a cache.
    c.header('Cache-Control', 'no-store');
    return c.json(
      rows.map((r) => ({
        id: r.id,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      200,
    );
  });
  return app;
}
