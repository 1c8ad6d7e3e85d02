import { createHash, randomBytes, randomInt } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in of Have I Been Pwned's Pwned Passwords range API, on a local port, speaking its
 * protocol: `GET /range/{5 hex digits}` (any case) answers `text/plain`, one `SUFFIX:COUNT` line per
 * hash of the bucket (the other 35 hex digits, upper case, CRLF between lines), a few other
 * passwords' suffixes among them as a real bucket has; with `Add-Padding: true`, padded to 800–1,000
 * lines with random suffixes of count 0, as the real service pads. Any other path is a 404, a
 * prefix that is not 5 hex digits a 400. It records every request (method, URL, headers, body), so a
 * test can show what left the server.
 *
 * `mode`: `answer` (default); `hang`: takes the request and never answers; `fail`: 503.
 */
export interface RangeStandIn {
  url: string;
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>;
  mode: 'answer' | 'hang' | 'fail';
  /** Lists a password as seen `count` times. */
  breach(password: string, count?: number): void;
  /** Puts a password's suffix into its bucket's answer as a padding line only (count 0): no hit. */
  padWith(password: string): void;
  close(): Promise<void>;
}

const sha1 = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();

export async function startRangeStandIn(breached: Record<string, number> = {}): Promise<RangeStandIn> {
  const counts = new Map<string, number>();
  const padding = new Set<string>();
  const requests: RangeStandIn['requests'] = [];
  const hanging = new Set<http.ServerResponse>();
  const standIn: RangeStandIn = {
    url: '',
    requests,
    mode: 'answer',
    breach(password, count = 1) {
      counts.set(sha1(password), count);
    },
    padWith(password) {
      padding.add(sha1(password));
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  for (const [password, count] of Object.entries(breached)) standIn.breach(password, count);

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (standIn.mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (standIn.mode === 'fail') {
        res.writeHead(503, { 'content-type': 'text/plain' });
        return res.end('Service Unavailable');
      }
      const match = /^\/range\/([^/?]*)$/.exec(req.url ?? '');
      if (!match || req.method !== 'GET') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('Not Found');
      }
      const prefix = match[1]!.toUpperCase();
      if (!/^[0-9A-F]{5}$/.test(prefix)) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        return res.end('The hash prefix was not in a valid format');
      }
      const lines: string[] = [];
      for (const [hash, count] of counts) if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:${count}`);
      // Other passwords of a real bucket.
      for (let i = 0; i < 3; i++) lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:${randomInt(1, 5000)}`);
      if (/^true$/i.test(String(req.headers['add-padding'] ?? ''))) {
        for (const hash of padding) if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:0`);
        const target = randomInt(800, 1001);
        while (lines.length < target) lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`);
      }
      lines.sort();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(lines.join('\r\n'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}
