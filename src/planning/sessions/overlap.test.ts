import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { buildCycle, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { planSession } from './commands.js';

// DESIGN.md invariant 4, attacked: many coordinators plan the same room and the same facilitator at once.
for (const tier of databaseTiers()) {
  describe(`no double booking under concurrency on ${tier.name}`, () => {
    test('30 simultaneous plans of one venue at overlapping times give exactly one session', async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const territory = await buildTerritory(db);
        const staff = await buildStaff(db, { territoryId: territory.id });
        const venue = await buildVenue(db, { territoryId: territory.id });
        const venues = await Promise.all([1, 2, 3].map(() => buildVenue(db, { territoryId: territory.id })));
        const facilitator = await buildStaff(db, { territoryId: territory.id, role: 'facilitator' });
        const workshop = await buildWorkshop(db, { territoryId: territory.id });
        const cycle = await buildCycle(db, { territoryId: territory.id });
        const actor = { staffId: staff.id, territoryId: territory.id };
        const base = Date.parse('2099-05-05T12:00:00Z');
        const plan = (i: number, venueId: number, facilitatorId: number | null) => ({
          workshopId: workshop.id,
          cycleId: cycle.id,
          venueId,
          facilitatorId,
          startsAt: new Date(base + (i % 5) * 10 * 60_000), // all within 40 minutes: every pair overlaps
          endsAt: new Date(base + (i % 5) * 10 * 60_000 + 120 * 60_000),
          seats: 8,
          beginner: false,
          confirmOverCapacity: false,
        });
        const sameVenue = await Promise.all(Array.from({ length: 30 }, (_, i) => planSession(db, actor, plan(i, venue.id, null))));
        assert.equal(sameVenue.filter((r) => r.ok).length, 1);
        assert.ok(sameVenue.filter((r) => !r.ok).every((r) => !r.ok && /déjà occupé/.test(r.errors.venue ?? '')));

        // the same facilitator in three different rooms at once
        const sameFacilitator = await Promise.all(Array.from({ length: 30 }, (_, i) => planSession(db, actor, plan(i, venues[i % 3]!.id, facilitator.id))));
        assert.equal(sameFacilitator.filter((r) => r.ok).length, 1);
        const rows = await db.selectFrom('sessions').select(['venue_id', 'facilitator_id']).execute();
        assert.equal(rows.filter((r) => r.venue_id === venue.id).length, 1);
        assert.equal(rows.filter((r) => r.facilitator_id === facilitator.id).length, 1);
      } finally {
        await cleanup();
      }
    });
  });
}
