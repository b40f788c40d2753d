import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * On demand (issue 6): requests for a workshop, polls on dates sent to the requesters, the
 * requesters' priority window on the session made for them, the demand threshold per workshop,
 * and the coordinator's go / no-go decision on thin sessions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema.alterTable('workshops').addColumn('demand_threshold', 'integer', (col) => col.notNull().defaultTo(4).check(sql`demand_threshold >= 1`)).execute();
  // until this instant only the invited requesters may register (their priority window)
  await db.schema.alterTable('sessions').addColumn('public_from', c.instant).execute();
  // go / no-go: the coordinator decided to keep a session under its minimum (merging and cancelling change its status)
  await db.schema.alterTable('sessions').addColumn('kept_at', c.instant).execute();
  await db.schema.alterTable('sessions').addColumn('kept_by', c.bigint).execute();

  await c
    .id(db.schema.createTable('demand_polls'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('workshop_id', c.bigint, (col) => col.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('venue_id', c.bigint, (col) => col.notNull().references('venues.id'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
    .addColumn('created_by', c.bigint)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('closes_at', c.instant, (col) => col.notNull())
    .addColumn('closed_at', c.instant)
    .addColumn('session_id', c.bigint, (col) => col.references('sessions.id').onDelete('set null'))
    .execute();

  await c
    .id(db.schema.createTable('demand_requests'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('workshop_id', c.bigint, (col) => col.references('workshops.id').onDelete('set null'))
    .addColumn('topic', 'text')
    .addColumn('venue_id', c.bigint, (col) => col.references('venues.id').onDelete('set null'))
    .addColumn('commune_code', 'text')
    .addColumn('days', 'text', (col) => col.notNull()) // comma-separated: lun,mar,mer,jeu,ven,sam
    .addColumn('times', 'text', (col) => col.notNull()) // comma-separated: matin,apres-midi,soir
    .addColumn('people', 'integer', (col) => col.notNull().defaultTo(1).check(sql`people between 1 and 20`))
    .addColumn('comment', 'text')
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('first_name', 'text', (col) => col.notNull())
    .addColumn('last_name', 'text', (col) => col.notNull())
    .addColumn('company', 'text')
    .addColumn('participant_id', c.bigint, (col) => col.references('participants.id').onDelete('set null'))
    .addColumn('source', 'text', (col) => col.notNull().defaultTo('web'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('open').check(sql`status in ('open', 'withdrawn', 'scheduled')`))
    .addColumn('poll_id', c.bigint, (col) => col.references('demand_polls.id').onDelete('set null'))
    .addColumn('session_id', c.bigint, (col) => col.references('sessions.id').onDelete('set null'))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('withdrawn_at', c.instant)
    .addColumn('scheduled_at', c.instant)
    .addCheckConstraint('demand_requests_what_ck', sql`workshop_id is not null or topic is not null`)
    .execute();
  await db.schema.createIndex('demand_requests_board_idx').on('demand_requests').columns(['territory_id', 'status', 'workshop_id', 'venue_id']).execute();
  await db.schema.createIndex('demand_requests_email_idx').on('demand_requests').columns(['territory_id', 'email']).execute();

  await c
    .id(db.schema.createTable('demand_poll_options'))
    .addColumn('poll_id', c.bigint, (col) => col.notNull().references('demand_polls.id').onDelete('cascade'))
    .addColumn('starts_at', c.instant, (col) => col.notNull())
    .addColumn('ends_at', c.instant, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('demand_poll_options_poll_idx').on('demand_poll_options').column('poll_id').execute();

  await db.schema
    .createTable('demand_poll_answers')
    .addColumn('option_id', c.bigint, (col) => col.notNull().references('demand_poll_options.id').onDelete('cascade'))
    .addColumn('request_id', c.bigint, (col) => col.notNull().references('demand_requests.id').onDelete('cascade'))
    .addColumn('answer', 'text', (col) => col.notNull().check(sql`answer in ('yes', 'maybe', 'no')`))
    .addColumn('answered_at', c.instant, (col) => col.notNull())
    .addPrimaryKeyConstraint('demand_poll_answers_pk', ['option_id', 'request_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
