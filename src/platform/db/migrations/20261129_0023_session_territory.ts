import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/** The tables a session points to, each of one territory: the session's territory must be theirs. */
const PARENTS = [
  { table: 'workshops', column: 'workshop_id' },
  { table: 'cycles', column: 'cycle_id' },
  { table: 'venues', column: 'venue_id' },
] as const;

/**
 * A session's territory on the session itself (issue 12; docs/performance.md, « Reports at national
 * scale »). The territory came through the workshop, the cycle or the venue, so PostgreSQL could not
 * estimate how many of a territory's sessions a report reads (it expected ~600 of 40,000 on the
 * largest territory) and chose nested loops over a million registrations. With `sessions.territory_id`
 * and its index the reports filter on the session's own column.
 *
 * Filled from the workshop's territory. The rule that it is the territory of the session's workshop,
 * cycle and venue (the planning rules check it already) is the database's: on PostgreSQL by composite
 * foreign keys on (parent id, territory) — each parent gets a unique (id, territory_id) for them —; on
 * SQLite, whose tables take neither a new foreign key nor NOT NULL without a rebuild, by two triggers
 * that refuse a session without a territory or with another territory than its parents'.
 *
 * Also extended statistics on the sessions' territory, cycle and status (PostgreSQL), and an index
 * for the surveys' figures: a territory's invitations already due, carrying their session and kind
 * (SQLite has no INCLUDE: there they are the index's last keys).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema.alterTable('sessions').addColumn('territory_id', c.bigint, (col) => col.references('territories.id').onDelete('cascade')).execute();
  if (c.pg) {
    await sql`update sessions s set territory_id = w.territory_id from workshops w where w.id = s.workshop_id`.execute(db);
    await sql`alter table sessions alter column territory_id set not null`.execute(db);
    for (const { table, column } of PARENTS) {
      await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_id_territory_uq`)} unique (id, territory_id)`.execute(db);
      await sql`alter table sessions add constraint ${sql.id(`sessions_${column.replace('_id', '')}_territory_fk`)} foreign key (${sql.ref(column)}, territory_id) references ${sql.table(table)} (id, territory_id)`.execute(db);
    }
  } else {
    await sql`update sessions set territory_id = (select w.territory_id from workshops w where w.id = sessions.workshop_id)`.execute(db);
    const wrong = PARENTS.map(({ table, column }) => `new.territory_id is not (select territory_id from ${table} where id = new.${column})`).join(' or ');
    for (const [event, when] of [['insert', 'insert'], ['update', 'update of territory_id, workshop_id, cycle_id, venue_id']]) {
      await sql
        .raw(
          `create trigger sessions_territory_${event} before ${when} on sessions
           when new.territory_id is null or ${wrong}
           begin select raise(abort, 'CHECK constraint failed: sessions_territory_ck'); end`,
        )
        .execute(db);
    }
  }
  await db.schema.createIndex('sessions_territory_idx').on('sessions').columns(['territory_id', 'starts_at']).execute();
  // a territory's sessions of one cycle: without statistics on both columns together PostgreSQL
  // multiplies their selectivities (a territory's cycle is all of that cycle's sessions there, not
  // its share) and expects a third of the rows the report reads, then picks nested loops
  if (c.pg) await sql`create statistics sessions_territory_cycle_stats (dependencies, mcv) on territory_id, cycle_id, status from sessions`.execute(db);
  // the surveys' « asked » count reads a territory's invitations already due, by session and kind, from the index alone
  if (c.pg) await sql`create index survey_invitations_territory_due_idx on survey_invitations (territory_id, due_at) include (session_id, kind)`.execute(db);
  else await db.schema.createIndex('survey_invitations_territory_due_idx').on('survey_invitations').columns(['territory_id', 'due_at', 'session_id', 'kind']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
