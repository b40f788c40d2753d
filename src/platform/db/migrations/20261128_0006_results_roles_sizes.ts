import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

const ROLES = sql`role in ('administrator', 'coordinator', 'facilitator', 'partner', 'elected')`;
const SIZES = sql`size_band in ('0', '1-2', '3-5', '6-9', '10-19', '20-49', '50+')`;

/**
 * Results (issue 7): the read-only role of the elected officials and funders (`elected`), and the
 * company's size band (INSEE's « tranche d'effectif salarié », optional) for the funder's report.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema.alterTable('companies').addColumn('size_band', 'text', (col) => col.check(SIZES)).execute();
  if (c.pg) {
    const checks = await sql<{ conname: string }>`
      select conname from pg_constraint
      where conrelid = 'staff_users'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%role%'`.execute(db);
    for (const { conname } of checks.rows) await sql`alter table staff_users drop constraint ${sql.id(conname)}`.execute(db);
    await sql`alter table staff_users add constraint staff_users_role_check check (${ROLES})`.execute(db);
    return;
  }
  // SQLite cannot alter a CHECK: rebuild the table (SQLite's documented 12 steps). Other tables refer
  // to staff_users by name, so foreign keys are switched off around the rebuild (it cannot be done
  // inside a transaction) and checked before they are switched on again.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (tx) => {
      await c
        .id(tx.schema.createTable('staff_users_new'))
        .addColumn('territory_id', c.bigint, (col) => col.references('territories.id').onDelete('cascade'))
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('role', 'text', (col) => col.notNull().check(ROLES))
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('active', 'integer', c.flag('active', 1))
        .addColumn('created_at', c.instant, (col) => col.notNull().defaultTo(c.nowDefault))
        .addColumn('last_login_at', c.instant)
        .execute();
      const kept = sql.raw('id, territory_id, email, display_name, role, password_hash, active, created_at, last_login_at');
      await sql`insert into staff_users_new (${kept}) select ${kept} from staff_users order by id`.execute(tx);
      const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'staff_users'`.execute(tx);
      await tx.schema.dropTable('staff_users').execute();
      await sql`alter table staff_users_new rename to staff_users`.execute(tx);
      const last = seq.rows[0]?.seq;
      if (last !== undefined) {
        await sql`delete from sqlite_sequence where name = 'staff_users'`.execute(tx);
        await sql`insert into sqlite_sequence (name, seq) values ('staff_users', ${last})`.execute(tx);
      }
      const broken = await sql`pragma foreign_key_check`.execute(tx);
      if (broken.rows.length) throw new Error(`Clés étrangères rompues après la reconstruction de staff_users : ${broken.rows.length}`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
