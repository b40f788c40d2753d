/**
 * Backup and restore of Boutic's database (docs/operations.md), for `npm run backup` and
 * `npm run restore`. SQLite: the online backup API of better-sqlite3 (consistent while Boutic
 * writes), then an integrity check of the copy. PostgreSQL: Debian's pg_dump / pg_restore
 * (custom format), the restore in one transaction. Every failure is an OpsError: a French
 * sentence for the person at the terminal and the process exit code.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config.js';
import { knownMigrations } from '../db/migrate.js';

/** Exit codes (sysexits.h): the scripts exit with these. */
export const EXIT = { usage: 64, noInput: 66, unavailable: 69, software: 70, cantCreate: 73, tempFail: 75, config: 78 } as const;

export class OpsError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** Registrations in the copy (SQLite: read back from the copy itself; PostgreSQL: not counted, the dump is not a database). */
  registrations: number | null;
  migrations: number | null;
}

const stamp = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, '').replace(/[-:]/g, '').replace('T', '-');

/** The default file of a backup: DATA_DIR/backups/boutic-AAAAMMJJ-HHMMSS.(sqlite|dump). */
export function defaultBackupFile(config: Pick<Config, 'dataDir' | 'database'>, at = new Date()): string {
  return path.join(config.dataDir, 'backups', `boutic-${stamp(at)}.${config.database.kind === 'sqlite' ? 'sqlite' : 'dump'}`);
}

function fsyncFile(file: string) {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string) {
  try {
    fsyncFile(dir);
  } catch {
    // some file systems refuse to sync a folder: the rename is still atomic
  }
}

/** Checks a SQLite file: integrity, and migrations this code knows. Returns its figures. */
function checkSqliteCopy(file: string): { registrations: number; migrations: number } {
  let copy: SQLite.Database;
  try {
    copy = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new OpsError(`Le fichier ${file} n’est pas une base SQLite lisible : ${(error as Error).message}`, EXIT.noInput);
  }
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new OpsError(`La copie ${file} est endommagée (integrity_check : ${String(integrity)}).`, EXIT.software);
    const hasTable = (name: string) => !!copy.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name);
    if (!hasTable('kysely_migration') || !hasTable('registrations')) throw new OpsError(`Le fichier ${file} n’est pas une base Boutic (tables absentes).`, EXIT.noInput);
    const names = (copy.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name);
    const known = new Set(knownMigrations());
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length) throw new OpsError(`Cette sauvegarde vient d’une version plus récente de Boutic (migration inconnue : ${unknown.join(', ')}) : installez cette version pour la restaurer.`, EXIT.software);
    const registrations = (copy.prepare('select count(*) as n from registrations').get() as { n: number }).n;
    return { registrations, migrations: names.length };
  } catch (error) {
    if (error instanceof OpsError) throw error;
    throw new OpsError(`Le fichier ${file} n’est pas une base Boutic lisible : ${(error as Error).message}`, EXIT.noInput);
  } finally {
    copy.close();
  }
}

// ---------------------------------------------------------------- PostgreSQL tools

/** The URL without its password (which goes to PGPASSWORD: never on a command line, visible to `ps`). */
function connectionOf(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Major version of a PostgreSQL client tool on the PATH; an OpsError if it is missing. */
function toolMajor(tool: 'pg_dump' | 'pg_restore'): number {
  const run = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new OpsError(`${tool} est introuvable : installez le client PostgreSQL (Debian : apt-get install postgresql-client).`, EXIT.unavailable);
  }
  const major = Number(/(\d+)(?:\.\d+)?/.exec(run.stdout)?.[1]);
  if (!major) throw new OpsError(`Version de ${tool} illisible : ${run.stdout.trim()}`, EXIT.unavailable);
  return major;
}

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new OpsError(`Base de données inaccessible : ${(error as Error).message}`, EXIT.unavailable);
  }
  try {
    return await f(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function serverMajor(url: string): Promise<number> {
  return withClient(url, async (c) => Math.floor(Number((await c.query<{ v: string }>('show server_version_num')).rows[0]!.v) / 10000));
}

/** Other sessions on the database (Boutic running, a psql…): the restore refuses to run under them. */
async function otherPostgresSessions(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const r = await c.query<{ n: string }>(`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    return Number(r.rows[0]!.n);
  });
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv, what: string) {
  const run = spawnSync(tool, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    const detail = (run.stderr || run.error?.message || '').trim().split('\n').slice(-3).join(' ');
    throw new OpsError(`${what} a échoué (${tool}, code ${run.status ?? '?'}) : ${detail}`, EXIT.software);
  }
  return run.stdout;
}

// ---------------------------------------------------------------- backup

/** Writes a consistent backup while Boutic may be running; the file appears only once complete and checked. */
export async function backupDatabase(config: Pick<Config, 'dataDir' | 'database'>, target?: string): Promise<BackupResult> {
  const file = path.resolve(target ?? defaultBackupFile(config));
  if (fs.existsSync(file)) throw new OpsError(`Le fichier ${file} existe déjà : choisissez un autre nom.`, EXIT.cantCreate);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new OpsError(`Impossible de créer le dossier ${path.dirname(file)} : ${(error as Error).message}`, EXIT.cantCreate);
  }
  const partial = `${file}.partiel`;
  fs.rmSync(partial, { force: true });
  try {
    let figures: { registrations: number | null; migrations: number | null };
    if (config.database.kind === 'sqlite') {
      const source = config.database.file;
      if (!fs.existsSync(source)) throw new OpsError(`Aucune base SQLite à sauvegarder : ${source} n’existe pas.`, EXIT.noInput);
      const db = new SQLite(source, { fileMustExist: true, timeout: 5000 });
      try {
        // the online backup API: pages copied in steps, restarted if Boutic writes in between; the copy is one consistent instant
        await db.backup(partial);
      } finally {
        db.close();
      }
      // the copy is one self-contained file (no -wal beside it); Boutic turns WAL back on when it opens it
      const copy = new SQLite(partial, { fileMustExist: true });
      try {
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
      figures = checkSqliteCopy(partial);
    } else {
      const dumpMajor = toolMajor('pg_dump');
      const server = await serverMajor(config.database.url);
      if (dumpMajor < server) {
        throw new OpsError(`pg_dump ${dumpMajor} ne sait pas sauvegarder un serveur PostgreSQL ${server} : installez le client PostgreSQL ${server} (paquet postgresql-client-${server}).`, EXIT.unavailable);
      }
      const { dbname, env } = connectionOf(config.database.url);
      // pg_dump reads from one snapshot (repeatable read): consistent while Boutic writes
      runTool('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${dbname}`], env, 'La sauvegarde');
      const list = runTool('pg_restore', ['--list', partial], process.env, 'La relecture de la sauvegarde');
      if (!/TABLE DATA \S+ registrations /.test(list)) throw new OpsError('La sauvegarde ne contient pas la table des inscriptions : ce n’est pas une base Boutic.', EXIT.software);
      figures = { registrations: null, migrations: null };
    }
    fsyncFile(partial);
    fs.renameSync(partial, file);
    fsyncDir(path.dirname(file));
    return { file, bytes: fs.statSync(file).size, ...figures };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof OpsError) throw error;
    throw new OpsError(`La sauvegarde a échoué : ${(error as Error).message}`, EXIT.software);
  }
}

