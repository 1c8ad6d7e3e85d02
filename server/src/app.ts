import { Hono } from 'hono';
import { ROUTES } from 'snr-auth/contract';
import type { ServerContext } from './context.js';
import { originAllowedForAnyKey } from './http.js';
import { kitRoutes } from './kit.js';
import { requestLog } from './log.js';
import { edgeHeaders } from './middleware/edge.js';
import { errorHandler, sendError } from './middleware/error-handler.js';
import { pageRoutes } from './pages.js';
import { accountRoutes } from './routes/account.js';
import { authRoutes } from './routes/auth.js';
import { backendRoutes } from './routes/backend.js';
import { eventRoutes } from './routes/events.js';
import { passkeyRoutes } from './routes/passkeys.js';
import { devMailboxRoutes, publicRoutes } from './routes/public.js';
import { registrationRoutes } from './routes/registration.js';

export interface AppOptions {
  /** Extra routes served after the API (the demo's static files). */
  extra?: Hono;
  /** Folder of the browser files served under `/snr/kit/` (default: the package's `dist/cdn`). */
  kitRoot?: string;
  /** The demo is served (`--demo`): the server's own page links to it. */
  demo?: boolean;
}

const ROUTE_PATHS = new Set<string>(Object.values(ROUTES).map((r) => r.path));

/** The HTTP API of DESIGN.md §4 as a Hono app; `app.request()` runs it without a port. */
export function createApp(ctx: ServerContext, options: AppOptions = {}): Hono {
  const app = new Hono();

  app.use(requestLog(ctx.log));
  app.use(edgeHeaders({ originAllowed: (origin) => originAllowedForAnyKey(ctx, origin) }));

  app.route('/', publicRoutes(ctx));
  app.route('/', authRoutes(ctx));
  app.route('/', registrationRoutes(ctx));
  app.route('/', accountRoutes(ctx));
  app.route('/', eventRoutes(ctx));
  app.route('/', backendRoutes(ctx));
  app.route('/', passkeyRoutes(ctx));
  if (ctx.config.localMode && ctx.mailer.mode === 'outbox') app.route('/', devMailboxRoutes(ctx));
  app.route('/', kitRoutes(options.kitRoot));
  if (options.extra) app.route('/', options.extra);
  app.route('/', pageRoutes(ctx, { demo: options.demo ?? false }));

  app.notFound((c) =>
    ROUTE_PATHS.has(c.req.path)
      ? sendError(c, 405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}`)
      : sendError(c, 404, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`),
  );
  app.onError(errorHandler({ log: ctx.log }));
  return app;
}
