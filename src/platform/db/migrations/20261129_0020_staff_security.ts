import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Staff sign-in security (issue 11): the TOTP second factor of a staff account (its secret kept
 * encrypted, see docs/security.md), its single-use recovery codes (kept as keyed hashes), and
 * the lockout counter, kept per e-mail address so that an unknown address is locked exactly like a
 * known one (the page then tells nothing about which addresses exist).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .createTable('staff_second_factors')
    .addColumn('staff_user_id', c.bigint, (col) => col.primaryKey().references('staff_users.id').onDelete('cascade'))
    .addColumn('secret', 'text') // AES-256-GCM, 'v1.iv.tag.ciphertext'; null until an enrolment starts
    .addColumn('pending_secret', 'text') // the same, while the enrolment waits for its first code
    .addColumn('enabled_at', c.instant)
    .addColumn('last_step', c.bigint) // the last TOTP time step accepted: a code is never accepted twice
    .addColumn('updated_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();

  await c
    .id(db.schema.createTable('staff_recovery_codes'))
    .addColumn('staff_user_id', c.bigint, (col) => col.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (col) => col.notNull().unique())
    .addColumn('used_at', c.instant)
    .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
  await db.schema.createIndex('staff_recovery_codes_user_idx').on('staff_recovery_codes').column('staff_user_id').execute();

  await db.schema
    .createTable('staff_login_throttles')
    .addColumn('email_key', 'text', (col) => col.primaryKey()) // keyed hash of the lower-cased address
    .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0).check(sql`failures >= 0`))
    .addColumn('locked_until', c.instant)
    .addColumn('updated_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
