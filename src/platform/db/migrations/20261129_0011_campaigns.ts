import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Campaigns (issue 8): the territory's business contacts (each with its lawful basis and source),
 * the imports that brought them (kept until confirmed, so nothing is half-imported), the permanent
 * unsubscribes (a hash of the address, kept even when the contact is forgotten), the campaigns and
 * their recipients (one row each, so a send resumes after a restart without mailing anyone twice).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await c
    .id(db.schema.createTable('contacts'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('company', 'text')
    .addColumn('siret', 'text')
    .addColumn('sector', 'text')
    .addColumn('commune_code', 'text')
    .addColumn('phone', 'text')
    // RGPD art. 6: consent (a participant who ticked programme news) or legitimate interest (B2B prospecting)
    .addColumn('lawful_basis', 'text', (col) => col.notNull().check(sql`lawful_basis in ('consentement', 'interet_legitime')`))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('participant_id', c.bigint, (col) => col.references('participants.id').onDelete('set null'))
    .addColumn('import_id', c.bigint)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('updated_at', c.instant)
    // the last time the programme heard from or wrote to the contact: forgotten three years after (CNIL)
    .addColumn('last_contact_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addUniqueConstraint('contacts_email_uq', ['territory_id', 'email'])
    .execute();
  await db.schema.createIndex('contacts_siret_idx').on('contacts').columns(['territory_id', 'siret']).execute();
  await db.schema.createIndex('contacts_last_contact_idx').on('contacts').columns(['territory_id', 'last_contact_at']).execute();

  await c
    .id(db.schema.createTable('contact_imports'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('preview').check(sql`status in ('preview', 'imported', 'cancelled')`))
    // the file as decoded text, kept only until the import is confirmed or cancelled
    .addColumn('content', 'text')
    .addColumn('mapping', 'text')
    .addColumn('lawful_basis', 'text')
    .addColumn('source', 'text')
    .addColumn('report', 'text')
    .addColumn('created_by', c.bigint)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('imported_at', c.instant)
    .execute();

  // hex SHA-256 of a text, as SQLite gets it from the application (database.ts): unsubscribes are
  // kept as hashes, and a segment leaves them out in SQL on both databases
  if (c.pg) await sql`create or replace function sha256_hex(t text) returns text language sql immutable strict as $$ select encode(sha256(convert_to(t, 'UTF8')), 'hex') $$`.execute(db);

  await c
    .id(db.schema.createTable('unsubscribes'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('email_hash', 'text', (col) => col.notNull())
    .addColumn('campaign_id', c.bigint)
    .addColumn('at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addUniqueConstraint('unsubscribes_uq', ['territory_id', 'email_hash'])
    .execute();

  await c
    .id(db.schema.createTable('campaigns'))
    .addColumn('territory_id', c.bigint, (col) => col.notNull().references('territories.id').onDelete('cascade'))
    .addColumn('cycle_id', c.bigint, (col) => col.references('cycles.id').onDelete('set null'))
    .addColumn('name', 'text', (col) => col.notNull())
    // carried by the links (?ref=…) so that registrations are attributed to the campaign
    .addColumn('ref', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('segment', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('draft').check(sql`status in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')`))
    .addColumn('scheduled_at', c.instant)
    .addColumn('per_minute', 'integer', (col) => col.notNull().defaultTo(30).check(sql`per_minute between 1 and 10000`))
    .addColumn('created_by', c.bigint)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('started_at', c.instant)
    .addColumn('finished_at', c.instant)
    .addUniqueConstraint('campaigns_ref_uq', ['territory_id', 'ref'])
    .execute();

  await db.schema
    .createTable('campaign_recipients')
    .addColumn('campaign_id', c.bigint, (col) => col.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('contact_id', c.bigint, (col) => col.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending').check(sql`status in ('pending', 'queued', 'skipped')`))
    .addColumn('queued_at', c.instant)
    .addPrimaryKeyConstraint('campaign_recipients_pk', ['campaign_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('campaign_recipients_status_idx').on('campaign_recipients').columns(['campaign_id', 'status']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
