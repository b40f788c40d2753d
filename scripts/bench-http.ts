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
import { reach } from './bench-targets.js';

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
const LOADED = { connections: 50, seconds: 6 };
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
  // a child stopped by a signal has exitCode null and signalCode set: waiting for its 'exit' again would never end
  if (c.exitCode !== null || c.signalCode !== null) return;
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

/** Each server is measured in short rounds, the servers taking turns (order rotated each round): a noisy neighbour slows all of them alike, not the one measured at that moment. */
const ROUNDS = 3;
const median = (values: LoadResult[]) => [...values].sort((a, b) => a.rps - b.rps)[Math.floor(values.length / 2)]!;

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

    // Boutic with the cache (default size): the demo is seeded by this first start, then it restarts on the same database
    const seeding = await startBoutic(dataDir, {}, true);
    children.push(seeding.child);
    const catalogue = await (await fetch(`${seeding.base}/ateliers`)).text();
    const sessionId = /href="\/seances\/(\d+)"/.exec(catalogue)?.[1];
    if (!sessionId) throw new Error('no session on the demo catalogue');
    await stop(seeding.child);
    const pages = { catalogue: '/ateliers', 'session page': `/seances/${sessionId}` };

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
    // Boutic without the cache, on the same database, and the bare server with the cached answers: all three up at once, on core 0
    const uncached = await startBoutic(dataDir, { PAGE_CACHE_MB: '0' }, false);
    children.push(uncached.child);
    const recorded: Record<string, Recorded> = {};
    for (const url of Object.values(pages)) recorded[url] = await record(`${cached.base}${url}`);
    const bare = child(0, [process.execPath, ...nodeArgs('scripts/bench-http.ts'), '--bare']);
    children.push(bare);
    await nextMessage(bare);
    bare.send(recorded);
    const barePort = await nextMessage<number>(bare);
    const servers = {
      'Boutic, cached': cached.base,
      'Boutic, uncached (PAGE_CACHE_MB=0)': uncached.base,
      'bare node:http': `http://127.0.0.1:${barePort}`,
    } as const;
    type Server = keyof typeof servers;
    const names = Object.keys(servers) as Server[];

    const figures: Record<string, Record<'loaded' | 'lone', Record<Server, LoadResult>>> = {};
    for (const [page, url] of Object.entries(pages)) {
      for (const base of Object.values(servers)) await run(`${base}${url}`, { connections: 10, seconds: 1 }); // warm-up: JIT, caches
      figures[page] = { loaded: {} as Record<Server, LoadResult>, lone: {} as Record<Server, LoadResult> };
      for (const [key, shape] of [['loaded', LOADED], ['lone', LONE]] as const) {
        const rounds = new Map<Server, LoadResult[]>(names.map((n) => [n, []]));
        for (let round = 0; round < ROUNDS; round++) {
          for (let i = 0; i < names.length; i++) {
            const name = names[(i + round) % names.length]!;
            rounds.get(name)!.push(await run(`${servers[name]}${url}`, { connections: shape.connections, seconds: shape.seconds / ROUNDS }));
          }
        }
        for (const name of names) figures[page]![key][name] = median(rounds.get(name)!);
      }
    }
    const loaded = memory(pid);

    const ms = (v: number) => (v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`);
    const rows: string[][] = [];
    for (const [page, url] of Object.entries(pages)) {
      const kb = `${(Buffer.from(recorded[url]!.body, 'base64').length / 1024).toFixed(1)} KB ${recorded[url]!.headers['content-encoding'] ?? ''}`.trim();
      for (const [shape, key] of [[`${LOADED.connections} conn.`, 'loaded'], ['1 conn.', 'lone']] as const) {
        const b = figures[page]![key]['bare node:http'];
        for (const name of names) {
          const f = figures[page]![key][name];
          const faults = f.errors + f.non2xx ? ` (${f.errors} errors, ${f.non2xx} non-2xx)` : '';
          rows.push([`${page} (${kb})`, shape, name, `${Math.round(f.rps)}${faults}`, ms(f.p50), ms(f.p99), `${Math.round((100 * f.rps) / b.rps)} %`]);
        }
      }
    }
    for (const page of Object.keys(pages)) {
      const loadedFigures = figures[page]!.loaded;
      const share = (100 * loadedFigures['Boutic, cached'].rps) / loadedFigures['bare node:http'].rps;
      reach(`${page}, cached, 50 connections, share of bare node:http`, '≥ 80 %', `${share.toFixed(1)} %`, share >= 80);
      reach(`${page}, cached, p99 at 50 connections`, '< 25 ms', ms(loadedFigures['Boutic, cached'].p99), loadedFigures['Boutic, cached'].p99 < 25);
      reach(`${page}, cached, p99 for a lone client`, '< 5 ms', ms(figures[page]!.lone['Boutic, cached'].p99), figures[page]!.lone['Boutic, cached'].p99 < 5);
    }
    reach('Boutic idle (RSS)', '< 100 MB', `${idle.rss.toFixed(0)} MB`, idle.rss < 100);
    reach('Boutic at 50 connections (peak RSS)', '< 160 MB', `${loaded.peak.toFixed(0)} MB`, loaded.peak < 160);
    const cores = hasTaskset ? 'servers on core 0, autocannon on core 1 (taskset)' : 'taskset not available: servers and autocannon share the cores';
    console.log(
      `Public pages under load (${cores}; ${LOADED.connections} connections for ${LOADED.seconds} s and a lone client for ${LONE.seconds} s per server, in ${ROUNDS} rounds taken in turn, median round shown; targets: cached ≥ 80 % of bare, p99 < 25 ms at 50 connections, < 5 ms alone):`,
    );
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
