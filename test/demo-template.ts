import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Db } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';

/**
 * The migrated database, and the demo seeded, once and copied: migrating a fresh database is ~0.2 s of
 * CPU on SQLite and ~0.5 s on PostgreSQL (about 180 databases a run), seeding the demo (the browser
 * files, the security sweeps) ~1.5 s in the test process and as much in PostgreSQL; a copy is a few
 * milliseconds (a file copy; `create database … template`, what PostgreSQL does for any database). `npm test` sets BOUTIC_TEST_TEMPLATES to a folder of its run; without it (a file run
 * alone) each database is seeded as before. A template serves 5 minutes (a key of the run's clock), so
 * that the demo's dates stay those of a seed of the last minutes, never of another day. The first
 * process to need a template writes it under a name of its own and renames it into place: two
 * processes at once seed twice, never half.
 */
export interface DemoSeedOptions {
  baseUrl?: string;
  secret?: string;
}

const WINDOW_MS = 5 * 60_000;

export function templatesEnabled(): boolean {
  return !!process.env.BOUTIC_TEST_TEMPLATES;
}

/** `null`: migrated only, no demo. */
function keyOf(options: DemoSeedOptions | null): string {
  const window = Math.floor(Date.now() / WINDOW_MS);
  return crypto.createHash('sha256').update(JSON.stringify(options ? [options.baseUrl ?? null, options.secret ?? null, window] : 'migrated')).digest('hex').slice(0, 12);
}

/** The demo seeded into a database as seedDemo(db, options) would (the tests' call then finds it). */
export async function seedInto(db: Db, options: DemoSeedOptions): Promise<void> {
  const { seedDemo } = await import('../src/demo/seed.js');
  await seedDemo(db, options);
}

/** A SQLite file holding the migrated database and the seeded demo (`null`: migrated only), written once (per window for the demo) per run. */
export async function sqliteTemplate(options: DemoSeedOptions | null): Promise<string> {
  const file = path.join(process.env.BOUTIC_TEST_TEMPLATES!, `demo-${keyOf(options)}.sqlite`);
  if (fs.existsSync(file)) return file;
  const own = `${file}.${crypto.randomBytes(4).toString('hex')}`;
  const database = openDatabase({ kind: 'sqlite', file: own });
  try {
    await migrateToLatest(database.db);
    if (options) await seedInto(database.db, options);
  } finally {
    await database.destroy(); // the last connection closed: the WAL is checkpointed into the file and removed
  }
  for (const extra of ['-wal', '-shm']) fs.rmSync(own + extra, { force: true });
  fs.renameSync(own, file);
  return file;
}

const pgCode = (e: unknown) => (e as { code?: string }).code;

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Retries while PostgreSQL still counts a just-closed connection to the database (55006). */
async function retryBusy(run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await run();
      return;
    } catch (e) {
      if (pgCode(e) !== '55006' || i >= 50) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The name of a PostgreSQL database holding the migrated database and the seeded demo (`null`: migrated only), to `create database … template` from. */
export async function postgresTemplate(adminUrl: string, options: DemoSeedOptions | null): Promise<string> {
  const name = `boutic_tpl_${keyOf(options)}`;
  const exists = await withAdmin(adminUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (exists) return name;
  const own = `boutic_tplw_${crypto.randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${own}`));
  const url = new URL(adminUrl);
  url.pathname = `/${own}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 5 });
  try {
    await migrateToLatest(database.db);
    if (options) await seedInto(database.db, options);
  } finally {
    await database.destroy();
  }
  await withAdmin(adminUrl, async (c) => {
    try {
      await retryBusy(() => c.query(`alter database ${own} rename to ${name}`));
    } catch (e) {
      if (pgCode(e) !== '42P04') throw e; // another process got there first: its copy serves
      await c.query(`drop database if exists ${own} with (force)`);
    }
  });
  return name;
}

/** `create database name template …`, retried while a connection to the template is closing. */
export async function createFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  await retryBusy(() => admin.query(`create database ${name} template ${template}`));
}
