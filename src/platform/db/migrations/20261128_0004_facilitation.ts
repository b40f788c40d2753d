import type { Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Facilitation (issue 5): a session's closing and report, when attendance was ticked,
 * certificates of attendance with their public verification code, and the questions asked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema.alterTable('sessions').addColumn('closed_at', c.instant).execute();
  await db.schema.alterTable('sessions').addColumn('closed_by', c.bigint).execute();
  await db.schema.alterTable('sessions').addColumn('report_notes', 'text').execute();
  await db.schema.alterTable('registrations').addColumn('attendance_at', c.instant).execute();
  // what the person expects, or a need (accessibility…), read by the facilitator on the roster
  await db.schema.alterTable('registrations').addColumn('notes', 'text').execute();

  await c
    .id(db.schema.createTable('certificates'))
    .addColumn('registration_id', c.bigint, (col) => col.notNull().unique().references('registrations.id').onDelete('cascade'))
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('issued_at', c.instant, (col) => col.notNull())
    .addColumn('revoked_at', c.instant)
    .execute();

  await c
    .id(db.schema.createTable('session_questions'))
    .addColumn('session_id', c.bigint, (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('workshop_id', c.bigint, (col) => col.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('question', 'text', (col) => col.notNull())
    .addColumn('answer', 'text')
    .addColumn('created_by', c.bigint)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('updated_at', c.instant)
    .addColumn('published_at', c.instant)
    .addColumn('published_by', c.bigint)
    .execute();
  await db.schema.createIndex('session_questions_session_idx').on('session_questions').column('session_id').execute();
  await db.schema.createIndex('session_questions_workshop_idx').on('session_questions').columns(['workshop_id', 'published_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
