import { sql, type Kysely } from 'kysely';
import { columns } from './helpers.js';

/**
 * `search_fold(text)` on PostgreSQL: lowercase without diacritics, for accent-insensitive search
 * (contacts, issue 8). SQLite gets the same function from the application (database.ts). The two
 * strings are copied here from `fold.ts` at the time of writing, so that this migration keeps
 * meaning what it meant; `fold.test.ts` checks that both databases still answer alike.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!columns(db).pg) return;
  await sql`create or replace function search_fold(t text) returns text language sql immutable strict as $$ select lower(translate(t, 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸ', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyY')) $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
