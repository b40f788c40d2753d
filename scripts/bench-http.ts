/**
 * Public pages under load (issue 12): the catalogue and a session page, served by Boutic with its
 * page cache, by Boutic without it (PAGE_CACHE_MB=0), and by a bare node:http server sending the
 * same bytes from memory (the runtime's limit), side by side in one run. autocannon runs in its own
 * process; the server under test is pinned to core 0 and the load generator to core 1 (taskset).
 * Also the memory of the Boutic process: RSS idle after start, peak RSS under 50 connections.
 *
 * This file is also the two child processes: `--bare` (the bare server) and `--load` (autocannon).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nodeArgs, shippedNodeOptions } from './run-ts.js';

type Table = (header: string[], rows: string[][]) => void;
interface Load {
  url: string;
  connections: number;
  seconds: number;
}
interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}
interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string; // base64
}

/** What a browser sends: the pages go out compressed, as they do to people. */
const ACCEPT = { 'accept-encoding': 'gzip, deflate, br' };
const LOADED = { connections: 50, seconds: 5 };
const LONE = { connections: 1, seconds: 3 };

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 && os.cpus().length >= 2;
const pinned = (core: number, argv: string[]): [string, string[]] => (hasTaskset ? ['taskset', ['-c', String(core), ...argv]] : [argv[0]!, argv.slice(1)]);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

/** Child: runs autocannon for each job it is sent, answering with exact percentiles (autocannon's own histogram rounds to the millisecond). */
async function loadWorker() {
  const { default: autocannon } = await import('autocannon');
  process.on('message', async (job: Load) => {
    const latencies: number[] = [];
    const instance = autocannon({ url: job.url, connections: job.connections, duration: job.seconds, headers: ACCEPT });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status === 200) latencies.push(ms);
    });
    const result = await instance;
    latencies.sort((a, b) => a - b);
    const answer: LoadResult = { rps: latencies.length / job.seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors: result.errors + result.timeouts, non2xx: result.non2xx };
    process.send!(answer);
  });
  process.send!('ready');
}

/** Child: a bare node:http server answering each recorded URL with its status, headers and bytes. */
function bareServer() {
  process.on('message', (pages: Record<string, Recorded>) => {
    const byUrl = new Map(Object.entries(pages).map(([url, r]) => [url, { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') }]));
    const server = http.createServer((req, res) => {
      const page = byUrl.get(req.url ?? '');
      if (!page) return res.writeHead(404).end();
      res.writeHead(page.status, page.headers);
      res.end(page.body);
    });
    server.listen(0, '127.0.0.1', () => process.send!((server.address() as net.AddressInfo).port));
  });
  process.send!('ready');
}

function child(core: number, argv: string[], env: Record<string, string> = {}): ChildProcess {
  const [cmd, args] = pinned(core, argv);
  return spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

function nextMessage<T>(c: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited (${code})`));
    c.once('message', (m) => {
      c.off('exit', onExit);
      resolve(m as T);
    });
    c.once('exit', onExit);
  });
}

async function stop(c: ChildProcess) {
  if (c.exitCode !== null) return;
  const exited = new Promise((r) => c.on('exit', r));
  c.kill('SIGTERM');
  await exited;
}

/** Boutic as `npm start` runs it (compiled, its node options, default LOG_LEVEL, production mode), on core 0. */
async function startBoutic(dataDir: string, env: Record<string, string>, demo: boolean) {
  const port = await freePort();
  const c = child(0, [process.execPath, ...nodeArgs('src/main.ts'), ...(demo ? ['--demo'] : [])], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    BASE_URL: `http://127.0.0.1:${port}`,
    ...shippedNodeOptions(),
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (c.exitCode !== null) throw new Error('Boutic exited during start-up');
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { base, child: c };
}

const memory = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

/** Status, headers and raw bytes of one answer, as a browser asking for br/gzip gets them (fetch would decompress). */
function record(url: string): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: ACCEPT }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k) && v !== undefined) headers[k] = String(v);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('base64') });
        });
      })
      .on('error', reject);
  });
}

