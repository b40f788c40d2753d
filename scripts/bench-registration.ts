/**
 * Registration bursts: N people register at the same instant for one 12-seat session, over HTTP,
 * on SQLite, and on PostgreSQL with 1, 2 and 4 Boutic processes (WEB_CONCURRENCY) behind one port.
 * Prints confirmed count (must equal the seats), errors (must be 0), median and p99 latency, and
 * registrations per second. Then the registration throughput (scripts/bench-throughput.ts).
 * PostgreSQL commits durably (fsync and synchronous commit on) unless a row's label says otherwise.
 * Everything talks to 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/database.js';
import { startPostgres } from '../test/postgres-server.js';
import { nodeArgs, shippedNodeOptions } from './run-ts.js';
import { openForms, postRegistrations, recordAnswer, startBareServer } from './bench-throughput.js';

const SEATS = 12;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts Boutic as `npm start` does (compiled when the caller runs compiled, else through tsx: see run-ts.ts; with the node
 * options of package.json, which a NODE_OPTIONS in `env` overrides), on a free port of
 * 127.0.0.1; WEB_CONCURRENCY in `env` makes it a cluster. Without DATA_DIR in `env`, a fresh
 * temporary folder holds its files (mail written to files, the SQLite database), removed when the
 * process exits.
 */
export async function startBoutic(env: Record<string, string>, args: string[] = [], options: { nodeArgs?: string[] } = {}): Promise<{ base: string; child: ChildProcess; dataDir: string; output: () => string }> {
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-run-'));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...nodeArgs('src/main.ts'), ...args], {
    env: { ...process.env, FORM_RATE_LIMIT: '10000', ...shippedNodeOptions(), ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL ?? 'silent', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // a folder made here goes with the process
  if (!env.DATA_DIR) child.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => (stdout += d));
  const base = `http://127.0.0.1:${port}`;
  // the line is printed once every process of a cluster listens
  const online = await new Promise<boolean>((resolve) => {
    const check = () => {
      if (!stdout.includes('Boutic est en ligne')) return;
      child.stdout!.off('data', check);
      resolve(true);
    };
    child.stdout!.on('data', check);
    child.once('exit', () => resolve(false));
    setTimeout(() => resolve(false), 120_000).unref();
  });
  if (!online) {
    child.kill('SIGKILL');
    throw new Error(`Boutic did not start: ${stderr.trim()}`);
  }
  return { base, child, dataDir, output: () => stdout };
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** A fresh 12-seat session of the demo, far in the future so that nothing else overlaps it. */
export async function newSession(database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }, n: number): Promise<number> {
  const d = openDatabase(database, { poolSize: 2 });
  try {
    const w = await d.db.selectFrom('workshops').select(['id', 'territory_id']).executeTakeFirstOrThrow();
    const v = await d.db.selectFrom('venues').select('id').executeTakeFirstOrThrow();
    const c = await d.db.selectFrom('cycles').select('id').orderBy('number', 'desc').executeTakeFirstOrThrow();
    const start = new Date(Date.parse('2098-01-05T09:00:00Z') + n * 86400_000);
    const row = await d.db
      .insertInto('sessions')
      .values({ territory_id: w.territory_id, workshop_id: w.id, venue_id: v.id, cycle_id: c.id, starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 2 * 3600_000).toISOString(), seats: SEATS })
      .returning('id')
      .executeTakeFirstOrThrow();
    await d.db.updateTable('cycles').set({ registration_opens_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', c.id).execute();
    return row.id;
  } finally {
    await d.destroy();
  }
}

export async function confirmedCount(database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }, sessionId: number) {
  const d = openDatabase(database, { poolSize: 1 });
  try {
    const rows = await d.db.selectFrom('registrations').select(['status']).where('session_id', '=', sessionId).execute();
    const taken = (await d.db.selectFrom('sessions').select('seats_taken').where('id', '=', sessionId).executeTakeFirstOrThrow()).seats_taken;
    return { confirmed: rows.filter((r) => r.status === 'confirmed').length, waitlisted: rows.filter((r) => r.status === 'waitlisted').length, taken };
  } finally {
    await d.destroy();
  }
}