// ---------------------------------------------------------------- restore

export interface RestoreResult {
  target: string;
  /** SQLite: the replaced database, kept beside it (absent if there was none). */
  previous?: string;
  registrations: number;
}

/** Puts a backup back into the configured database. Refuses while the database is in use. */
export async function restoreDatabase(config: Pick<Config, 'database'>, backupFile: string): Promise<RestoreResult> {
  const file = path.resolve(backupFile);
  if (!fs.existsSync(file)) throw new OpsError(`La sauvegarde ${file} n’existe pas.`, EXIT.noInput);
  if (config.database.kind === 'sqlite') {
    const target = config.database.file;
    checkSqliteCopy(file);
    if (fs.existsSync(target)) {
      // a running Boutic keeps the database open: an exclusive lock is then refused
      const probe = new SQLite(target, { fileMustExist: true, timeout: 0 });
      try {
        probe.pragma('locking_mode = EXCLUSIVE');
        probe.exec('begin exclusive');
        probe.exec('commit');
      } catch {
        throw new OpsError(`La base ${target} est en cours d’utilisation : arrêtez Boutic avant de restaurer.`, EXIT.tempFail);
      } finally {
        probe.close();
      }
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const beside = `${target}.restauration`;
    fs.rmSync(beside, { force: true });
    fs.copyFileSync(file, beside);
    fsyncFile(beside);
    const { registrations } = checkSqliteCopy(beside);
    let previous: string | undefined;
    if (fs.existsSync(target)) {
      previous = `${target}.avant-restauration-${stamp()}`;
      fs.linkSync(target, previous); // the old database stays reachable under another name
    }
    // a journal left by the old database must not be replayed onto the restored one
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(beside, target); // atomic: the old file or the new one, never half of one
    fsyncDir(path.dirname(target));
    return { target, ...(previous ? { previous } : {}), registrations };
  }

  const url = config.database.url;
  const restoreMajor = toolMajor('pg_restore');
  const server = await serverMajor(url);
  if (restoreMajor < server) {
    throw new OpsError(`pg_restore ${restoreMajor} ne sait pas restaurer vers un serveur PostgreSQL ${server} : installez le client PostgreSQL ${server} (paquet postgresql-client-${server}).`, EXIT.unavailable);
  }
  const list = runTool('pg_restore', ['--list', file], process.env, 'La lecture de la sauvegarde');
  if (!/TABLE DATA \S+ registrations /.test(list)) throw new OpsError(`${file} n’est pas une sauvegarde de Boutic (pas de table des inscriptions).`, EXIT.noInput);
  const others = await otherPostgresSessions(url);
  if (others > 0) throw new OpsError(`La base est en cours d’utilisation (${others} connexion(s)) : arrêtez Boutic avant de restaurer.`, EXIT.tempFail);
  const { dbname, env } = connectionOf(url);
  // one transaction: a failure leaves the database as it was
  runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file], env, 'La restauration');
  return withClient(url, async (c) => {
    const names = (await c.query<{ name: string }>('select name from kysely_migration')).rows.map((r) => r.name);
    const known = new Set(knownMigrations());
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length) throw new OpsError(`Base restaurée, mais elle vient d’une version plus récente de Boutic (migration inconnue : ${unknown.join(', ')}) : installez cette version.`, EXIT.software);
    const registrations = Number((await c.query<{ n: string }>('select count(*) as n from registrations')).rows[0]!.n);
    return { target: new URL(url).pathname.slice(1), registrations };
  });
}
