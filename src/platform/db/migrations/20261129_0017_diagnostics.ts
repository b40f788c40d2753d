import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * The self-diagnostic (issue 9): the territory's questionnaire in versions (questions and
 * recommendation rules as JSON; a save writes a new version, never rewrites one), and the answers,
 * each tied to the version it answered. A result is reached by a link whose token is kept hashed;
 * it names nobody until the leader keeps it by e-mail (participant_id).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await c
    .id(db.schema.createTable('diagnostic_questionnaires'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('version', 'integer', (col) => col.notNull().check(sql`version >= 1`))
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('published_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('created_by', c.bigint, (col) => col.references('staff_users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('diagnostic_questionnaires_version_uq').on('diagnostic_questionnaires').columns(['territory_id', 'version']).unique().execute();

  await c
    .id(db.schema.createTable('diagnostic_results'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('questionnaire_id', c.bigint, (col) => col.notNull().references('diagnostic_questionnaires.id'))
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('scores', 'text', (col) => col.notNull())
    .addColumn('commune_code', 'text')
    .addColumn('participant_id', c.bigint, (col) => col.references('participants.id').onDelete('set null'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  await db.schema.createIndex('diagnostic_results_participant_idx').on('diagnostic_results').columns(['participant_id', 'created_at']).execute();
  await db.schema.createIndex('diagnostic_results_territory_idx').on('diagnostic_results').columns(['territory_id', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
