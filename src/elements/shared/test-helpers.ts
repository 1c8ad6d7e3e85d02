// Helpers for the element tests (browser, web-test-runner). Not part of the bundle.
import { API_KEY, forgetEverything, type IdIssuers, PASSWORD, sleep, TestServer, uniqueEmail, waitFor } from '../../../test/browser/session/helpers.js';
import { pageSession } from '../../page/session-hub.js';
import type { Client } from '../../session/index.js';

export { API_KEY, PASSWORD, sleep, TestServer, uniqueEmail, waitFor };

/** What the next prompt of a provider's page-script stand-in does (demo/providers/google-gsi.js, apple-auth.js). */
export type IdpPlan = { kind: 'person'; person?: string; fields?: Record<string, unknown> } | { kind: 'cancel' } | { kind: 'not-displayed' };
/** A provider stand-in's controls: its next prompt, the calls the page made to it, how often its script loaded. */
export interface IdpStandIn {
  next: IdpPlan | null;
  calls: [string, Record<string, unknown>?][];
  loads: number;
}
/** The controls of a provider's page-script stand-in, made before it loads (it reads them from `window`). */
export function idpStandIn(kind: 'google' | 'apple'): IdpStandIn {
  const all = ((window as unknown as { snrIdpStandIn?: Record<string, IdpStandIn> }).snrIdpStandIn ??= {});
  return (all[kind] ??= { next: null, calls: [], loads: 0 });
}

/** A real reference server (test defaults: automatic mode, no rate limit, cheap hashing). */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  await forgetEverything();
  return TestServer.start(env);
}

/** Points the page's session at a server (a new Client, kept in memory) and waits for its token. */
export async function useServer(server: TestServer): Promise<Client> {
  const client = pageSession().configure({ apiBase: server.url, apiKey: API_KEY, storage: 'memory' });
  await client.ready;
  return client;
}

/**
 * The real server of a test file: `start` runs before the file's tests and the page's session is
 * pointed at its server; the server is closed after them, and the page signed out after each test.
 * The answer's fields are filled in once the file's `before` has run.
 */
export function fileServer<T extends { server: TestServer }>(start: () => Promise<T>): T;
export function fileServer(): { server: TestServer };
export function fileServer(start: () => Promise<{ server: TestServer }> = async () => ({ server: await startServer() })): { server: TestServer } {
  const held = {} as { server: TestServer };
  before(async function () {
    this.timeout(60_000);
    Object.assign(held, await start());
    await useServer(held.server);
  });
  after(() => held.server?.close());
  afterEach(signOutPage);
  return held;
}

/** A server whose Google and Apple are the stand-ins (`issuers`: their script URLs and client ids). */
export async function idpServer(): Promise<{ server: TestServer; issuers: IdIssuers }> {
  const issuers = await TestServer.idIssuers();
  return { server: await TestServer.start(issuers.env), issuers };
}

/** Signs the page out if a customer is signed in, so the next test starts anonymous. */
export async function signOutPage(): Promise<void> {
  const client = pageSession().client;
  if (client?.isSignedIn()) await client.signOut().catch(() => undefined);
}

/** Creates an account straight through the HTTP API (not through the page's session). */
export async function createAccount(server: TestServer, email = uniqueEmail(), password = PASSWORD, profile: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${server.url}/v4/clients/registered`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey: API_KEY, email, password, ...profile }),
  });
  if (response.status !== 201) throw new Error(`registering ${email}: ${response.status} ${await response.text()}`);
  return email;
}

/** Follows the newest activation or confirmation link sent to an address. */
export async function confirmEmail(server: TestServer, email: string): Promise<void> {
  const token = await server.linkToken(email);
  const response = await fetch(`${server.url}/v4/clients/activation/confirmation`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey: API_KEY, token }),
  });
  if (!response.ok) throw new Error(`confirming ${email}: ${response.status}`);
}

/** The light-DOM control of an element, found as a password manager would: from the document. */
export function control<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(tag: string, name: string): T {
  const found = document.querySelector<T>(`${tag} [name="${name}"]`);
  if (!found) throw new Error(`no [name="${name}"] in ${tag}`);
  return found;
}

/** Types into a control as a person would: input events, then change when leaving it. */
export function type(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

export function check(input: HTMLInputElement, checked = true): void {
  input.checked = checked;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Fills several controls of an element. */
export function fill(tag: string, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) type(control(tag, name), value);
}

/** Sends the element's (first visible) form as pressing Enter would. */
export function submit(el: Element): void {
  const form = el.querySelector('form');
  if (!form) throw new Error(`no form in ${el.localName}`);
  form.requestSubmit();
}

/** The next event of a type on a target. */
export function nextEvent<E extends Event>(target: EventTarget, type: string, timeout = 5000): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeout} ms`)), timeout);
    target.addEventListener(
      type,
      (e) => {
        clearTimeout(timer);
        resolve(e as E);
      },
      { once: true },
    );
  });
}

/** Text of the element's live summary. */
export function summaryText(el: Element): string {
  return (el.querySelector('[part~="summary"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the element's summary says something matching. */
export async function summaryMatches(el: Element, pattern: RegExp, timeout = 5000): Promise<string> {
  await waitFor(() => pattern.test(summaryText(el)), `summary to match ${pattern} (is "${summaryText(el)}")`, timeout);
  return summaryText(el);
}

/**
 * Narrows a light-DOM element until its row of `pieces` just fits on one line (as in the gallery's
 * narrow cells), so a later state that makes any of them wider would wrap the row.
 */
export async function fitRow(el: HTMLElement & { updateComplete: Promise<unknown> }, pieces: HTMLElement[], gap = 16): Promise<void> {
  const content = el.querySelector('form, [part~="panel"]') ?? el;
  const padding = el.getBoundingClientRect().width - content.getBoundingClientRect().width;
  const row = pieces.reduce((sum, p) => sum + p.getBoundingClientRect().width, 0) + gap * (pieces.length - 1);
  el.style.maxWidth = 'none';
  el.style.width = `${Math.ceil(row + padding) + 2}px`;
  await el.updateComplete;
}

/** Where a piece sits: its box, rounded to the pixel. */
export function box(piece: Element): { top: number; left: number; width: number; height: number } {
  const r = piece.getBoundingClientRect();
  return { top: Math.round(r.top), left: Math.round(r.left), width: Math.round(r.width), height: Math.round(r.height) };
}
