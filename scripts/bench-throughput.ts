/**
 * Registration throughput: POSTs of the real registration form (each with a fresh participant
 * e-mail, confirmed or waitlisted) for a few seconds with autocannon, against Boutic and, on
 * SQLite, against a bare node:http server answering the same POST with the same response bytes
 * from memory, side by side in the same run. Everything talks to 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/platform/mail/testing.js';

type Result = { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number; '2xx': number };
type Request = { method: string; path: string; headers: Record<string, string>; body?: string };
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: Array<Request & { setupRequest?: (request: Request) => Request }>;
}) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** A browser's visit to the form: the CSRF token of the page and the cookie holding its secret. */
export interface OpenForm {
  token: string;
  cookie: string;
}

export async function openForms(base: string, sessionId: number, count: number): Promise<OpenForm[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const res = await fetch(`${base}/seances/${sessionId}/inscription`);
      const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
      if (!token) throw new Error(`no form at ${base}/seances/${sessionId}/inscription (${res.status})`);
      return { token, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    }),
  );
}

export function registrationBody(token: string, email: string, i: number): string {
  return new URLSearchParams({ _csrf: token, first_name: 'Bench', last_name: `Personne ${i}`, email, company: `Entreprise ${i}`, sector: 'commerce', commune: '62767', level: 'debutant' }).toString();
}

/**
 * Registration POSTs for `seconds` over `connections` keep-alive connections, spread over the
 * given sessions; each request takes the next form visit (token and cookie) and a fresh address.
 */
export async function postRegistrations(base: string, sessionIds: number[], forms: OpenForm[], options: { connections: number; seconds: number; tag: string }) {
  let n = 0;
  const result = await autocannon({
    url: base,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/',
        headers: {},
        setupRequest: (request) => {
          const i = n++;
          const form = forms[i % forms.length]!;
          return {
            ...request,
            path: `/seances/${sessionIds[i % sessionIds.length]}/inscription`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
            body: registrationBody(form.token, `debit-${options.tag}-${i}@example.org`, i),
          };
        },
      },
    ],
  });
  return {
    perSecond: result['2xx'] / options.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/** The answer Boutic gave one registration POST (status, headers, body), to serve again from memory. */
export async function recordAnswer(base: string, sessionId: number, form: OpenForm) {
  const res = await fetch(`${base}/seances/${sessionId}/inscription`, {
    method: 'POST',
    body: registrationBody(form.token, 'reponse-type@example.org', 0),
    // as autocannon asks: no compression
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, 'accept-encoding': 'identity' },
  });
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    if (key !== 'content-length' && key !== 'date' && key !== 'connection' && key !== 'keep-alive') headers[key] = value;
  });
  return { status: res.status, headers, body };
}

const BARE_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const answer = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const body = Buffer.from(answer.body, 'base64');
http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send('listening'));
`;

/** A bare node:http server in its own process (as Boutic is), answering every request with `answer`. */
export async function startBareServer(answer: Awaited<ReturnType<typeof recordAnswer>>): Promise<{ base: string; stop: () => Promise<void> }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-bare-')), 'answer.json');
  fs.writeFileSync(file, JSON.stringify({ ...answer, body: answer.body.toString('base64') }));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-e', BARE_SERVER, file], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}
