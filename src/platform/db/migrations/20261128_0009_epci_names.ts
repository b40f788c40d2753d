import type { Kysely } from 'kysely';

/**
 * The intercommunality's official name beside its code (territories.epci_name), written when the
 * territory is created from the official list, so that results and reports name it without
 * loading that list at run time. Territories created before keep a null name and show the code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('territories').addColumn('epci_name', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
