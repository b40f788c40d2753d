import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { searchFold } from './fold.js';
import { createRequire } from 'node:module';
import type SQLiteDriver from 'better-sqlite3';
import type pgDriver from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import type { DB } from './schema.js';
import type { Config } from '../config.js';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Every query takes this: the outer connection or the command's transaction. */
export type Executor = Db | Tx;
export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Db;
  dialect: Dialect;
  /** Counts the statements run, for tests that bound the queries of a page. */
  queryCount(): number;
  /**
   * One row by a fixed statement, outside Kysely (its query building and driver cost ~40 µs): only
   * for the read every request makes (the territory's version, src/platform/programme.ts).
   * Parameters are written `$1`, `$2`…; SQLite keeps the statement prepared, PostgreSQL gets a named
   * prepared statement. Not for use inside a transaction.
   */
  readRow<T>(name: string, text: string, params: unknown[]): Promise<T | undefined>;
  destroy(): Promise<void>;
}

// PostgreSQL answers instants, bigints and numerics in forms the SQLite side never produces:
// bring them to the shared representation (ISO strings and JS numbers).
// Only the driver in use is loaded (pg or better-sqlite3: ~3 MB of memory each).
const require = createRequire(import.meta.url);
const loadPg = () => require('pg') as typeof pgDriver;
const loadSqlite = () => require('better-sqlite3') as typeof SQLiteDriver;

const pgTypes = (pg: typeof pgDriver) => ({
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case 1184: // timestamptz
      case 1114: // timestamp
        return (v: string) => new Date(v.includes('+') || v.endsWith('Z') ? v : `${v}Z`).toISOString();
      case 20: // int8
      case 1700: // numeric
        return (v: string) => Number(v);
      case 1082: // date
        return (v: string) => v;
      default:
        return pg.types.getTypeParser(oid, format as 'text');
    }
  },
});

export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function openDatabase(database: Config['database'], options: { poolSize?: number } = {}): Database {
  let count = 0;
  const log = () => {
    count++;
  };
  if (database.kind === 'postgres') {
    const pg = loadPg();
    const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10, types: pgTypes(pg) });
    pool.on('error', () => {}); // an idle client's error is reported on its next use
    prepareTransactionStatements(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
    const readRow = async <T>(name: string, text: string, params: unknown[]) => {
      count++;
      return (await pool.query({ name, text, values: params })).rows[0] as T | undefined;
    };
    return { db, dialect: 'postgres', queryCount: () => count, readRow, destroy: () => db.destroy() };
  }
  fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const SQLite = loadSqlite();
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // the same function PostgreSQL gets from migration 0011: hex SHA-256 of a text (unsubscribe hashes)
  sqlite.function('sha256_hex', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? crypto.createHash('sha256').update(text, 'utf8').digest('hex') : null));
  // and the one from migration 0012: lowercase without diacritics, for accent-insensitive search
  sqlite.function('search_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? searchFold(text) : null));
  const statements = withStatementCache(sqlite);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }), log });
  const readRow = async <T>(_name: string, text: string, params: unknown[]) => {
    count++;
    return statements.prepare(text.replace(/\$\d+/g, '?')).get(params) as T | undefined;
  };
  return { db, dialect: 'sqlite', queryCount: () => count, readRow, destroy: () => db.destroy() };
}

/** Named statements per process at most (each connection keeps its own copy on the server). */
const NAMED_STATEMENTS = 300;

/**
 * On PostgreSQL, the statements run inside a transaction (the commands: a registration, a
 * cancellation, a planning edit…) go as named prepared statements: each connection has the server
 * parse them once, not on every call — a third of PostgreSQL's CPU per registration (measured,
 * docs/performance.md). Reads outside a transaction (pages, exports, reports) stay unnamed, so
 * PostgreSQL plans them with their values every time, as the national reports need (a territory's
 * size changes the best plan). A text holding a list `in ($1, $2…)` varies with the data and is
 * left unnamed, and at most NAMED_STATEMENTS texts are named per process, so that each
 * connection's prepared statements stay few whatever the queries.
 */
function prepareTransactionStatements(pool: pgDriver.Pool): void {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known || names.size >= NAMED_STATEMENTS || /\bin \(\$\d+, /.test(text)) return known;
    const name = `boutic_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
    return name;
  };
  pool.on('connect', (client) => {
    let inTransaction = false;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Kysely calls query(text, values); 'begin', 'commit' and 'rollback' come as texts without values
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (typeof text === 'string') {
        if (text === 'begin') inTransaction = true;
        else if (text === 'commit' || text === 'rollback') inTransaction = false;
        else if (inTransaction && args.length === 2 && Array.isArray(values) && values.length) {
          const name = nameOf(text);
          if (name) return query({ name, text, values });
        }
      }
      return query(...args);
    };
  });
}

/**
 * Kysely's SQLite driver prepares every statement again on each query (a third of the cost of a
 * small read); the app runs a few hundred distinct statements: keep them prepared. A statement
 * still busy (a stream not finished) is never handed out twice.
 */
function withStatementCache(sqlite: SQLiteDriver.Database, max = 1000): { close(): void; prepare(text: string): SQLiteDriver.Statement } {
  const statements = new Map<string, SQLiteDriver.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      // takes the write lock at BEGIN: a deferred transaction that reads, then writes, fails at once
      // (SQLITE_BUSY, no wait) when another connection wrote in between (decision 0020)
      if (text === 'begin') text = 'begin immediate';
      const kept = statements.get(text);
      if (kept && !kept.busy) return kept;
      const statement = sqlite.prepare(text);
      if (statements.size >= max) statements.clear();
      statements.set(text, statement);
      return statement;
    },
  };
}

export const now = (): string => new Date().toISOString();

/** A unique constraint refused the write (two people saving the same thing at once). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
