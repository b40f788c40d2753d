import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { searchFold } from './fold.js';
import SQLite from 'better-sqlite3';
import pg from 'pg';
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
  destroy(): Promise<void>;
}

// PostgreSQL answers instants, bigints and numerics in forms the SQLite side never produces:
// bring them to the shared representation (ISO strings and JS numbers).
const pgTypes = {
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
};

export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function openDatabase(database: Config['database'], options: { poolSize?: number } = {}): Database {
  let count = 0;
  const log = () => {
    count++;
  };
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10, types: pgTypes });
    pool.on('error', () => {}); // an idle client's error is reported on its next use
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
    return { db, dialect: 'postgres', queryCount: () => count, destroy: () => db.destroy() };
  }
  fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // the same function PostgreSQL gets from migration 0011: hex SHA-256 of a text (unsubscribe hashes)
  sqlite.function('sha256_hex', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? crypto.createHash('sha256').update(text, 'utf8').digest('hex') : null));
  // and the one from migration 0012: lowercase without diacritics, for accent-insensitive search
  sqlite.function('search_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? searchFold(text) : null));
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  return { db, dialect: 'sqlite', queryCount: () => count, destroy: () => db.destroy() };
}

/** How many prepared statements a SQLite connection keeps (the app has a few hundred distinct queries). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query again on SQLite, and preparing (parsing and planning against the
 * schema) cost more than running most of them: a registration spent a fifth of its time there.
 * The same SQL text gets the same statement; SQLite re-prepares it by itself after a schema
 * change. Safe because Kysely runs one query at a time on the one connection (a mutex), so a
 * statement is never used by two queries at once. Past the size, the oldest half is dropped.
 */
export function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') {
        return (text: string) => {
          // takes the write lock at BEGIN: a deferred transaction that reads, then writes, fails at
          // once (SQLITE_BUSY, no wait) when another process wrote in between
          if (text === 'begin') text = 'begin immediate';
          let statement = cache.get(text);
          if (!statement) {
            statement = target.prepare(text);
            if (cache.size >= STATEMENT_CACHE_SIZE) for (const key of [...cache.keys()].slice(0, STATEMENT_CACHE_SIZE / 2)) cache.delete(key);
            cache.set(text, statement);
          }
          return statement;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export const now = (): string => new Date().toISOString();

/** A unique constraint refused the write (two people saving the same thing at once). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
