import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from '../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory } from '../../test/factories.js';

/**
 * What one registration through the public form costs the database: its statements, counted
 * (docs/performance.md, « Registration throughput »). A bound, so that a statement added to the
 * path is a decision, not an accident; the invariants themselves are tested in registration.test.ts.
 */
for (const tier of databaseTiers()) {
  describe(`statements of a registration on ${tier.name}`, () => {
    let t: TestApp;
    let sessionId: number;
    let n = 0;
    before(async () => {
      t = await createTestApp(tier, { FORM_RATE_LIMIT: '1000' });
      const db = t.database.db;
      const territory = await buildTerritory(db);
      await buildStaff(db, { territoryId: territory.id });
      const cycle = await buildCycle(db, { territoryId: territory.id });
      await db.updateTable('cycles').set({ registration_opens_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', cycle.id).execute();
      sessionId = (await buildSession(db, { territoryId: territory.id, cycleId: cycle.id, seats: 1, startsAt: new Date('2099-03-03T13:00:00Z') })).id;
    });
    after(() => t.close());

    /** The statements of one POST of the form (the form page itself not counted). */
    async function post(email: string, expect: RegExp) {
      const page = await t.app.inject({ url: `/seances/${sessionId}/inscription` });
      const f = form({ _csrf: csrfOf(page.body), first_name: 'Camille', last_name: 'Personne', email, company: `Entreprise ${++n}`, sector: 'commerce', commune: '62767', level: 'debutant' });
      const cookie = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`).join('; ');
      const before = t.database.queryCount();
      const res = await t.app.inject({ method: 'POST', url: `/seances/${sessionId}/inscription`, payload: f.payload, headers: { ...f.headers, cookie } });
      const statements = t.database.queryCount() - before;
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.match(res.body, expect);
      return statements;
    }

    test('a new person, confirmed, then another one, waitlisted: each within the bound', async () => {
      const confirmed = await post('premiere@example.org', /Votre inscription est confirmée/);
      const waitlisted = await post('seconde@example.org', /liste d’attente/);
      console.log(`${tier.name}: ${confirmed} statements confirmed, ${waitlisted} waitlisted`);
      assert.ok(confirmed <= 13, `confirmed: ${confirmed} statements`);
      assert.ok(waitlisted <= 12, `waitlisted: ${waitlisted} statements`);
    });
  });
}
