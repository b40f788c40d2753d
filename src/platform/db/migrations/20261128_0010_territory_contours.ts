import type { Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * The territory map (issue 7): the communes' contours that the coordinator loads, one row per
 * territory, replaced at each upload. `geojson` is the normalised FeatureCollection (one feature
 * per matched commune, property `code` = its current INSEE code); `report` says what matched.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const c = columns(db);
  await db.schema
    .createTable('territory_contours')
    .addColumn('territory_id', c.bigint, (col) => col.primaryKey().references('territories.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('geojson', 'text', (col) => col.notNull())
    .addColumn('report', 'text', (col) => col.notNull())
    .addColumn('uploaded_at', c.instant, (col) => col.notNull())
    .addColumn('uploaded_by', c.bigint, (col) => col.references('staff_users.id').onDelete('set null'))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