export async function httpFigures(table: Table): Promise<void> {
  const started = performance.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-bench-http-'));
  const load = child(1, [process.execPath, ...nodeArgs('scripts/bench-http.ts'), '--load']);
  const children: ChildProcess[] = [load];
  try {
    await nextMessage(load);
    const run = async (url: string, shape: { connections: number; seconds: number }) => {
      load.send({ url, ...shape } satisfies Load);
      return nextMessage<LoadResult>(load);
    };
    const measure = async (base: string, pages: Record<string, string>) => {
      const out: Record<string, { loaded: LoadResult; lone: LoadResult }> = {};
      for (const [name, url] of Object.entries(pages)) {
        await run(`${base}${url}`, { connections: 10, seconds: 1 }); // warm-up: JIT, caches
        out[name] = { loaded: await run(`${base}${url}`, LOADED), lone: await run(`${base}${url}`, LONE) };
      }
      return out;
    };

    // 1. Boutic without the cache: the demo is seeded by this first start
    const uncached = await startBoutic(dataDir, { PAGE_CACHE_MB: '0' }, true);
    children.push(uncached.child);
    const catalogue = await (await fetch(`${uncached.base}/ateliers`)).text();
    const sessionId = /href="\/seances\/(\d+)"/.exec(catalogue)?.[1];
    if (!sessionId) throw new Error('no session on the demo catalogue');
    const pages = { catalogue: '/ateliers', 'session page': `/seances/${sessionId}` };
    const withoutCache = await measure(uncached.base, pages);
    await stop(uncached.child);

    // 2. Boutic with the cache (default size), on the same database, freshly started
    const cached = await startBoutic(dataDir, {}, false);
    children.push(cached.child);
    const pid = cached.child.pid!;
    await new Promise((r) => setTimeout(r, 1000));
    const idle = memory(pid);
    let peakReset = true;
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM: the peak below is the one under load, not start-up's
    } catch {
      peakReset = false;
    }
    const recorded: Record<string, Recorded> = {};
    for (const url of Object.values(pages)) recorded[url] = await record(`${cached.base}${url}`);
    const withCache = await measure(cached.base, pages);
    const loaded = memory(pid);
    await stop(cached.child);

    // 3. The bare node:http server with the same answers
    const bare = child(0, [process.execPath, ...nodeArgs('scripts/bench-http.ts'), '--bare']);
    children.push(bare);
    await nextMessage(bare);
    bare.send(recorded);
    const port = await nextMessage<number>(bare);
    const bareFigures = await measure(`http://127.0.0.1:${port}`, pages);
    await stop(bare);

    const ms = (v: number) => (v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`);
    const rows: string[][] = [];
    for (const [page, url] of Object.entries(pages)) {
      const kb = `${(Buffer.from(recorded[url]!.body, 'base64').length / 1024).toFixed(1)} KB ${recorded[url]!.headers['content-encoding'] ?? ''}`.trim();
      for (const [shape, key] of [[`${LOADED.connections} conn.`, 'loaded'], ['1 conn.', 'lone']] as const) {
        const b = bareFigures[page]![key];
        for (const [server, f] of [
          ['Boutic, cached', withCache[page]![key]],
          ['Boutic, uncached (PAGE_CACHE_MB=0)', withoutCache[page]![key]],
          ['bare node:http', b],
        ] as const) {
          const faults = f.errors + f.non2xx ? ` (${f.errors} errors, ${f.non2xx} non-2xx)` : '';
          rows.push([`${page} (${kb})`, shape, server, `${Math.round(f.rps)}${faults}`, ms(f.p50), ms(f.p99), `${Math.round((100 * f.rps) / b.rps)} %`]);
        }
      }
    }
    const cores = hasTaskset ? 'server on core 0, autocannon on core 1 (taskset)' : 'taskset not available: server and autocannon share the cores';
    console.log(`Public pages under load (${cores}; ${LOADED.seconds} s at ${LOADED.connections} connections, ${LONE.seconds} s for a lone client; targets: cached ≥ 80 % of bare, p99 < 25 ms at 50 connections, < 5 ms alone):`);
    table(['page', 'load', 'server', 'req/s', 'p50', 'p99', 'of bare'], rows);
    console.log(`Memory of the Boutic process with the cache, run with NODE_OPTIONS="${shippedNodeOptions().NODE_OPTIONS}" as \`npm start\` (targets: under 100 MB idle, under 160 MB at 50 connections):`);
    table(
      ['measure', 'value'],
      [
        ['RSS idle, 1 s after start (VmRSS)', `${idle.rss.toFixed(0)} MB`],
        [peakReset ? 'peak RSS under load (VmHWM, reset after start)' : 'peak RSS since start (VmHWM; could not reset)', `${loaded.peak.toFixed(0)} MB`],
        ['RSS after the load (VmRSS)', `${loaded.rss.toFixed(0)} MB`],
      ],
    );
    console.log(`(public pages under load: ${Math.round((performance.now() - started) / 1000)} s)\n`);
  } finally {
    for (const c of children) await stop(c);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--load') await loadWorker();
else if (process.argv[2] === '--bare') bareServer();
else if (import.meta.url === `file://${path.resolve(process.argv[1] ?? '')}`) {
  // run alone (`tsx scripts/bench-http.ts`): a plain table; `npm run bench` passes its own
  await httpFigures((header, rows) => console.table(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))));
}
