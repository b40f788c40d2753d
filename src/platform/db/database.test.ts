import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTiers } from '../../../test/databases.js';

for (const tier of databaseTiers().filter((t) => t.name === 'postgres')) {
  describe('named statements on PostgreSQL', () => {
    test('a transaction’s statements are prepared once per connection; reads outside one and lists `in (…)` are not', async () => {
      const { database, cleanup } = await tier.create();
      try {
        const db = database.db;
        // (the migrations, run in transactions, left theirs: only the statements on territories are looked at)
        const prepared = async () => (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement).filter((s) => s.includes('"territories"'));
        await db.selectFrom('territories').select('slug').where('id', '=', 424242).execute();
        assert.deepEqual(await prepared(), [], 'a read outside a transaction: unnamed');
        const seen = await db.transaction().execute(async (tx) => {
          for (let i = 0; i < 3; i++) await tx.selectFrom('territories').select('name').where('id', '=', i).execute();
          await tx.selectFrom('territories').select('host').where('id', 'in', [1, 2, 3]).execute();
          return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(tx)).rows.map((r) => r.statement).filter((s) => s.includes('"territories"'));
        });
        assert.equal(seen.filter((s) => s.includes('"name"')).length, 1, 'prepared once, used three times');
        assert.equal(seen.filter((s) => s.includes('"host"')).length, 0, 'a list is not prepared');
        assert.equal(seen.filter((s) => s.includes('"slug"')).length, 0);
      } finally {
        await cleanup();
      }
    });
  });
}