export async function burst(bases: string[], sessionId: number, n: number, tag: string) {
  // each process gets its form (CSRF token and cookie) once, as a browser would
  const forms = await Promise.all(
    bases.map(async (base) => {
      const res = await fetch(`${base}/seances/${sessionId}/inscription`);
      const html = await res.text();
      const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      if (!token) throw new Error(`no form at ${base}/seances/${sessionId}/inscription (${res.status})`);
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return { base, token, cookie };
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const f = forms[i % forms.length]!;
      const body = new URLSearchParams({
        _csrf: f.token,
        first_name: 'Bench',
        last_name: `Personne ${i}`,
        email: `bench-${tag}-${i}@example.org`,
        company: `Entreprise ${i}`,
        sector: 'commerce',
        commune: '62767',
        level: 'debutant',
      });
      const start = performance.now();
      try {
        const res = await fetch(`${f.base}/seances/${sessionId}/inscription`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: f.cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - start);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { errors, median: at(0.5), p99: at(0.99), perSecond: n / seconds };
}

type Setup = { label: string; database: Parameters<typeof newSession>[0]; base: string };

/**
 * The registration figures of `npm run bench`, for each setup in turn (SQLite; PostgreSQL with 1,
 * 2 and 4 processes behind one port): the bursts, then the throughput (not with 4 processes: the
 * machine has two cores). Each Boutic runs with FORM_RATE_LIMIT raised (allowed outside production
 * only) so that the per-client limit does not stop the load generator.
 */
export async function registrationFigures(sizes = [100, 1000], seconds = 8): Promise<{ bursts: string[][]; throughput: string[][] }> {
  const bursts: string[][] = [];
  const throughput: string[][] = [];
  let day = 0; // each session on its own day, far in the future
  const runBursts = async ({ label, database, base }: Setup) => {
    for (const n of sizes) {
      const sessionId = await newSession(database, ++day);
      const r = await burst([base], sessionId, n, `${label.replace(/\W+/g, '')}-${n}`);
      const c = await confirmedCount(database, sessionId);
      bursts.push([label, String(n), `${c.confirmed} / ${SEATS}`, String(c.waitlisted), String(r.errors), `${r.median.toFixed(0)} ms`, `${r.p99.toFixed(0)} ms`, r.perSecond.toFixed(0)]);
    }
  };
  const runThroughput = async ({ label, database, base }: Setup, bare?: { perSecond: number }) => {
    // the PostgreSQL rows: durable commits unless the label says otherwise
    const sessionIds: number[] = [];
    for (let i = 0; i < THROUGHPUT_SESSIONS; i++) sessionIds.push(await newSession(database, ++day));
    const forms = await openForms(base, sessionIds[0]!, CLIENTS);
    const r = await postRegistrations(base, sessionIds, forms, { connections: CLIENTS, seconds, tag: label.replace(/\W+/g, '') });
    throughput.push([label, String(CLIENTS), r.perSecond.toFixed(0), `${r.p50} ms`, `${r.p99} ms`, String(r.failed), bare ? `${((100 * r.perSecond) / bare.perSecond).toFixed(1)} %` : '']);
    return r;
  };

  // SQLite, one process (several processes are refused: docs/decisions/0020), beside a bare node:http server
  const one = await startBoutic({ FORM_RATE_LIMIT: '1000000' }, ['--demo']);
  const sqlite: Setup = { label: 'SQLite, 1 process', database: { kind: 'sqlite', file: path.join(one.dataDir, 'boutic.sqlite') }, base: one.base };
  await runBursts(sqlite);
  const sample = await newSession(sqlite.database, ++day);
  const answer = await recordAnswer(one.base, sample, (await openForms(one.base, sample, 1))[0]!);
  const bareServer = await startBareServer(answer);
  const forms = await openForms(one.base, sample, CLIENTS);
  const bare = await postRegistrations(bareServer.base, [sample], forms, { connections: CLIENTS, seconds, tag: 'bare' });
  await bareServer.stop();
  throughput.push([`bare node:http, same answer (${answer.body.length} B)`, String(CLIENTS), bare.perSecond.toFixed(0), `${bare.p50} ms`, `${bare.p99} ms`, String(bare.failed), '100 %']);
  await runThroughput(sqlite, bare);
  await stop(one.child);

  // PostgreSQL: one database, served by 1, then 2, then 4 processes through one port
  const server = await startPostgres({ durable: true });
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('create database boutic_bench');
    await admin.end();
    const url = new URL(server.url);
    url.pathname = '/boutic_bench';
    const database = { kind: 'postgres' as const, url: url.toString() };
    for (const processes of [1, 2, 4]) {
      const b = await startBoutic({ DATABASE_URL: database.url, WEB_CONCURRENCY: String(processes), FORM_RATE_LIMIT: '1000000' }, processes === 1 ? ['--demo'] : []);
      const setup = { label: `PostgreSQL, ${processes} process${processes > 1 ? 'es' : ''}`, database, base: b.base };
      await commits(server.url, 'durable');
      await runBursts(setup);
      if (processes <= 2) {
        await runThroughput(setup);
        // the setting a region may choose (docs/deploying-a-region.md): the last commits of a crash may be lost, never corrupted
        await commits(server.url, 'synchronous_commit=off');
        await runThroughput({ ...setup, label: `${setup.label}, synchronous_commit=off` });
      }
      await stop(b.child);
    }
  } finally {
    await server.stop();
  }
  return { bursts, throughput };
}

/**
 * How the bench's PostgreSQL commits: durably (it starts as PostgreSQL ships: fsync, synchronous
 * commit), or with `synchronous_commit=off` (fsync kept), as labelled. Set for the whole server and
 * reloaded: the open connections of the running Boutic take it too.
 */
async function commits(adminUrl: string, mode: 'durable' | 'synchronous_commit=off') {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const value = mode === 'durable' ? 'on' : 'off';
    await admin.query(`alter system set synchronous_commit = ${value}`);
    await admin.query('select pg_reload_conf()');
    // the reload is a signal, taken by each backend between two commands: wait until it is
    for (let i = 0; i < 100 && (await admin.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]!.synchronous_commit !== value; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    await admin.end();
  }
}

/** Registrations at once by 50 clients, spread over 20 sessions (a campaign's peak reaches many). */
const CLIENTS = 50;
const THROUGHPUT_SESSIONS = 20;
