import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';

const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

for (const tier of databaseTiers()) {
  describe(`staff login on ${tier.name}`, () => {
    let t: TestApp;
    let staff: Awaited<ReturnType<typeof buildStaff>>;
    before(async () => {
      t = await createTestApp(tier, { LOGIN_RATE_LIMIT: '5' });
      const territory = await buildTerritory(t.database.db);
      staff = await buildStaff(t.database.db, { territoryId: territory.id, role: 'coordinator', name: 'Camille Dupont' });
    });
    after(() => t.close());

    async function loginPage(jar: Record<string, string> = {}) {
      const res = await t.app.inject({ url: '/equipe/connexion', headers: { cookie: cookieHeader(jar) } });
      assert.equal(res.statusCode, 200);
      return { jar: cookiesOf(res, jar), csrf: csrfOf(res.body) };
    }
    async function logIn(email: string, password: string, jar: Record<string, string> = {}) {
      const page = await loginPage(jar);
      const res = await t.app.inject({ method: 'POST', url: '/equipe/connexion', ...form({ _csrf: page.csrf, email, password }), headers: { ...form({}).headers, cookie: cookieHeader(page.jar) } });
      return { res, jar: cookiesOf(res, page.jar) };
    }

    test('passwords are stored as argon2id hashes', async () => {
      const row = await t.database.db.selectFrom('staff_users').select('password_hash').where('id', '=', staff.id).executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$/);
    });

    test('a wrong password gets a French message, keeps the e-mail, and opens no session', async () => {
      const { res } = await logIn(staff.email, 'mauvais');
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /Adresse e-mail ou mot de passe incorrect/);
      assert.match(res.body, new RegExp(`value="${staff.email}"`));
      assert.equal(res.cookies.find((c) => c.name === 'boutic_equipe'), undefined);
    });

    test('an empty form gets a message beside each field', async () => {
      const page = await loginPage();
      const res = await t.app.inject({ method: 'POST', url: '/equipe/connexion', ...form({ _csrf: page.csrf, email: 'pas-un-email', password: '' }), headers: { ...form({}).headers, cookie: cookieHeader(page.jar) } });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /id="email-erreur"[^>]*>Saisissez une adresse e-mail valide/);
      assert.match(res.body, /id="password-erreur"[^>]*>Ce champ est obligatoire/);
      assert.match(res.body, /value="pas-un-email"/);
    });

    test('login opens a database session, renewed at each login; logout closes it', async () => {
      const first = await logIn(staff.email, staff.password);
      assert.equal(first.res.statusCode, 303);
      assert.equal(first.res.headers.location, '/equipe');
      const home = await t.app.inject({ url: '/equipe', headers: { cookie: cookieHeader(first.jar) } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Bonjour Camille Dupont/);
      assert.match(home.body, /chargé\(e\) de mission/);

      const { boutic_equipe: _old, ...withoutSession } = first.jar;
      const second = await logIn(staff.email, staff.password, withoutSession);
      assert.notEqual(second.jar.boutic_equipe, first.jar.boutic_equipe, 'a new session id at each login');
      const sessions = await t.database.db.selectFrom('staff_sessions').select('id_hash').where('staff_user_id', '=', staff.id).execute();
      assert.ok(sessions.length >= 2);
      assert.ok(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.id_hash)), 'only hashes are stored');

      const csrf = csrfOf(home.body);
      const out = await t.app.inject({ method: 'POST', url: '/equipe/deconnexion', ...form({ _csrf: csrf }), headers: { ...form({}).headers, cookie: cookieHeader(second.jar) } });
      assert.equal(out.statusCode, 303);
      const afterOut = await t.app.inject({ url: '/equipe', headers: { cookie: cookieHeader(second.jar) } });
      assert.equal(afterOut.statusCode, 303, 'the closed session no longer opens the back office');
      const audit = await t.database.db.selectFrom('audit_log').select('action').where('subject', '=', `staff:${staff.id}`).execute();
      assert.ok(audit.some((a) => a.action === 'staff.login'));
      assert.ok(audit.some((a) => a.action === 'staff.logout'));
    });

    test('the back office is closed to anonymous visitors and to a forged cookie', async () => {
      const anon = await t.app.inject({ url: '/equipe' });
      assert.equal(anon.statusCode, 303);
      assert.equal(anon.headers.location, '/equipe/connexion');
      const forged = await t.app.inject({ url: '/equipe', headers: { cookie: 'boutic_equipe=abc.def' } });
      assert.equal(forged.statusCode, 303);
    });

    test('a form posted without its CSRF token is refused with a French page', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/equipe/connexion', ...form({ email: staff.email, password: staff.password }) });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /Accès refusé/);
      assert.match(res.body, /<html lang="fr"/);
    });

    test('repeated logins are rate-limited with a clear French message', async () => {
      let last;
      for (let i = 0; i < 8; i++) last = (await logIn('inconnu@example.fr', 'nimporte')).res;
      assert.equal(last!.statusCode, 429);
      assert.match(last!.body, /Trop de tentatives de connexion/);
    });
  });
}
