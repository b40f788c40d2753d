import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Several territories on one instance (issue 12): a territory's host name (`territories.host`,
 * lower-case, no port; null: reached as the instance's default), unique across the instance. And the
 * rule that only an administrator may belong to no territory (a national administrator): every other
 * account is bound to one (docs/decisions/0019-territories.md). A CHECK on PostgreSQL; on SQLite, whose
 * tables cannot take a new CHECK without a rebuild, two triggers that refuse the same rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .alterTable('territories')
    .addColumn('host', 'text', (col) => col.check(sql`host = lower(host) and length(host) between 1 and 253`))
    .execute();
  await db.schema.createIndex('territories_host_uq').on('territories').column('host').unique().execute();

  if (c.pg) {
    await sql`alter table staff_users add constraint staff_users_territory_ck check (territory_id is not null or role = 'administrator')`.execute(db);
  } else {
    for (const event of ['insert', 'update']) {
      await sql
        .raw(
          `create trigger staff_users_territory_${event} before ${event} on staff_users
           when new.territory_id is null and new.role <> 'administrator'
           begin select raise(abort, 'CHECK constraint failed: staff_users_territory_ck'); end`,
        )
        .execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
