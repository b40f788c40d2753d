import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { participantClient, StaffClient } from '../../test/staff-session.js';

for (const tier of databaseTiers()) {
  describe(`moderating the directory, on ${tier.name}`, () => {
    let app: TestApp;
    let coordinator: StaffClient;
    let facilitator: StaffClient;
    const people: Record<string, number> = {};
    const clients: Record<string, StaffClient> = {};
    const db = () => app.database.db;

    before(async () => {
      app = await createTestApp(tier);
      const territoryId = (await buildTerritory(db())).id;
      const coord = await buildStaff(db(), { territoryId, role: 'coordinator' });
      const fac = await buildStaff(db(), { territoryId, role: 'facilitator' });
      coordinator = await new StaffClient(app.app).logIn(coord.email, coord.password);
      facilitator = await new StaffClient(app.app).logIn(fac.email, fac.password);
      for (const key of ['amelie', 'bruno']) {
        people[key] = (await db().insertInto('participants').values({ territory_id: territoryId, email: `${key}@exemple.fr`, first_name: key, last_name: 'M' }).returning('id').executeTakeFirstOrThrow()).id;
        clients[key] = await participantClient(app.app, db(), people[key]!);
        await clients[key]!.post('/reseau/profil', { shown: ['name', 'offering'], offering: key === 'bruno' ? 'Crédits faciles, écrivez-moi' : 'Des œufs', consent: '1' });
      }
      const back = `/reseau/membres/${people.bruno}`;
      await clients.amelie!.post('/reseau/signaler', { kind: 'profile', id: String(people.bruno), [`raison-profile-${people.bruno}`]: 'Arnaque <script>' }, back);
    });
    after(() => app.close());

    test('the coordination sees the report with what it points at, hides the profile at once (audited); the report is closed', async () => {
      const page = await coordinator.get('/equipe/reseau');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Crédits faciles, écrivez-moi/);
      assert.match(page.body, /Arnaque &lt;script>/);
      const hidden = await coordinator.post('/equipe/reseau/masquer', { kind: 'profile', id: String(people.bruno) }, '/equipe/reseau');
      assert.equal(hidden.headers.location, '/equipe/reseau?masque=1');
      assert.equal((await clients.amelie!.get(`/reseau/membres/${people.bruno}`)).statusCode, 404);
      assert.match((await coordinator.get('/equipe/reseau')).body, /Aucun signalement à traiter/);
      const audit = await db().selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'network.profile_hidden').executeTakeFirstOrThrow();
      assert.match(audit.actor, /^staff:\d+$/);
      assert.match((await clients.bruno!.get('/reseau/profil')).body, /Votre profil a été masqué par l’équipe du programme/);
    });

    test('only the coordination: a facilitator gets 404, a leader the sign-in page, no CSRF token 403', async () => {
      assert.equal((await facilitator.get('/equipe/reseau')).statusCode, 404);
      assert.equal((await facilitator.post('/equipe/reseau/masquer', { kind: 'profile', id: String(people.amelie) }, '/equipe')).statusCode, 404);
      assert.equal((await app.app.inject({ url: '/equipe/reseau' })).statusCode, 303);
      const noToken = await app.app.inject({ method: 'POST', url: '/equipe/reseau/masquer', payload: 'kind=profile&id=1', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: Object.entries(coordinator.jar).map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(noToken.statusCode, 403);
      assert.equal((await clients.amelie!.get(`/reseau/membres/${people.amelie}`)).statusCode, 404, 'not one’s own card by URL either');
    });
  });
}
