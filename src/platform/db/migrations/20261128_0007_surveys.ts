import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Surveys (issue 7): who is asked (survey_invitations, with the person and a hashed link) apart from
 * what was answered (satisfaction_answers, follow_up_answers: no person, no instant, only the day).
 * A person answers once per invitation; the aggregates read the answers alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await c
    .id(db.schema.createTable('survey_invitations'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('satisfaction', 'follow_up')`))
    .addColumn('participant_id', c.bigint, (col) => col.notNull().references('participants.id').onDelete('cascade'))
    .addColumn('session_id', c.bigint, (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('cycle_id', c.bigint, (col) => col.references('cycles.id').onDelete('set null'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('due_at', c.instant, (col) => col.notNull())
    .addColumn('expires_at', c.instant, (col) => col.notNull())
    // the day only: an instant would let the answers be matched to the people by time
    .addColumn('answered_on', 'text')
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  // one satisfaction survey per person and session; one follow-up per person and cycle
  await db.schema.createIndex('survey_invitations_satisfaction_uq').on('survey_invitations').columns(['participant_id', 'session_id']).unique().where(sql.ref('kind'), '=', 'satisfaction').execute();
  await db.schema.createIndex('survey_invitations_follow_up_uq').on('survey_invitations').columns(['participant_id', 'cycle_id']).unique().where(sql.ref('kind'), '=', 'follow_up').execute();
  await db.schema.createIndex('survey_invitations_session_idx').on('survey_invitations').columns(['session_id', 'kind']).execute();

  const score = (name: string) => (col: any) => col.notNull().check(sql`${sql.ref(name)} between 1 and 5`);
  await c
    .id(db.schema.createTable('satisfaction_answers'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('session_id', c.bigint, (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('usefulness', 'integer', score('usefulness'))
    .addColumn('clarity', 'integer', score('clarity'))
    .addColumn('pace', 'text', (col) => col.notNull().check(sql`pace in ('trop_lent', 'adapte', 'trop_rapide')`))
    .addColumn('recommend', 'integer', c.flag('recommend', 0))
    .addColumn('next_practice', 'integer', c.flag('next_practice', 0))
    .addColumn('next_workshop', 'integer', c.flag('next_workshop', 0))
    .addColumn('next_chamber', 'integer', c.flag('next_chamber', 0))
    .addColumn('next_provider', 'integer', c.flag('next_provider', 0))
    .addColumn('next_nothing', 'integer', c.flag('next_nothing', 0))
    .addColumn('comment', 'text')
    .addColumn('answered_on', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('satisfaction_answers_session_idx').on('satisfaction_answers').column('session_id').execute();

  await c
    .id(db.schema.createTable('follow_up_answers'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('session_id', c.bigint, (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('website', 'integer', c.flag('website', 0))
    .addColumn('online_sales', 'integer', c.flag('online_sales', 0))
    .addColumn('social_page', 'integer', c.flag('social_page', 0))
    .addColumn('tool_adopted', 'integer', c.flag('tool_adopted', 0))
    .addColumn('chamber_training', 'integer', c.flag('chamber_training', 0))
    .addColumn('nothing_yet', 'integer', c.flag('nothing_yet', 0))
    .addColumn('comment', 'text')
    .addColumn('answered_on', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('follow_up_answers_session_idx').on('follow_up_answers').column('session_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
