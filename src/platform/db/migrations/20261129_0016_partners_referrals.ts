import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Partners and referrals (issue 9): the chambers of the territory and their training offers, the
 * partner accounts bound to their chamber, the referrals made with the leader's recorded consent
 * (text, version, date, what is shared) and the history of their outcomes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await c
    .id(db.schema.createTable('partners'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('cci', 'cma', 'chambre_agriculture', 'other')`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('website', 'text')
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('updated_at', c.instant)
    .addUniqueConstraint('partners_name_uq', ['territory_id', 'name'])
    .execute();

  await c
    .id(db.schema.createTable('partner_offers'))
    .addColumn('partner_id', c.bigint, (col) => col.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('url', 'text')
    // the workshops' theme values, comma-separated with a comma on each side (',web,vente,'): matched with LIKE on both databases
    .addColumn('themes', 'text', (col) => col.notNull().defaultTo(','))
    .addColumn('level', 'text', (col) => col.notNull().check(sql`level in ('debutant', 'intermediaire', 'avance')`))
    .addColumn('active', 'integer', c.flag('active', 1))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  await db.schema.createIndex('partner_offers_partner_idx').on('partner_offers').column('partner_id').execute();

  // a partner account sees the referrals of its chamber only; null for every other role
  await db.schema.alterTable('staff_users').addColumn('partner_id', c.bigint, (col) => col.references('partners.id').onDelete('set null')).execute();

  await c
    .id(db.schema.createTable('referrals'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('participant_id', c.bigint, (col) => col.notNull().references('participants.id').onDelete('cascade'))
    .addColumn('partner_id', c.bigint, (col) => col.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('offer_id', c.bigint, (col) => col.references('partner_offers.id').onDelete('set null'))
    .addColumn('session_id', c.bigint, (col) => col.references('sessions.id').onDelete('set null'))
    // the cycle it counts in: its session's, or the one running on the day it was made (null: between cycles)
    .addColumn('cycle_id', c.bigint, (col) => col.references('cycles.id').onDelete('set null'))
    .addColumn('requested_by', 'text', (col) => col.notNull().check(sql`requested_by in ('staff', 'participant')`))
    .addColumn('made_by', c.bigint, (col) => col.references('staff_users.id').onDelete('set null'))
    // the consent as the leader gave it: the exact sentence, its version, the instant (RGPD art. 7)
    .addColumn('consent_text', 'text', (col) => col.notNull())
    .addColumn('consent_text_version', 'text', (col) => col.notNull())
    .addColumn('consent_at', c.instant, (col) => col.notNull())
    .addColumn('shared_fields', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('sent').check(sql`status in ('sent', 'contacted', 'training_started', 'training_completed', 'no_follow_up')`),
    )
    .addColumn('status_at', c.instant, (col) => col.notNull())
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  await db.schema.createIndex('referrals_partner_idx').on('referrals').columns(['territory_id', 'partner_id', 'created_at']).execute();
  await db.schema.createIndex('referrals_participant_idx').on('referrals').column('participant_id').execute();

  await c
    .id(db.schema.createTable('referral_events'))
    .addColumn('referral_id', c.bigint, (col) => col.notNull().references('referrals.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('sent', 'contacted', 'training_started', 'training_completed', 'no_follow_up')`),
    )
    // the day the outcome happened, as the partner says (YYYY-MM-DD); `at` is when it was recorded
    .addColumn('happened_on', 'text', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  await db.schema.createIndex('referral_events_referral_idx').on('referral_events').column('referral_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
