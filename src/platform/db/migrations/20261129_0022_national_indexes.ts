import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * Indexes for the reports at national scale (issue 12; docs/performance.md, « Reports at national
 * scale »), found with EXPLAIN ANALYZE on the synthetic programme of 3 million registrations:
 * - registrations by session whatever their status, in id order: the registrations export walks a
 *   territory's sessions and their registrations by keyset (session, id); the waitlist counts of the
 *   demand indicators read them by session (the only index by session was the partial unique one,
 *   which leaves the cancelled out);
 * - registrations by session and status carrying attendance and the person: the figures (present,
 *   absent, leaders, participant-hours) are counted from the index alone, without reading the table;
 * - participants by id carrying their company and commune: the leaders' companies and communes
 *   (figures, map, report) are read from the index alone.
 * SQLite has no INCLUDE: there the carried columns are the index's last keys (the same covering).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { pg } = columns(db);
  await db.schema.createIndex('registrations_session_id_idx').on('registrations').columns(['session_id', 'id']).execute();
  if (pg) {
    await sql`create index registrations_session_status_idx on registrations (session_id, status) include (attendance, participant_id)`.execute(db);
    await sql`create index participants_company_commune_idx on participants (id) include (company_id, commune_code)`.execute(db);
  } else {
    await db.schema.createIndex('registrations_session_status_idx').on('registrations').columns(['session_id', 'status', 'attendance', 'participant_id']).execute();
    await db.schema.createIndex('participants_company_commune_idx').on('participants').columns(['id', 'company_id', 'commune_code']).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
