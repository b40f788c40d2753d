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
import { nodeArgs, shippedNodeOptions } from './run-ts.js';
import { reach, targetRows } from './bench-targets.js';

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
    env: { ...process.env, ...shippedNodeOptions(), PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'silent' },
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

const benchStarted = performance.now();
let finished = false;
process.on('exit', () => {
  // A pending promise with nothing left to wake it ends Node silently: say so, and fail
  if (!finished) {
    console.error('The bench stopped before its end (a step never finished).');
    process.exitCode = 1;
  }
});

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

// Every public page a visitor can reach without an account, with real ids of the demo
const catalogueHtml = await (await fetch(`${demo.base}/ateliers`)).text();
const first = (re: RegExp, html: string) => re.exec(html)?.[1];
const sessionId = first(/href="\/seances\/(\d+)"/, catalogueHtml);
const workshopSlug = first(/href="\/ateliers\/([a-z0-9-]+)"/, catalogueHtml.replace(/href="\/ateliers\/demande"/g, ''));
const sessionHtml = sessionId ? await (await fetch(`${demo.base}/seances/${sessionId}`)).text() : '';
const venueSlug = first(/href="\/lieux\/([a-z0-9-]+)"/, sessionHtml);
if (!sessionId || !workshopSlug || !venueSlug) throw new Error('the demo catalogue has no session, workshop or venue link');
const pages = [
  '/',
  '/ateliers',
  `/ateliers/${workshopSlug}`,
  `/seances/${sessionId}`,
  `/lieux/${venueSlug}`,
  '/calendrier',
  '/ateliers/demande',
  '/diagnostic',
  '/bilan',
  '/mes-inscriptions/lien',
  '/equipe/connexion',
  '/accessibilite',
  '/mentions-legales',
  '/confidentialite',
];
const assets = ['/static/css/boutic.css', '/static/js/boutic.js'];
const weights: string[][] = [];
let heaviest = { url: '', gzip: 0 };
for (const url of [...pages, ...assets]) {
  const response = await fetch(`${demo.base}${url}`);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  const gzip = zlib.gzipSync(body, { level: 6 }).length;
  const scripts = url.startsWith('/static/') ? '' : String((body.toString('utf8').match(/<script\b(?![^>]*application\/ld\+json)/g) ?? []).length);
  weights.push([url, `${body.length} B`, `${gzip} B`, `${zlib.brotliCompressSync(body).length} B`, scripts]);
  if (!url.startsWith('/static/') && gzip > heaviest.gzip) heaviest = { url, gzip };
}
const assetsGzip = weights.filter((w) => w[0]!.startsWith('/static/')).reduce((s, w) => s + Number(w[2]!.split(' ')[0]), 0);
reach('heaviest public page with its CSS and JS, gzip', '< 30 KB', `${kb(heaviest.gzip + assetsGzip)} (${heaviest.url})`, heaviest.gzip + assetsGzip < 30 * 1024);
console.log('Page weight of every public page (each page also loads the CSS and JS below, cached after the first page; the JS is an enhancement, no page needs it to read or register):');
table(['resource', 'raw', 'gzip', 'brotli', 'scripts (not JSON-LD)'], weights);
console.log(`Heaviest public page with its CSS and JS, gzip: ${kb(heaviest.gzip + assetsGzip)} (${heaviest.url}; target under 30 KB per page: ${heaviest.gzip + assetsGzip < 30 * 1024 ? 'met' : 'NOT met'})\n`);
await demo.stop();

await (await import('./bench-http.js')).httpFigures(table);

const registration = await registrationFigures();
console.log('Registration bursts: N people register at the same instant for one 12-seat session, over HTTP (one port; WEB_CONCURRENCY processes):');
table(['database', 'N', 'confirmed', 'waitlisted', 'errors', 'median', 'p99', 'registrations/s'], registration.bursts);
console.log('Registration throughput: POSTs of the form for 8 s by 50 keep-alive clients, a fresh address each, over 20 sessions (confirmed or waitlisted);');
console.log('the bare server answers the same POST with the same bytes from memory, in the same run (targets: ≥ 35 % of it on SQLite, ≥ 1,000/s on PostgreSQL);');
console.log('PostgreSQL commits durably (fsync, synchronous commit) unless the row says synchronous_commit=off:');
table(['server', 'clients', 'registrations/s', 'p50', 'p99', 'failed', 'vs bare'], registration.throughput);

for (const row of registration.throughput) {
  if (row[0] === 'SQLite, 1 process') reach('registration throughput on SQLite, share of bare node:http', '≥ 35 %', row[6]!, Number.parseFloat(row[6]!) >= 35);
  if (row[0]!.startsWith('PostgreSQL')) reach(`registration throughput, ${row[0]}, 50 clients`, '≥ 1,000/s', `${row[2]}/s`, Number(row[2]) >= 1000);
}
const overbooked = registration.bursts.filter((b) => Number(b[2]!.split('/')[0]) > Number(b[2]!.split('/')[1]) || b[4] !== '0');
reach('registration bursts: no seat beyond the session’s, no error', 'all setups', overbooked.length ? `${overbooked.length} of ${registration.bursts.length} failed` : `${registration.bursts.length} bursts clean`, overbooked.length === 0);

console.log('Facilitation: PDFs (median of 20 renders) and closing a session (median of 5), side by side:');
table(['measure', 'size', 'time'], await facilitationFigures());

await (await import('./bench-national.js')).nationalFigures(table);

console.log('The targets of issue 12, as measured in this run:');
table(['measure', 'target', 'this run', ''], targetRows());
finished = true;
console.log(`Whole bench: ${Math.round((performance.now() - benchStarted) / 1000)} s (budget: 15 min on 2 cores).`);
