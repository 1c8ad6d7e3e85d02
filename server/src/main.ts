import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { ConfigError, checkHost, checkPort, loadConfig, type ServerConfig } from './config.js';
import { closeContext, createContext, type ServerContext, silentLogger } from './context.js';
import { createLogger, type Pino } from './log.js';

export interface StartOptions {
  /** Variables of DESIGN.md §8; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Overrides `PORT` (0 picks a free port). */
  port?: number;
  host?: string;
  log?: Pino | 'silent';
  /** Extra routes after the API (the demo). */
  extra?: (ctx: ServerContext) => Hono;
  /** The demo is among the extra routes (the server's page links to it). */
  demo?: boolean;
  /** How long close() lets requests under way finish before cutting connections (ms). */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  config: ServerConfig;
  ctx: ServerContext;
  app: Hono;
  /** Stops accepting connections, finishes requests under way, closes the store. */
  close(): Promise<void>;
}

/** The listen failures that are the address's fault, as a ConfigError naming it; others as they are. */
function listenError(err: unknown, config: ServerConfig): unknown {
  const where = `cannot listen on ${config.host} port ${config.port}`;
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError('PORT', `${where}: the port is in use`);
    case 'EACCES':
      return new ConfigError('PORT', `${where}: not allowed (ports below 1024 need privileges)`);
    case 'EADDRNOTAVAIL':
      return new ConfigError('HOST', `${where}: not an address of this machine`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError('HOST', `${where}: the name does not resolve`);
    default:
      return err;
  }
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env);
  if (options.port !== undefined) config.port = checkPort('port', options.port);
  if (options.host !== undefined) config.host = checkHost('host', options.host);
  const log = options.log === 'silent' ? silentLogger : (options.log ?? createLogger({ level: config.logLevel }));
  const ctx = await createContext(config, { log });
  const app = createApp(ctx, { extra: options.extra?.(ctx), demo: options.demo ?? false });
  const listening = new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        // Slow clients cannot hold a connection for ever (slowloris): headers within 10 s, the whole
        // request within the configured limit, checked every second.
        // Idle keep-alive connections stay open longer than a load balancer's idle timeout (often
        // 60 s), so the balancer never reuses a connection the server has just closed.
        serverOptions: {
          headersTimeout: Math.min(10_000, config.requestTimeoutMs),
          requestTimeout: config.requestTimeoutMs,
          keepAliveTimeout: config.keepAliveTimeoutMs,
          connectionsCheckingInterval: 1000,
        },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  let server: ReturnType<typeof serve>;
  try {
    server = await listening;
  } catch (err) {
    await closeContext(ctx).catch(() => {});
    throw listenError(err, config);
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  ctx.publicUrl = url;
  void ctx.mailer.flush();
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    config,
    ctx,
    app,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          const http = server as unknown as { closeIdleConnections(): void; closeAllConnections(): void };
          // Requests under way finish; keep-alive connections are closed as soon as they go idle,
          // and whatever still hangs after the grace period is cut.
          const sweep = setInterval(() => http.closeIdleConnections(), 50);
          const cut = setTimeout(() => http.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
          server.close(() => {
            clearInterval(sweep);
            clearTimeout(cut);
            resolve();
          });
          http.closeIdleConnections();
        });
        await closeContext(ctx);
      })()),
  };
}
