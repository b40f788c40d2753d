import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildSession, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../test/factories.js';

for (const tier of databaseTiers()) {
  describe(`public home page on ${tier.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      await buildStaff(db, { territoryId: territory.id });
      const venue = await buildVenue(db, { territoryId: territory.id, name: 'Cybercentre de Frévent', communeCode: '62361', workstations: 8 });
      const workshop = await buildWorkshop(db, { territoryId: territory.id, title: 'Créer son site <script>alert("x")</script>' });
      const hidden = await buildWorkshop(db, { territoryId: territory.id, title: 'Atelier non publié', published: 0 });
      // Tuesday 3 March 2099, 14:00 in Paris (UTC+1) = 13:00Z
      await buildSession(db, { territoryId: territory.id, workshopId: workshop.id, venueId: venue.id, startsAt: new Date('2099-03-03T13:00:00Z'), seats: 8, seatsTaken: 7, beginner: 1 });
      await buildSession(db, { territoryId: territory.id, workshopId: workshop.id, venueId: venue.id, startsAt: new Date('2099-03-10T13:00:00Z'), seats: 8, seatsTaken: 8 });
      await buildSession(db, { territoryId: territory.id, workshopId: hidden.id, venueId: venue.id, startsAt: new Date('2099-03-17T13:00:00Z') });
      await buildSession(db, { territoryId: territory.id, workshopId: workshop.id, venueId: venue.id, startsAt: new Date('2020-03-02T13:00:00Z'), status: 'held' });
      for (let i = 0; i < 20; i++) await buildSession(db, { territoryId: territory.id, startsAt: new Date(Date.parse('2099-04-01T07:00:00Z') + i * 86400_000) });
    });
    after(() => t.close());

    test('lists the next sessions of published workshops, in French, with seats left', async () => {
      const res = await t.app.inject({ url: '/' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /mardi 3 mars 2099 de 14 h à 16 h 30/);
      assert.match(res.body, /1 place restante/);
      assert.match(res.body, /Complet/);
      assert.match(res.body, /Créneau débutants/);
      assert.doesNotMatch(res.body, /Atelier non publié/);
      assert.doesNotMatch(res.body, /2020/);
      assert.match(res.body, /Cybercentre de Frévent/);
      assert.match(res.body, /62270 Frévent/);
      assert.match(res.body, /8 postes/);
    });

    test('text from the database is escaped', async () => {
      const res = await t.app.inject({ url: '/' });
      assert.match(res.body, /Créer son site &lt;script>alert\(&quot;x&quot;\)&lt;\/script>/);
      assert.doesNotMatch(res.body, /<script>alert/);
    });

    test('runs a bounded number of queries, whatever the number of sessions', async () => {
      const before = t.database.queryCount();
      await t.app.inject({ url: '/' });
      const used = t.database.queryCount() - before;
      assert.ok(used <= 5, `${used} queries`);
    });
  });
}
