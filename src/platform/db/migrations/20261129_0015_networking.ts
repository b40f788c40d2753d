import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Networking (issue 10): the leaders' directory (an opt-in profile, per field), conversations
 * relayed by Boutic (addresses hidden until the recipient answers), blocks and reports, common
 * projects and the interest others declare. Moderation hides (hidden_at) and never deletes, so
 * the audit can say what was hidden.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  const participant = (col: any) => col.notNull().references('participants.id').onDelete('cascade');
  const territory = (col: any) => col.notNull().references('territories.id').onDelete('cascade');

  await c
    .id(db.schema.createTable('directory_profiles'))
    .addColumn('territory_id', c.bigint, territory)
    .addColumn('participant_id', c.bigint, (col) => participant(col).unique())
    .addColumn('show_name', 'integer', c.flag('show_name', 0))
    .addColumn('show_company', 'integer', c.flag('show_company', 0))
    .addColumn('show_sector', 'integer', c.flag('show_sector', 0))
    .addColumn('show_commune', 'integer', c.flag('show_commune', 0))
    .addColumn('show_website', 'integer', c.flag('show_website', 0))
    .addColumn('show_looking_for', 'integer', c.flag('show_looking_for', 0))
    .addColumn('show_offering', 'integer', c.flag('show_offering', 0))
    .addColumn('website', 'text')
    .addColumn('looking_for', 'text')
    .addColumn('offering', 'text')
    .addColumn('interests', 'text', (col) => col.notNull().defaultTo('[]')) // JSON: workshop themes
    .addColumn('joined_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('updated_at', c.instant)
    .addColumn('left_at', c.instant)
    .addColumn('hidden_at', c.instant)
    .addColumn('hidden_by', c.bigint)
    .execute();
  await db.schema.createIndex('directory_profiles_territory').on('directory_profiles').columns(['territory_id', 'left_at']).execute();

  await c
    .id(db.schema.createTable('network_projects'))
    .addColumn('territory_id', c.bigint, territory)
    .addColumn('proposer_id', c.bigint, participant)
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('sectors', 'text', (col) => col.notNull().defaultTo('[]')) // JSON
    .addColumn('commune_code', 'text')
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('closed_at', c.instant)
    .addColumn('hidden_at', c.instant)
    .addColumn('hidden_by', c.bigint)
    .addColumn('supported_at', c.instant)
    .addColumn('supported_by', c.bigint)
    .addColumn('support_note', 'text')
    .execute();

  await db.schema
    .createTable('network_interests')
    .addColumn('project_id', c.bigint, (col) => col.notNull().references('network_projects.id').onDelete('cascade'))
    .addColumn('participant_id', c.bigint, participant)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('withdrawn_at', c.instant)
    .addPrimaryKeyConstraint('network_interests_pk', ['project_id', 'participant_id'])
    .execute();

  await c
    .id(db.schema.createTable('network_conversations'))
    .addColumn('territory_id', c.bigint, territory)
    .addColumn('project_id', c.bigint, (col) => col.references('network_projects.id').onDelete('cascade'))
    .addColumn('created_by', c.bigint, participant)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();

  await db.schema
    .createTable('network_members')
    .addColumn('conversation_id', c.bigint, (col) => col.notNull().references('network_conversations.id').onDelete('cascade'))
    .addColumn('participant_id', c.bigint, participant)
    .addColumn('joined_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    // the member's address is shown to the others only from their first answer on
    .addColumn('revealed_at', c.instant)
    .addColumn('left_at', c.instant)
    .addPrimaryKeyConstraint('network_members_pk', ['conversation_id', 'participant_id'])
    .execute();

  await c
    .id(db.schema.createTable('network_messages'))
    .addColumn('conversation_id', c.bigint, (col) => col.notNull().references('network_conversations.id').onDelete('cascade'))
    .addColumn('sender_id', c.bigint, participant)
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('hidden_at', c.instant)
    .addColumn('hidden_by', c.bigint)
    .execute();
  await db.schema.createIndex('network_messages_sender').on('network_messages').columns(['sender_id', 'created_at']).execute();

  await db.schema
    .createTable('network_blocks')
    .addColumn('blocker_id', c.bigint, participant)
    .addColumn('blocked_id', c.bigint, participant)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addPrimaryKeyConstraint('network_blocks_pk', ['blocker_id', 'blocked_id'])
    .execute();

  await c
    .id(db.schema.createTable('network_reports'))
    .addColumn('territory_id', c.bigint, territory)
    .addColumn('reporter_id', c.bigint, participant)
    .addColumn('target_kind', 'text', (col) => col.notNull().check(sql`target_kind in ('profile', 'message', 'project')`))
    .addColumn('target_id', c.bigint, (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('handled_at', c.instant)
    .addColumn('handled_by', c.bigint)
    .addColumn('outcome', 'text')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
