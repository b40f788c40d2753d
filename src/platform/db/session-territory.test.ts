import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { databaseTiers } from '../../../test/databases.js';
import { buildCycle, buildSession, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { migrateToLatest } from './migrate.js';

/** Migration 0023: a session's own territory, filled from its workshop, and held equal to its workshop's, cycle's and venue's. */
for (const tier of databaseTiers()) {
  describe(`sessions.territory_id on ${tier.name}`, () => {
    test('0023 fills the territory of the sessions written before it from their workshop', async () => {
      const { database, cleanup } = await tier.create({ upTo: '20261129_0022_national_indexes' });
      const db = database.db as unknown as Kysely<any>;
      try {
        const made: Array<{ id: number; territory: number }> = [];
        for (const slug of ['avant-0023-a', 'avant-0023-b']) {
          const territory = await buildTerritory(database.db, { slug });
          const parents = {
            workshop_id: (await buildWorkshop(database.db, { territoryId: territory.id })).id,
            cycle_id: (await buildCycle(database.db, { territoryId: territory.id })).id,
            venue_id: (await buildVenue(database.db, { territoryId: territory.id })).id,
          };
          for (const day of [3, 10]) {
            // written as the schema of 0022 has it: no territory on the session
            const s = await db.insertInto('sessions').values({ ...parents, starts_at: `2099-03-${day}T13:00:00.000Z`, ends_at: `2099-03-${day}T15:00:00.000Z`, seats: 8 }).returning('id').executeTakeFirstOrThrow();
            made.push({ id: Number(s.id), territory: territory.id });
          }
        }
        await migrateToLatest(database.db);
        const rows = await database.db.selectFrom('sessions').select(['id', 'territory_id']).orderBy('id').execute();
        assert.deepEqual(rows.map((r) => ({ id: Number(r.id), territory: Number(r.territory_id) })), made);
      } finally {
        await cleanup();
      }
    });

    test("the database refuses a session without a territory, or in another territory than its workshop's, cycle's or venue's", async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const a = await buildTerritory(db, { slug: 'territoire-a' });
        const b = await buildTerritory(db, { slug: 'territoire-b' });
        const session = await buildSession(db, { territoryId: a.id });
        const ofB = {
          workshop_id: (await buildWorkshop(db, { territoryId: b.id })).id,
          cycle_id: (await buildCycle(db, { territoryId: b.id })).id,
          venue_id: (await buildVenue(db, { territoryId: b.id })).id,
        };
        const base = { territory_id: a.id, workshop_id: session.workshop_id, cycle_id: session.cycle_id, venue_id: session.venue_id, starts_at: '2099-04-01T13:00:00.000Z', ends_at: '2099-04-01T15:00:00.000Z', seats: 8 };
        await db.insertInto('sessions').values(base).execute(); // all of A: accepted
        const { territory_id: _, ...untagged } = base;
        await assert.rejects(db.insertInto('sessions').values(untagged as typeof base).execute(), 'no territory');
        await assert.rejects(db.insertInto('sessions').values({ ...base, territory_id: b.id }).execute(), "B's session, A's parents");
        for (const [column, id] of Object.entries(ofB)) {
          await assert.rejects(db.insertInto('sessions').values({ ...base, [column]: id }).execute(), `${column} of another territory`);
          await assert.rejects(db.updateTable('sessions').set({ [column]: id }).where('id', '=', session.id).execute(), `${column} changed to another territory's`);
        }
        await assert.rejects(db.updateTable('sessions').set({ territory_id: b.id }).where('id', '=', session.id).execute(), 'moved alone to B');
        // moved whole to B (the territory with its parents): accepted
        await db.updateTable('sessions').set({ territory_id: b.id, ...ofB }).where('id', '=', session.id).execute();
        const moved = await db.selectFrom('sessions').select('territory_id').where('id', '=', session.id).executeTakeFirstOrThrow();
        assert.equal(Number(moved.territory_id), b.id);
      } finally {
        await cleanup();
      }
    });
  });
}
