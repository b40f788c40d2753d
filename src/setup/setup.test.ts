import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from '../../test/app.js';

const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

for (const tier of databaseTiers()) {
  describe(`first run on ${tier.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(tier);
    });
    after(() => t.close());

    async function setupPage(department = '62') {
      const res = await t.app.inject({ url: `/mise-en-route?departement=${department}` });
      return { res, jar: cookiesOf(res), csrf: res.statusCode === 200 ? csrfOf(res.body) : '' };
    }
    const valid = {
      departement: '62',
      epci: '200069672',
      programme: 'Boutic',
      funder: 'Région Hauts-de-France',
      name: 'Dominique Leroy',
      email: 'Dominique.Leroy@Ternois.fr',
      password: 'un-mot-de-passe-solide',
      password_confirm: 'un-mot-de-passe-solide',
    };
    const post = (page: { csrf: string; jar: Record<string, string> }, fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/mise-en-route', ...form({ _csrf: page.csrf, ...fields }), headers: { ...form({}).headers, cookie: cookieHeader(page.jar) } });

    test('an empty database sends every page to the first-run page', async () => {
      for (const url of ['/', '/equipe', '/equipe/connexion']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, '/mise-en-route');
      }
      assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/accessibilite' })).statusCode, 200);
    });

    test('choosing a department lists its EPCIs from the official list', async () => {
      const { res } = await setupPage('62');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<option value="200069672"[^>]*>CC du Ternois \(103 communes\)<\/option>/);
      const unknown = await t.app.inject({ url: '/mise-en-route?departement=999' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /Choisissez un département dans la liste/);
    });

    test('bad input: French messages beside the fields, values kept, nothing written', async () => {
      const page = await setupPage();
      const res = await post(page, { ...valid, epci: '123456789', email: 'leroy@', password: 'court', password_confirm: 'autre', name: '<script>alert(1)</script>' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="epci-erreur"[^>]*>Choisissez une intercommunalité dans la liste officielle/);
      assert.match(res.body, /id="email-erreur"[^>]*>Saisissez une adresse e-mail valide/);
      assert.match(res.body, /id="password-erreur"[^>]*>Le mot de passe doit contenir au moins 12 caractères/);
      assert.match(res.body, /value="leroy@"/);
      assert.match(res.body, /value="&lt;script>alert\(1\)&lt;\/script>"/, 'typed text comes back escaped');
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.equal((await t.database.db.selectFrom('territories').select('id').execute()).length, 0);
      assert.equal((await t.database.db.selectFrom('staff_users').select('id').execute()).length, 0);
    });

    test('a valid form creates the territory with its 103 communes and the first administrator, once', async () => {
      const page = await setupPage();
      const res = await post(page, valid);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/equipe/connexion?installe=1');
      const db = t.database.db;
      const territory = await db.selectFrom('territories').selectAll().executeTakeFirstOrThrow();
      assert.equal(territory.epci_code, '200069672');
      const communes = await db.selectFrom('communes').select(['insee_code', 'name', 'postcodes', 'department_code']).where('territory_id', '=', territory.id).execute();
      assert.equal(communes.length, 103);
      assert.deepEqual(communes.find((c) => c.insee_code === '62767'), { insee_code: '62767', name: 'Saint-Pol-sur-Ternoise', postcodes: '62130', department_code: '62' });
      assert.equal(communes.find((c) => c.insee_code === '80810')?.department_code, '80', 'Vitz-sur-Authie is in the Somme');
      const admin = await db.selectFrom('staff_users').selectAll().executeTakeFirstOrThrow();
      assert.equal(admin.email, 'dominique.leroy@ternois.fr');
      assert.equal(admin.role, 'administrator');
      assert.equal((await db.selectFrom('programmes').select('funder').executeTakeFirstOrThrow()).funder, 'Région Hauts-de-France');
      assert.ok(await db.selectFrom('audit_log').select('id').where('action', '=', 'setup.completed').executeTakeFirst());

      const login = await t.app.inject({ url: '/equipe/connexion?installe=1' });
      assert.match(login.body, /le territoire CC du Ternois et ses communes sont chargés/);
      const again = await t.app.inject({ url: '/mise-en-route' });
      assert.equal(again.statusCode, 303, 'the first-run page is gone once an administrator exists');
      const replay = await post(page, { ...valid, email: 'autre@ternois.fr' });
      assert.equal(replay.statusCode, 303);
      assert.equal((await db.selectFrom('staff_users').select('id').execute()).length, 1);
      assert.equal((await db.selectFrom('territories').select('id').execute()).length, 1);
      // the home page now answers, with no session yet
      const home = await t.app.inject({ url: '/' });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Aucune séance n’est programmée/);
    });
  });
}
