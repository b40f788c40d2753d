import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTiers } from '../../../test/databases.js';
import type { Database } from './database.js';
import { FOLD_FROM, searchFold } from './fold.js';

const SAMPLES = [FOLD_FROM, 'Crêperie « Chez Françoise »', 'SAINT-POL-SUR-TERNOISE', 'Hôtel du Château', 'Noël Lefèvre & Fils', 'émile@exemple.fr', ''];

test('searchFold strips the accents French names carry and lowercases', () => {
  assert.equal(searchFold('Crêperie « Chez Françoise »'), 'creperie « chez francoise »');
  assert.equal(searchFold('ÉMILE'), 'emile');
  assert.equal(searchFold(FOLD_FROM), searchFold(FOLD_FROM).normalize('NFD').replace(/\p{M}/gu, ''), 'every listed letter loses its mark');
});

for (const tier of databaseTiers()) {
  describe(`search_fold in SQL answers as in the application, on ${tier.name}`, () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    before(async () => ({ database, cleanup } = await tier.create()));
    after(() => cleanup());

    test('the same folding for every sample', async () => {
      for (const text of SAMPLES) {
        const row = await sql<{ folded: string }>`select search_fold(${text}) as folded`.execute(database.db);
        assert.equal(row.rows[0]!.folded, searchFold(text), text);
      }
      const empty = await sql<{ folded: string | null }>`select search_fold(${null}) as folded`.execute(database.db);
      assert.equal(empty.rows[0]!.folded, null);
    });
  });
}
