import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/** The first schema: territory, catalogue, staff, people, registrations, tokens, outbox, audit. */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  const ref = (table: string, onDelete: 'cascade' | 'restrict' | 'set null' = 'restrict') => (col: any) =>
    col.references(`${table}.id`).onDelete(onDelete);

  await c
    .id(db.schema.createTable('territories'))
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('epci_code', 'text')
    .addColumn('content_version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();

  await db.schema
    .createTable('communes')
    .addColumn('insee_code', 'text', (col) => col.notNull())
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col.notNull()))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('postcodes', 'text', (col) => col.notNull())
    .addColumn('population', 'integer')
    .addColumn('epci_code', 'text')
    .addColumn('department_code', 'text', (col) => col.notNull())
    .addColumn('former_codes', 'text')
    .addPrimaryKeyConstraint('communes_pk', ['territory_id', 'insee_code'])
    .execute();
  await db.schema.createIndex('communes_insee_idx').on('communes').column('insee_code').execute();

  await c
    .id(db.schema.createTable('programmes'))
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col.notNull().unique()))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('funder', 'text', (col) => col.notNull())
    .addColumn('tagline', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('accessibility_status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('non_conforme')
        .check(sql`accessibility_status in ('non_conforme', 'partiellement_conforme', 'totalement_conforme')`),
    )
    .addColumn('publisher', 'text', (col) => col.notNull())
    .execute();

  await c
    .id(db.schema.createTable('venues'))
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col.notNull()))
    .addColumn('commune_code', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('workstations', 'integer', (col) => col.notNull().check(sql`workstations > 0`))
    .addColumn('accessible_prm', 'integer', c.flag('accessible_prm', 0))
    .addColumn('equipment', 'text')
    .addColumn('opening_hours', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addUniqueConstraint('venues_slug_uq', ['territory_id', 'slug'])
    .addForeignKeyConstraint('venues_commune_fk', ['territory_id', 'commune_code'], 'communes', ['territory_id', 'insee_code'])
    .execute();

  await c
    .id(db.schema.createTable('workshops'))
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col.notNull()))
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('objectives', 'text')
    .addColumn('level', 'text', (col) => col.notNull().check(sql`level in ('debutant', 'intermediaire')`))
    .addColumn('duration_minutes', 'integer', (col) => col.notNull().check(sql`duration_minutes > 0`))
    .addColumn('prerequisites', 'text')
    .addColumn('theme', 'text', (col) => col.notNull())
    .addColumn('published', 'integer', c.flag('published', 1))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addUniqueConstraint('workshops_slug_uq', ['territory_id', 'slug'])
    .execute();

  await c
    .id(db.schema.createTable('cycles'))
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col.notNull()))
    .addColumn('number', 'integer', (col) => col.notNull().check(sql`number > 0`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('starts_on', 'text', (col) => col.notNull())
    .addColumn('ends_on', 'text', (col) => col.notNull())
    .addColumn('registration_opens_at', c.instant, (col) => col.notNull())
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addUniqueConstraint('cycles_number_uq', ['territory_id', 'number'])
    .addCheckConstraint('cycles_dates_ck', sql`ends_on >= starts_on`)
    .execute();

  await c
    .id(db.schema.createTable('staff_users'))
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col))
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('administrator', 'coordinator', 'facilitator', 'partner')`),
    )
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('active', 'integer', c.flag('active', 1))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('last_login_at', c.instant)
    .execute();

  await db.schema
    .createTable('staff_sessions')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('staff_user_id', c.bigint, (col) => ref('staff_users', 'cascade')(col.notNull()))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('expires_at', c.instant, (col) => col.notNull())
    .addColumn('last_seen_at', c.instant, (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('staff_sessions_user_idx').on('staff_sessions').column('staff_user_id').execute();

  await db.schema
    .createTable('facilitator_workshops')
    .addColumn('staff_user_id', c.bigint, (col) => ref('staff_users', 'cascade')(col.notNull()))
    .addColumn('workshop_id', c.bigint, (col) => ref('workshops', 'cascade')(col.notNull()))
    .addPrimaryKeyConstraint('facilitator_workshops_pk', ['staff_user_id', 'workshop_id'])
    .execute();

  await c
    .id(db.schema.createTable('sessions'))
    .addColumn('workshop_id', c.bigint, (col) => ref('workshops')(col.notNull()))
    .addColumn('cycle_id', c.bigint, (col) => ref('cycles')(col.notNull()))
    .addColumn('venue_id', c.bigint, (col) => ref('venues')(col.notNull()))
    .addColumn('facilitator_id', c.bigint, (col) => ref('staff_users', 'set null')(col))
    .addColumn('starts_at', c.instant, (col) => col.notNull())
    .addColumn('ends_at', c.instant, (col) => col.notNull())
    .addColumn('seats', 'integer', (col) => col.notNull().check(sql`seats > 0`))
    .addColumn('seats_taken', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('min_seats', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('beginner', 'integer', c.flag('beginner', 0))
    .addColumn('origin', 'text', (col) => col.notNull().defaultTo('catalogue').check(sql`origin in ('catalogue', 'on_demand')`))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('scheduled').check(sql`status in ('scheduled', 'cancelled', 'held')`),
    )
    .addColumn('sequence', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addCheckConstraint('sessions_seats_ck', sql`seats_taken >= 0 and seats_taken <= seats`)
    .addCheckConstraint('sessions_times_ck', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('sessions_starts_idx').on('sessions').columns(['starts_at']).execute();
  await db.schema.createIndex('sessions_cycle_idx').on('sessions').columns(['cycle_id', 'starts_at']).execute();
  await db.schema.createIndex('sessions_venue_idx').on('sessions').columns(['venue_id', 'starts_at']).execute();
  await db.schema.createIndex('sessions_facilitator_idx').on('sessions').columns(['facilitator_id', 'starts_at']).execute();
  await db.schema.createIndex('sessions_workshop_idx').on('sessions').columns(['workshop_id', 'starts_at']).execute();

  await c
    .id(db.schema.createTable('companies'))
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col.notNull()))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('siret', 'text')
    .addColumn('naf_code', 'text')
    .addColumn('naf_version', 'text')
    .addColumn('sector', 'text', (col) =>
      col
        .notNull()
        .check(sql`sector in ('agriculture', 'commerce', 'tourisme', 'artisanat', 'services', 'industrie', 'autre')`),
    )
    .addColumn('crafts', 'integer', c.flag('crafts', 0))
    .addColumn('commune_code', 'text')
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  await db.schema
    .createIndex('companies_siret_uq')
    .on('companies')
    .columns(['territory_id', 'siret'])
    .unique()
    .where(sql.ref('siret'), 'is not', null)
    .execute();

  await c
    .id(db.schema.createTable('participants'))
    .addColumn('territory_id', c.bigint, (col) => ref('territories', 'cascade')(col.notNull()))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('first_name', 'text', (col) => col.notNull())
    .addColumn('last_name', 'text', (col) => col.notNull())
    .addColumn('phone', 'text')
    .addColumn('company_id', c.bigint, (col) => ref('companies', 'set null')(col))
    .addColumn('commune_code', 'text')
    .addColumn('outside_territory', 'integer', c.flag('outside_territory', 0))
    .addColumn('role_in_company', 'text')
    .addColumn('digital_level', 'text', (col) => col.check(sql`digital_level in ('debutant', 'intermediaire', 'avance')`))
    .addColumn('heard_from', 'text')
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('anonymised_at', c.instant)
    .addUniqueConstraint('participants_email_uq', ['territory_id', 'email'])
    .execute();

  await c
    .id(db.schema.createTable('consents'))
    .addColumn('participant_id', c.bigint, (col) => ref('participants', 'cascade')(col.notNull()))
    .addColumn('purpose', 'text', (col) => col.notNull().check(sql`purpose in ('programme_news', 'directory')`))
    .addColumn('text_version', 'text', (col) => col.notNull())
    .addColumn('given_at', c.instant, (col) => col.notNull())
    .addColumn('withdrawn_at', c.instant)
    .execute();
  await db.schema.createIndex('consents_participant_idx').on('consents').column('participant_id').execute();

  await c
    .id(db.schema.createTable('registrations'))
    .addColumn('session_id', c.bigint, (col) => ref('sessions', 'cascade')(col.notNull()))
    .addColumn('participant_id', c.bigint, (col) => ref('participants', 'cascade')(col.notNull()))
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('confirmed', 'waitlisted', 'cancelled')`))
    .addColumn('waitlist_position', 'integer')
    .addColumn('source', 'text')
    .addColumn('campaign_id', c.bigint)
    .addColumn('walk_in', 'integer', c.flag('walk_in', 0))
    .addColumn('attendance', 'text', (col) => col.check(sql`attendance in ('present', 'absent', 'excused')`))
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .addColumn('cancelled_at', c.instant)
    .execute();
  // DESIGN.md invariant 2: one live registration per person and session.
  await db.schema
    .createIndex('registrations_live_uq')
    .on('registrations')
    .columns(['session_id', 'participant_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema.createIndex('registrations_participant_idx').on('registrations').column('participant_id').execute();

  await c
    .id(db.schema.createTable('tokens'))
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull().unique())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('expires_at', c.instant, (col) => col.notNull())
    .addColumn('used_at', c.instant)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();

  await c
    .id(db.schema.createTable('outbox'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', c.instant, (col) => col.notNull())
    .addColumn('sent_at', c.instant)
    .addColumn('last_error', 'text')
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await c
    .id(db.schema.createTable('audit_log'))
    .addColumn('territory_id', c.bigint)
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('subject', 'text')
    .addColumn('at', c.instant, (col) => col.notNull())
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['territory_id', 'at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
