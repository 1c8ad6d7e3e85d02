import { Hono } from 'hono';
import { sql } from 'kysely';
import { type PublicConfig, ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { clientAddress } from '../http.js';
import { isLoopbackAddress, isLoopbackHost } from '../loopback.js';

export function publicRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  app.get(ROUTES.publicConfig.path, (c) => {
    const apiKey = c.req.query('apiKey');
    if (apiKey !== undefined && !ctx.config.apiKeys.has(apiKey)) throw forbidden('UNKNOWN_API_KEY', 'Unknown API key');
    const config: PublicConfig = {
      registrationMode: ctx.config.registrationMode,
      passwordPolicy: ctx.config.passwordPolicy,
      tokenLifetime: ctx.config.tokenTtl,
      ...(ctx.config.facebook ? { facebookAppId: ctx.config.facebook.appId } : {}),
      oauthEnabled: ctx.config.oauth !== undefined,
      agreements: ctx.config.agreements,
    };
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(config, 200);
  });

  app.get(ROUTES.jwks.path, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(ctx.keys.jwks(), 200);
  });

  // The current signing key, or with `?kid=` any key the JWKS lists (a token's header names it).
  app.get(ROUTES.publicPem.path, async (c) => {
    const kid = c.req.query('kid');
    const pem = await ctx.keys.pem(kid);
    if (pem === undefined) throw notFound('NOT_FOUND', 'No signing key has this kid');
    c.header('Content-Type', 'application/x-pem-file');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(pem, 200);
  });

  app.get(ROUTES.health.path, async (c) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return c.json({ status: 'ok' } as const, 200);
    } catch {
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
    const local = (hostHeader === undefined || isLoopbackHost(hostHeader)) && isLoopbackHost(new URL(c.req.url).host) && isLoopbackAddress(clientAddress(c, false));
    if (!local) return c.notFound();
    const to = c.req.query('to');
    let query = ctx.db.selectFrom('outbox').select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'created_at']).orderBy('id', 'desc').limit(100);
    if (to) query = query.where('to_address', '=', to.toLowerCase());
    const rows = await query.execute();
    return c.json(
      rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, text: r.text_body, html: r.html_body, createdAt: new Date(r.created_at).toISOString() })),
      200,
    );
  });
  return app;
}
