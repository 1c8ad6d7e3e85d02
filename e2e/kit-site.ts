import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';
import { ensureCdnBuilt } from './cdn.js';
import { PASSWORD, startBin, uniqueEmail } from './support.js';

/**
 * What the script-tag specs (`*.kit.spec.ts`, `kit.spec.ts`) run against: the built page files
 * (`dist/cdn`, served by the server under `/snr/kit/`), a reference server (the published bin) that
 * allows one site origin for `apiKey`, and that site: its own origin serving `pages` (path → HTML,
 * which a spec may set at any time, so a page can name the server's URL).
 */
export interface KitSite {
  siteOrigin: string;
  apiBase: string;
  /** A customer registered through the API (as the site's page would), with `PASSWORD`: their email. */
  customer(tag: string): Promise<string>;
  close(): Promise<void>;
}

export async function startKitSite(
  name: string,
  { apiKey, pages, env = {} }: { apiKey: string; pages: Map<string, string>; env?: Record<string, string> },
): Promise<KitSite> {
  ensureCdnBuilt();
  const site = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://site').pathname;
    if (pathname === '/favicon.ico') return void res.writeHead(204).end();
    const page = pages.get(pathname);
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteOrigin = `http://localhost:${(site.address() as AddressInfo).port}`;
  let server: ChildProcess | undefined;
  try {
    const started = await startBin(name, { SNR_API_KEYS: JSON.stringify({ [apiKey]: [siteOrigin] }), SNR_REGISTRATION_MODE: 'automatic', ...env });
    server = started.server;
    const apiBase = started.url;
    return {
      siteOrigin,
      apiBase,
      async customer(tag) {
        const email = uniqueEmail(tag);
        const res = await fetch(`${apiBase}/sauth/clients/registered`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
          body: JSON.stringify({ apiKey, email, password: PASSWORD }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
        return email;
      },
      async close() {
        server?.kill('SIGTERM');
        await new Promise((resolve) => site.close(resolve));
      },
    };
  } catch (err) {
    await new Promise((resolve) => site.close(resolve));
    throw err;
  }
}

/** Answers the first request for the add-on when `release` resolves, by failing it (offline); the next ones go through. */
export async function failFirst(p: Page, file: string): Promise<{ asked: Promise<void>; release: () => void }> {
  let asked!: () => void;
  let release!: () => void;
  const askedP = new Promise<void>((resolve) => (asked = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  await p.route(`**/snr/kit/${file}`, async (route) => {
    if (!first) return route.continue();
    first = false;
    asked();
    await released;
    return route.abort('internetdisconnected');
  });
  return { asked: askedP, release };
}

/** The add-ons the page asks the server for, by name, in order. */
export function kitRequests(p: Page): string[] {
  const names: string[] = [];
  p.on('request', (r) => {
    if (r.url().includes('/snr/kit/')) names.push(new URL(r.url()).pathname.replace('/snr/kit/', ''));
  });
  return names;
}
