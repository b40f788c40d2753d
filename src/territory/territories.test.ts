import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, cookiesOf, csrfOf, form, type TestApp } from '../../test/app.js';
import { buildSession, buildStaff, buildTerritory } from '../../test/factories.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { normaliseHost, territoryBaseUrl } from '../platform/programme.js';

test('a host name as territories.host holds it: lower-case, no port, no IPv6 brackets', () => {
  assert.equal(normaliseHost('Ateliers.Ternois.FR:8443'), 'ateliers.ternois.fr');
  assert.equal(normaliseHost('[::1]:3000'), '::1');
  assert.equal(normaliseHost(undefined), '');
  assert.equal(territoryBaseUrl('https://boutic.fr', 'ateliers.ternois.fr'), 'https://ateliers.ternois.fr');
  assert.equal(territoryBaseUrl('http://localhost:3000', 'b.localhost'), 'http://b.localhost:3000');
  assert.equal(territoryBaseUrl('http://localhost:3000', null), 'http://localhost:3000');
});

/** A client of one host name: keeps its cookies, posts forms with the CSRF token of the page they come from. */
function hostClient(t: TestApp, host: string) {
  let jar: Record<string, string> = {};
  const cookie = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  const client = {
    async get(url: string) {
      const res = await t.app.inject({ url, headers: { host, cookie: cookie() } });
      jar = cookiesOf(res, jar);
      return res;
    },
    async post(url: string, fields: Record<string, string>, formPage = url) {
      const f = form({ _csrf: csrfOf((await client.get(formPage)).body), ...fields });
      const res = await t.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...f.headers, host, cookie: cookie() } });
      jar = cookiesOf(res, jar);
      return res;
    },
    async logIn(email: string, password: string) {
      return client.post('/equipe/connexion', { email, password });
    },
  };
  return client;
}

