/**
 * `npm run bench`: figures measured side by side in one run, printed as a table.
 * For now: time to start the demo from an absent database, and the weight of each public page
 * (HTML, CSS, JavaScript; raw, gzip, brotli). Later issues add their rows (registration bursts,
 * throughput against a bare node:http server, national-scale reports).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { registrationFigures } from './bench-registration.js';
import { facilitationFigures } from './bench-facilitation.js';
import { nodeArgs } from './run-ts.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startDemo(): Promise<{ base: string; upMs: number; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-bench-'));
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs('src/main.ts'), '--demo'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the demo exited');
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const upMs = performance.now() - t0;
  return {
    base,
    upMs,
    stop: async () => {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
function row(cells: string[], widths: number[]) {
  return `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
}
function table(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(row(header, widths));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(row(r, widths));
  console.log('');
}

const runs = 3;
const ups: number[] = [];
let demo = await startDemo();
ups.push(demo.upMs);
await demo.stop();
for (let i = 1; i < runs; i++) {
  demo = await startDemo();
  ups.push(demo.upMs);
  if (i < runs - 1) await demo.stop();
}
ups.sort((a, b) => a - b);
console.log(`\nStart of the demo from an absent SQLite file (process spawn to first /healthz answer), ${runs} runs:`);
table(['measure', 'value'], [
  ['fastest', `${Math.round(ups[0]!)} ms`],
  ['median', `${Math.round(ups[Math.floor(runs / 2)]!)} ms`],
]);

const pages = ['/', '/equipe/connexion', '/accessibilite', '/mentions-legales'];
const assets = ['/static/css/boutic.css', '/static/js/boutic.js'];
const weights: string[][] = [];
for (const url of [...pages, ...assets]) {
  const body = Buffer.from(await (await fetch(`${demo.base}${url}`)).arrayBuffer());
  weights.push([url, `${body.length} B`, `${zlib.gzipSync(body, { level: 6 }).length} B`, `${zlib.brotliCompressSync(body).length} B`]);
}
const css = weights.filter((w) => w[0]!.startsWith('/static/')).reduce((s, w) => s + Number(w[2]!.split(' ')[0]), 0);
console.log('Page weight (each page also loads the CSS and JS below, cached after the first page):');
table(['resource', 'raw', 'gzip', 'brotli'], weights);
const home = weights[0]!;
console.log(`Home page with its CSS and JS, gzip: ${kb(Number(home[2]!.split(' ')[0]) + css)} (target under 30 KB)\n`);
await demo.stop();

await (await import('./bench-http.js')).httpFigures(table);

const registration = await registrationFigures();
console.log('Registration bursts: N people register at the same instant for one 12-seat session, over HTTP (one port; WEB_CONCURRENCY processes):');
table(['database', 'N', 'confirmed', 'waitlisted', 'errors', 'median', 'p99', 'registrations/s'], registration.bursts);
console.log('Registration throughput: POSTs of the form for 8 s by 50 keep-alive clients, a fresh address each, over 20 sessions (confirmed or waitlisted);');
console.log('the bare server answers the same POST with the same bytes from memory, in the same run (targets: ≥ 35 % of it on SQLite, ≥ 1,000/s on PostgreSQL);');
console.log('PostgreSQL commits durably (fsync, synchronous commit) unless the row says synchronous_commit=off:');
table(['server', 'clients', 'registrations/s', 'p50', 'p99', 'failed', 'vs bare'], registration.throughput);

console.log('Facilitation: PDFs (median of 20 renders) and closing a session (median of 5), side by side:');
table(['measure', 'size', 'time'], await facilitationFigures());

await (await import('./bench-national.js')).nationalFigures(table);
