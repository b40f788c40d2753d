import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from '../../test/app.js';
import { buildSession, buildStaff, buildTerritory } from '../../test/factories.js';

const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
const person = (email: string) => ({ first_name: 'Marie', last_name: 'Lefebvre', email, company: 'Ferme', sector: 'agriculture', commune: '62767', level: 'debutant' });

for (const tier of databaseTiers()) {
  describe(`registrations attributed to the campaign that brought them, on ${tier.name}`, () => {
    let t: TestApp;
    let sessionId: number;
    let campaignId: number;
    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territoryId = (await buildTerritory(db)).id;
      await buildStaff(db, { territoryId });
      const cycle = await db.insertInto('cycles').values({ territory_id: territoryId, number: 1, name: '1re session', starts_on: '2026-01-01', ends_on: '2099-12-31', registration_opens_at: '2026-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
      sessionId = (await buildSession(db, { territoryId, cycleId: cycle.id, seats: 8, startsAt: new Date('2099-03-03T13:00:00Z') })).id;
      campaignId = (await db.insertInto('campaigns').values({ territory_id: territoryId, name: 'Rentrée', ref: 'rentree-2026', subject: 's', body: 'b', segment: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    });
    after(() => t.close());

    const register = async (path: string, email: string, jar: Record<string, string> = {}) => {
      const page = await t.app.inject({ url: path, headers: { cookie: cookieHeader(jar) } });
      const all = cookiesOf(page, jar);
      const f = form({ _csrf: csrfOf(page.body), ...person(email), ...(/name="ref" value="([^"]+)"/.exec(page.body) ? { ref: /name="ref" value="([^"]+)"/.exec(page.body)![1]! } : {}) });
      const res = await t.app.inject({ method: 'POST', url: `/seances/${sessionId}/inscription`, payload: f.payload, headers: { ...f.headers, cookie: cookieHeader(all) } });
      assert.equal(res.statusCode, 200);
      return (await t.database.db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select('r.campaign_id').where('p.email', '=', email).executeTakeFirstOrThrow()).campaign_id;
    };

    test('from the message’s link to the form: the reference rides along in the form', async () => {
      assert.equal(await register(`/seances/${sessionId}/inscription?ref=rentree-2026`, 'lien@example.fr'), campaignId);
    });

    test('from a landing page with the reference, a few pages later: kept for the browser session (a cookie naming the campaign, not the person)', async () => {
      const landing = await t.app.inject({ url: '/?ref=rentree-2026' });
      const jar = cookiesOf(landing);
      assert.equal(jar.boutic_ref, 'rentree-2026');
      const set = ([] as string[]).concat(landing.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('boutic_ref='))!;
      assert.match(set, /HttpOnly/i);
      assert.doesNotMatch(set, /Expires|Max-Age/i, 'a session cookie: gone when the browser closes');
      assert.equal(await register(`/seances/${sessionId}/inscription`, 'visite@example.fr', { boutic_ref: jar.boutic_ref! }), campaignId);
    });

    test('no reference, an unknown one or a malformed one: no campaign', async () => {
      assert.equal(await register(`/seances/${sessionId}/inscription`, 'seul@example.fr'), null);
      assert.equal(await register(`/seances/${sessionId}/inscription?ref=inconnue`, 'inconnue@example.fr'), null);
      const odd = await t.app.inject({ url: `/seances/${sessionId}/inscription?ref=%3Cscript%3E` });
      assert.doesNotMatch(odd.body, /name="ref"/);
      assert.equal(cookiesOf(odd).boutic_ref, undefined);
    });
  });
}
