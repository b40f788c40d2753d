import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Migrator, sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import * as initial from '../db/migrations/20261128_0001_initial.js';
import * as catalogueDetails from '../db/migrations/20261128_0002_catalogue_details.js';

/** An empty, unmigrated database of each kind (SQLite always; PostgreSQL when TEST_POSTGRES_URL is set). */
async function emptyDatabases(): Promise<Array<{ name: string; database: Database; cleanup(): Promise<void> }>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-mail-migration-'));
  const sqlite = openDatabase({ kind: 'sqlite', file: path.join(dir, 'boutic.sqlite') });
  const out = [
    {
      name: 'sqlite',
      database: sqlite,
      async cleanup() {
        await sqlite.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    },
  ];
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (adminUrl) {
    const name = `boutic_mail_mig_${crypto.randomBytes(5).toString('hex')}`;
    const admin = async (query: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(query);
      } finally {
        await client.end();
      }
    };
    await admin(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 2 });
    out.push({
      name: 'postgres',
      database,
      async cleanup() {
        await database.destroy();
        await admin(`drop database if exists ${name} with (force)`);
      },
    });
  }
  return out;
}

/** The schema of the previous release: migrations 0001 and 0002 only. */
async function migrateToPreviousRelease(db: Kysely<any>) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '20261128_0001_initial': initial, '20261128_0002_catalogue_details': catalogueDetails }) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

test('migration 0003 takes the outbox of the previous release, rows and all, and allows the new states', async () => {
  for (const { name, database, cleanup } of await emptyDatabases()) {
    const db = database.db as unknown as Kysely<any>;
    try {
      await migrateToPreviousRelease(db);
      const old = (key: string, status: string, attempts: number, lastError: string | null) =>
        db
          .insertInto('outbox')
          .values({ kind: 'test', recipient: 'a@example.fr', payload: JSON.stringify({ subject: key, text: 't', html: '<p>t</p>' }), status, attempts, next_attempt_at: '2026-11-28T10:00:00.000Z', last_error: lastError, idempotency_key: key })
          .returning('id')
          .executeTakeFirstOrThrow();
      const a = await old('old-pending', 'pending', 0, null);
      const b = await old('old-failed', 'failed', 10, 'Connection refused');
      const c = await old('old-deleted', 'sent', 1, null);
      await db.deleteFrom('outbox').where('id', '=', c.id).execute();
      await assert.rejects(old('old-sending', 'sending', 1, null), `${name}: the previous schema refuses 'sending'`);

      const applied = await migrateToLatest(database.db);
      assert.ok(applied.includes('20261128_0003_outbox_states'), name);

      const rows = await database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => [r.id, r.idempotency_key, r.status, r.attempts, r.last_error, r.next_attempt_at, r.guard, r.skipped_at]),
        [
          [a.id, 'old-pending', 'pending', 0, null, '2026-11-28T10:00:00.000Z', null, null],
          [b.id, 'old-failed', 'failed', 10, 'Connection refused', '2026-11-28T10:00:00.000Z', null, null],
        ],
        `${name}: the rows are kept`,
      );
      assert.match(rows[0]!.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

      for (const status of ['sending', 'skipped', 'sent', 'failed', 'pending'] as const) {
        await database.db.updateTable('outbox').set({ status }).where('id', '=', a.id).execute();
      }
      await assert.rejects(db.updateTable('outbox').set({ status: 'lost' }).where('id', '=', a.id).execute(), `${name}: the check still holds`);
      await assert.rejects(old('old-pending', 'pending', 0, null), `${name}: the idempotency key is still unique`);
      const fresh = await database.db
        .insertInto('outbox')
        .values({ kind: 'test', recipient: 'b@example.fr', payload: '{}', next_attempt_at: '2026-11-28T10:00:00.000Z', idempotency_key: 'new', guard: '{"name":"g","data":1}' })
        .returning(['id', 'status', 'attempts', 'created_at'])
        .executeTakeFirstOrThrow();
      assert.ok(fresh.id > c.id, `${name}: an id is never given twice (got ${fresh.id} after ${c.id})`);
      assert.equal(fresh.status, 'pending');
      assert.equal(fresh.attempts, 0);

      const indexes =
        name === 'postgres'
          ? (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'outbox'`.execute(db)).rows
          : (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'outbox'`.execute(db)).rows;
      assert.ok(indexes.some((i) => i.name === 'outbox_due_idx'), `${name}: the index of due messages is there`);
      const tables = (await database.db.introspection.getTables()).map((t) => t.name);
      assert.ok(!tables.includes('outbox_new'), name);
    } finally {
      await cleanup();
    }
  }
});
