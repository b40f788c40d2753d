import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

const STATUSES = sql`status in ('pending', 'sending', 'sent', 'failed', 'skipped')`;

/**
 * The outbox worker's states: `sending` (claimed under a lease), `skipped` (a guard found the
 * message stale), and the columns `guard` (JSON {name, data}) and `skipped_at`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  if (c.pg) {
    // The first migration let PostgreSQL name the column check: find it rather than guess.
    const checks = await sql<{ conname: string }>`
      select conname from pg_constraint
      where conrelid = 'outbox'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%status%'`.execute(db);
    for (const { conname } of checks.rows) await sql`alter table outbox drop constraint ${sql.id(conname)}`.execute(db);
    await sql`alter table outbox add constraint outbox_status_check check (${STATUSES})`.execute(db);
    await db.schema.alterTable('outbox').addColumn('guard', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('skipped_at', c.instant).execute();
    return;
  }

  // SQLite cannot alter a CHECK: rebuild the table, in one transaction (the migrator opens none here).
  await db.transaction().execute(async (tx) => {
    await c
      .id(tx.schema.createTable('outbox_new'))
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('recipient', 'text', (col) => col.notNull())
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending').check(STATUSES))
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_attempt_at', c.instant, (col) => col.notNull())
      .addColumn('sent_at', c.instant)
      .addColumn('last_error', 'text')
      .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
      .addColumn('guard', 'text')
      .addColumn('skipped_at', c.instant)
      .execute();
    const kept = sql.raw('id, kind, recipient, payload, status, attempts, next_attempt_at, sent_at, last_error, idempotency_key, created_at');
    await sql`insert into outbox_new (${kept}) select ${kept} from outbox order by id`.execute(tx);
    // Keep the autoincrement counter, so that an id is never given twice (Message-IDs use it).
    const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'outbox'`.execute(tx);
    await tx.schema.dropTable('outbox').execute(); // drops outbox_due_idx with it
    await sql`alter table outbox_new rename to outbox`.execute(tx);
    const last = seq.rows[0]?.seq;
    if (last !== undefined) {
      await sql`delete from sqlite_sequence where name = 'outbox'`.execute(tx);
      await sql`insert into sqlite_sequence (name, seq) values ('outbox', ${last})`.execute(tx);
    }
    await tx.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