for (const tier of databaseTiers()) {
  describe(`territories by host name on ${tier.name}`, () => {
    let t: TestApp;
    let a: { id: number };
    let b: { id: number };
    const db = () => t.database.db;

    before(async () => {
      t = await createTestApp(tier, { DEFAULT_TERRITORY: 'territoire-b', LOGIN_RATE_LIMIT: '1000', FORM_RATE_LIMIT: '1000' });
      a = await buildTerritory(db(), { programmeName: 'Programme Alpha', slug: 'territoire-a', host: 'alpha.boutic.test' });
      b = await buildTerritory(db(), { programmeName: 'Programme Bêta', slug: 'territoire-b' });
      await buildStaff(db(), { territoryId: a.id }); // past the first run
    });
    after(() => t?.close());

    test('a request is for the territory of its host name, whatever its case and port; another host gets DEFAULT_TERRITORY', async () => {
      const programmeOn = async (host: string) => /Programme (Alpha|Bêta)/.exec((await t.app.inject({ url: '/', headers: { host } })).body)?.[0];
      assert.equal(await programmeOn('alpha.boutic.test'), 'Programme Alpha');
      assert.equal(await programmeOn('ALPHA.Boutic.test:3000'), 'Programme Alpha');
      assert.equal(await programmeOn('localhost:3000'), 'Programme Bêta', 'DEFAULT_TERRITORY, though A is older');
    });

    test('without DEFAULT_TERRITORY, a host no territory claims gets the oldest one (a one-territory install as before)', async () => {
      const other = await createTestApp(tier);
      try {
        const first = await buildTerritory(other.database.db, { programmeName: 'Le premier' });
        await buildTerritory(other.database.db, { programmeName: 'Le second', host: 'second.test' });
        await buildStaff(other.database.db, { territoryId: first.id });
        assert.match((await other.app.inject({ url: '/', headers: { host: 'localhost' } })).body, /Le premier/);
        assert.match((await other.app.inject({ url: '/', headers: { host: 'second.test' } })).body, /Le second/);
      } finally {
        await other.close();
      }
    });

    test('the links of a mail name the territory’s own host', async () => {
      const session = await buildSession(db(), { territoryId: a.id });
      const person = { first_name: 'Inès', last_name: 'Martin', email: 'ines.martin@example.fr', company: 'Boulangerie Martin', commune: '62767', sector: 'commerce', level: 'debutant' };
      const res = await hostClient(t, 'alpha.boutic.test').post(`/seances/${session.id}/inscription`, person);
      assert.equal(res.statusCode, 200);
      const mail = await db().selectFrom('outbox').select('payload').where('recipient', '=', person.email).executeTakeFirstOrThrow();
      assert.match(mail.payload, /http:\/\/alpha\.boutic\.test:3000\/mes-inscriptions\/acces/);
      assert.doesNotMatch(mail.payload, /localhost:3000/);
    });

    test('a national administrator (no territory) is signed in on every host; anyone else but an administrator must belong to one', async () => {
      const hash = await hashPassword('mot-de-passe-national');
      await db().insertInto('staff_users').values({ territory_id: null, email: 'national@boutic.test', display_name: 'Admin national', role: 'administrator', password_hash: hash }).execute();
      for (const host of ['alpha.boutic.test', 'localhost']) {
        const admin = hostClient(t, host);
        assert.equal((await admin.logIn('national@boutic.test', 'mot-de-passe-national')).statusCode, 303, host);
        assert.equal((await admin.get('/equipe/seances')).statusCode, 200, host);
      }
      await assert.rejects(db().insertInto('staff_users').values({ territory_id: null, email: 'flottant@boutic.test', display_name: 'Sans territoire', role: 'coordinator', password_hash: hash }).execute(), /staff_users_territory_ck|check constraint/i);
    });

    test('/equipe/territoires: the list with host names, for administrators only', async () => {
      const admin = await buildStaff(db(), { territoryId: a.id, role: 'administrator' });
      const coordinator = await buildStaff(db(), { territoryId: a.id, role: 'coordinator' });
      const asAdmin = hostClient(t, 'alpha.boutic.test');
      await asAdmin.logIn(admin.email, admin.password);
      const page = await asAdmin.get('/equipe/territoires');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /alpha\.boutic\.test/);
      assert.match(page.body, /territoire-b/);
      assert.match(page.body, /par défaut/);
      const asCoordinator = hostClient(t, 'alpha.boutic.test');
      await asCoordinator.logIn(coordinator.email, coordinator.password);
      assert.equal((await asCoordinator.get('/equipe/territoires')).statusCode, 404);
      assert.equal((await asCoordinator.get('/equipe/territoires/nouveau')).statusCode, 404);
      assert.equal((await hostClient(t, 'alpha.boutic.test').get('/equipe/territoires')).headers.location, '/equipe/connexion');
    });

    test('adding a territory: messages beside the fields with the values kept; then the territory, its host, its programme and its coordinator, who signs in on that host only', async () => {
      const admin = await buildStaff(db(), { territoryId: a.id, role: 'administrator' });
      const client = hostClient(t, 'alpha.boutic.test');
      await client.logIn(admin.email, admin.password);
      const formPage = '/equipe/territoires/nouveau?departement=62';
      assert.match((await client.get(formPage)).body, /name="epci"/);
      const fields = { departement: '62', epci: '200069672', slug: 'Pays Nouveau', host: 'https://x', programme: 'Boutic Nouveau', funder: 'Région', name: 'Nina Nouvelle', email: 'nina@boutic.test', password: 'court' };
      const refused = await client.post('/equipe/territoires/nouveau', fields, formPage);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /id="slug-erreur"[^>]*>[^<]*minuscules/);
      assert.match(refused.body, /id="host-erreur"[^>]*>[^<]*nom d’hôte/);
      assert.match(refused.body, /id="password-erreur"/);
      assert.match(refused.body, /value="Boutic Nouveau"/);
      const taken = await client.post('/equipe/territoires/nouveau', { ...fields, slug: 'territoire-b', host: 'Alpha.Boutic.test', password: 'un-mot-de-passe-assez-long' }, formPage);
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /Un territoire porte déjà cet identifiant/);
      assert.match(taken.body, /Un territoire est déjà servi à cette adresse/);
      const before = await db().selectFrom('territories').select('id').execute();
      const done = await client.post('/equipe/territoires/nouveau', { ...fields, slug: 'pays-nouveau', host: 'Nouveau.Boutic.test', password: 'un-mot-de-passe-assez-long' }, formPage);
      assert.equal(done.statusCode, 303);
      const row = await db().selectFrom('territories as t').innerJoin('programmes as p', 'p.territory_id', 't.id').select(['t.id', 't.host', 'p.name']).where('t.slug', '=', 'pays-nouveau').executeTakeFirstOrThrow();
      assert.deepEqual({ host: row.host, name: row.name }, { host: 'nouveau.boutic.test', name: 'Boutic Nouveau' });
      assert.equal((await db().selectFrom('territories').select('id').execute()).length, before.length + 1);
      assert.ok(Number((await db().selectFrom('communes').select((eb) => eb.fn.countAll().as('n')).where('territory_id', '=', row.id).executeTakeFirstOrThrow()).n) > 10);
      assert.equal((await db().selectFrom('audit_log').select('action').where('territory_id', '=', row.id).where('action', '=', 'territory.created').execute()).length, 1);
      assert.match((await client.get(done.headers.location as string)).body, /Le territoire [^<]+ est créé/);
      // the new coordinator: on the new host, not on A's
      assert.equal((await hostClient(t, 'nouveau.boutic.test').logIn('nina@boutic.test', 'un-mot-de-passe-assez-long')).statusCode, 303);
      assert.equal((await hostClient(t, 'alpha.boutic.test').logIn('nina@boutic.test', 'un-mot-de-passe-assez-long')).statusCode, 401);
    });

    test('changing a territory’s host name: the form, its errors beside the field, then the site at the new name at once and the old name serving the default', async () => {
      const admin = await buildStaff(db(), { territoryId: a.id, role: 'administrator' });
      const client = hostClient(t, 'alpha.boutic.test');
      await client.logIn(admin.email, admin.password);
      const list = (await client.get('/equipe/territoires')).body;
      assert.match(list, new RegExp(`href="/equipe/territoires/${a.id}"`), 'its own territory can be changed');
      assert.doesNotMatch(list, new RegExp(`href="/equipe/territoires/${b.id}"`), 'not another one');
      assert.equal((await client.get(`/equipe/territoires/${b.id}`)).statusCode, 404, 'another territory: as an unknown id');
      assert.equal((await client.get('/equipe/territoires/999999')).statusCode, 404);
      const programmeOn = async (host: string) => /Programme (Alpha|Bêta)/.exec((await t.app.inject({ url: '/', headers: { host } })).body)?.[0];
      assert.equal(await programmeOn('alpha.boutic.test'), 'Programme Alpha', 'read (and cached by the resolver) before the change');
      const url = `/equipe/territoires/${a.id}`;
      const versionBefore = (await db().selectFrom('territories').select('content_version').where('id', '=', a.id).executeTakeFirstOrThrow()).content_version;
      const bad = await client.post(url, { host: 'https://alpha.exemple.fr/ateliers' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="host-erreur"[^>]*>[^<]*nom d’hôte/);
      assert.match(bad.body, /value="https:\/\/alpha\.exemple\.fr\/ateliers"/, 'what was typed is kept');
      await db().updateTable('territories').set({ host: 'beta.boutic.test' }).where('id', '=', b.id).execute();
      const taken = await client.post(url, { host: 'BETA.boutic.test' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /Un territoire est déjà servi à cette adresse/);
      assert.equal((await db().selectFrom('territories').select('host').where('id', '=', a.id).executeTakeFirstOrThrow()).host, 'alpha.boutic.test', 'nothing written');
      const done = await client.post(url, { host: 'Ateliers.Alpha.test' });
      assert.equal(done.statusCode, 303);
      const row = await db().selectFrom('territories').select(['host', 'content_version']).where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { host: 'ateliers.alpha.test', content_version: versionBefore + 1 });
      assert.equal((await db().selectFrom('audit_log').select('action').where('territory_id', '=', a.id).where('action', '=', 'territory.host_changed').execute()).length, 1);
      // the same name sent again (a second click, now from the new name): the same answer, nothing written again
      const onNewHost = hostClient(t, 'ateliers.alpha.test');
      await onNewHost.logIn(admin.email, admin.password);
      assert.equal((await onNewHost.post(url, { host: 'ateliers.alpha.test' })).statusCode, 303);
      assert.equal((await db().selectFrom('territories').select('content_version').where('id', '=', a.id).executeTakeFirstOrThrow()).content_version, versionBefore + 1);
      assert.equal((await db().selectFrom('audit_log').select('action').where('territory_id', '=', a.id).where('action', '=', 'territory.host_changed').execute()).length, 1);
      assert.equal(await programmeOn('ateliers.alpha.test'), 'Programme Alpha', 'the new name at once');
      assert.equal(await programmeOn('alpha.boutic.test'), 'Programme Bêta', 'the old name: the default territory');
      // a coordinator, even of this territory, may not
      const coordinator = await buildStaff(db(), { territoryId: a.id, role: 'coordinator' });
      const asCoordinator = hostClient(t, 'ateliers.alpha.test');
      await asCoordinator.logIn(coordinator.email, coordinator.password);
      assert.equal((await asCoordinator.get(url)).statusCode, 404);
      await db().updateTable('territories').set({ host: 'alpha.boutic.test' }).where('id', '=', a.id).execute();
      await db().updateTable('territories').set({ host: null }).where('id', '=', b.id).execute();
      await db().updateTable('territories').set((eb) => ({ content_version: eb('content_version', '+', 1) })).execute();
    });
  });
}
