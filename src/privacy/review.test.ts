import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { REVIEW, SENSITIVE_COLUMN, PERSON_TABLES } from './review.js';
import { schemaColumns } from './schema-scan.js';
import { exportPersonData } from './export.js';
import { buildPersonEverywhere } from './testing.js';

for (const tier of databaseTiers()) {
  describe(`every table about a person is reviewed for export and erasure, on ${tier.name}`, () => {
    test('a table with a participant reference, an address, a name, a phone or a free text is listed in review.ts, column by column', async () => {
      const { database, cleanup } = await tier.create();
      try {
        const schema = await schemaColumns(database.db);
        assert.ok(schema.size >= 45, `the schema was read (${schema.size} tables)`);
        const missing: string[] = [];
        let checked = 0;
        for (const [table, columns] of schema) {
          const sensitive = columns.filter((c) => SENSITIVE_COLUMN.test(c));
          const review = REVIEW[table];
          if (!review) {
            if (sensitive.length) missing.push(`${table} (${sensitive.join(', ')})`);
            continue;
          }
          for (const c of sensitive) {
            checked++;
            if (!review.columns[c]) missing.push(`${table}.${c}`);
          }
          for (const c of Object.keys(review.columns)) assert.ok(columns.includes(c), `review.ts names ${table}.${c}, which the schema does not have`);
        }
        assert.deepEqual(missing, [], 'review these in src/privacy/review.ts (and in export.ts / erase.ts when they are about a participant)');
        assert.ok(checked > 80, `${checked} sensitive columns checked`);
        for (const table of Object.keys(REVIEW)) assert.ok(schema.has(table), `review.ts names ${table}, which the schema does not have`);
      } finally {
        await cleanup();
      }
    });

    test('the export answers every reviewed person table, and has rows from each area of the fixture', async () => {
      const { database, cleanup } = await tier.create();
      try {
        const fx = await buildPersonEverywhere(database.db);
        const data = (await exportPersonData(database.db, fx.participantId))!;
        for (const table of PERSON_TABLES) assert.ok(Array.isArray(data.tables[table]), `export has ${table}`);
        const empty = PERSON_TABLES.filter((t) => data.tables[t]!.length === 0);
        // contact_imports: the fixture's contact comes from a registration (no file)
        assert.deepEqual(empty, ['contact_imports'], 'every area but file imports has rows for the person');
        // nothing of the other leader, bar the shared conversation
        const json = JSON.stringify(data);
        assert.doesNotMatch(json, /Achats groupés|paul\.martin|Avec plaisir|Un associé/);
        assert.match(json, /XQZMESSAGE/);
        assert.equal(data.tables.registrations!.length, 2);
        assert.equal(data.tables.outbox!.length, 2, 'the mails to them (not the one to the chamber about them)');
        assert.doesNotMatch(json, /"hash"|token_hash|d{64}/, 'no hash of a link is exported');
      } finally {
        await cleanup();
      }
    });
  });
}
