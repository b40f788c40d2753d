import type { Kysely } from 'kysely';
import { columns } from './helpers.js';

/** Catalogue details for issue 3: open-data fields of venues, follow-on training, change tracking of sessions. */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  const double = c.pg ? 'double precision' : 'real';
  for (const [name, type] of [
    ['pivot', 'text'], // SIRET or SIREN of the structure (national venue schema)
    ['latitude', double],
    ['longitude', double],
    ['website', 'text'],
    ['updated_at', c.instant],
  ] as const) {
    await db.schema.alterTable('venues').addColumn(name, type as any).execute();
  }
  for (const name of ['follow_on_partner', 'follow_on_title', 'follow_on_url']) {
    await db.schema.alterTable('workshops').addColumn(name, 'text').execute();
  }
  await db.schema.alterTable('workshops').addColumn('updated_at', c.instant).execute();
  await db.schema.alterTable('sessions').addColumn('updated_at', c.instant).execute();
  await db.schema.alterTable('sessions').addColumn('cancelled_at', c.instant).execute();
  await db.schema.alterTable('sessions').addColumn('cancellation_reason', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
