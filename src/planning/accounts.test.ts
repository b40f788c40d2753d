import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory, buildWorkshop } from '../../test/factories.js';
import { StaffClient } from '../../test/staff-session.js';

const PASSWORD = 'lecture-du-bilan-2026';

for (const tier of databaseTiers()) {
  describe(`elected officials' and funders' accounts (/equipe/elus) on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let territoryId: number;

    before(async () => {
      t = await createTestApp(tier);
      territoryId = (await buildTerritory(t.database.db)).id;
      const staff = await buildStaff(t.database.db, { territoryId, role: 'coordinator' });
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
    });
    after(() => t.close());

    const db = () => t.database.db;
    const accountByEmail = (email: string) => db().selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
    const staffCount = async () => (await db().selectFrom('staff_users').select('id').execute()).length;
    const auditOf = (action: string, subject: string) => db().selectFrom('audit_log').select(['actor', 'details']).where('action', '=', action).where('subject', '=', subject).execute();
    const sessionsOf = async (id: number) => (await db().selectFrom('staff_sessions').select('id_hash').where('staff_user_id', '=', id).execute()).length;

    test('a coordinator creates an elected account through the form; it reads the results and nothing of the planning', async () => {
      const list = await coordinator.get('/equipe/elus');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<h1>Élus et financeurs<\/h1>/);
      assert.match(list.body, /en lecture seule/);
      assert.match(list.body, /href="\/equipe\/elus\/nouveau"/);
      assert.match(list.body, /<a href="\/equipe\/elus" aria-current="page">Élus et financeurs<\/a>/, 'in the planning navigation');
      assert.match((await coordinator.get('/equipe')).body, /href="\/equipe\/elus"/, 'on the back-office home');
      const blank = await coordinator.get('/equipe/elus/nouveau');
      assert.match(blank.body, /<h1>Nouveau compte d’élu ou de financeur<\/h1>/);
      assert.doesNotMatch(blank.body, /id="workshops"|name="workshops"/, 'no workshops for an elected account');

      const workshop = await buildWorkshop(db(), { territoryId });
      const created = await coordinator.post('/equipe/elus/nouveau', { name: 'Marie Durand', email: 'M.Durand@Ternois.fr', password: PASSWORD, active: '1', workshops: String(workshop.id) });
      assert.equal(created.statusCode, 303, created.body);
      assert.equal(created.headers.location, '/equipe/elus?enregistre=1');
      const account = (await accountByEmail('m.durand@ternois.fr'))!;
      assert.ok(account, 'the e-mail is stored in lower case');
      assert.deepEqual({ role: account.role, territory: account.territory_id, name: account.display_name, active: account.active }, { role: 'elected', territory: territoryId, name: 'Marie Durand', active: 1 });
      assert.deepEqual(await db().selectFrom('facilitator_workshops').select('workshop_id').where('staff_user_id', '=', account.id).execute(), [], 'workshops sent anyway are ignored');
      const audits = await auditOf('elected.created', `staff:${account.id}`);
      assert.equal(audits.length, 1);
      assert.doesNotMatch(JSON.stringify(audits[0]!.details), /lecture-du-bilan/, 'no password in the audit log');
      const listed = await coordinator.get('/equipe/elus?enregistre=1');
      assert.match(listed.body, new RegExp(`<a href="/equipe/elus/${account.id}">Marie Durand</a></td><td>m.durand@ternois.fr</td><td>oui</td>`));
      assert.doesNotMatch((await coordinator.get('/equipe/animateurs')).body, /Marie Durand/, 'not among the facilitators');

      const elected = await new StaffClient(t.app).logIn('m.durand@ternois.fr', PASSWORD);
      assert.equal((await elected.get('/equipe/bilan')).statusCode, 200);
      for (const url of ['/equipe/seances', '/equipe/elus', '/equipe/elus/nouveau', `/equipe/elus/${account.id}`, '/equipe/animateurs']) {
        assert.equal((await elected.get(url)).statusCode, 404, url);
      }
      assert.doesNotMatch((await elected.get('/equipe')).body, /href="\/equipe\/elus"/);
    });

    test('edited (a new password only when given), then deactivated: signed out at once and unable to sign in', async () => {
      const account = await buildStaff(db(), { territoryId, role: 'elected', name: 'Paul Lefort', email: 'p.lefort@region.fr', password: PASSWORD });
      const elected = await new StaffClient(t.app).logIn(account.email, PASSWORD);
      const url = `/equipe/elus/${account.id}`;
      const form = await coordinator.get(url);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<h1>Modifier le compte d’élu ou de financeur<\/h1>/);
      assert.match(form.body, /value="Paul Lefort"/);
      assert.match(form.body, /name="active" value="1" checked/);

      const renamed = await coordinator.post(url, { name: 'Paul Lefort-Martin', email: 'p.lefort@region.fr', active: '1' });
      assert.equal(renamed.statusCode, 303, renamed.body);
      assert.equal((await accountByEmail('p.lefort@region.fr'))!.display_name, 'Paul Lefort-Martin');
      assert.equal((await elected.get('/equipe/bilan')).statusCode, 200, 'still signed in, password unchanged');
      await new StaffClient(t.app).logIn(account.email, PASSWORD);

      const off = await coordinator.post(url, { name: 'Paul Lefort-Martin', email: 'p.lefort@region.fr' });
      assert.equal(off.statusCode, 303, off.body);
      assert.equal((await accountByEmail('p.lefort@region.fr'))!.active, 0);
      assert.equal(await sessionsOf(account.id), 0, 'every staff session of the account deleted');
      const signedOut = await elected.get('/equipe/bilan');
      assert.equal(signedOut.statusCode, 303);
      assert.equal(signedOut.headers.location, '/equipe/connexion');
      await assert.rejects(new StaffClient(t.app).logIn(account.email, PASSWORD), /login failed/);
      assert.equal((await auditOf('elected.changed', `staff:${account.id}`)).length, 2);
      assert.match((await coordinator.get('/equipe/elus')).body, /Paul Lefort-Martin<\/a><\/td><td>p.lefort@region.fr<\/td><td>non<\/td>/);
    });

    test('the kinds never cross: an elected id under /equipe/animateurs, a facilitator id under /equipe/elus, another territory’s account: 404, nothing changed', async () => {
      const elected = await buildStaff(db(), { territoryId, role: 'elected', name: 'Élue croisée' });
      const facilitator = await buildStaff(db(), { territoryId, role: 'facilitator', name: 'Animateur croisé' });
      const outsider = await buildStaff(db(), { territoryId: (await buildTerritory(db())).id, role: 'elected', name: 'Élu d’ailleurs' });
      const cases: Array<[string, { id: number; email: string; display_name: string }]> = [
        [`/equipe/animateurs/${elected.id}`, elected],
        [`/equipe/elus/${facilitator.id}`, facilitator],
        [`/equipe/elus/${outsider.id}`, outsider],
      ];
      for (const [url, account] of cases) {
        assert.equal((await coordinator.get(url)).statusCode, 404, `GET ${url}`);
        // the form of a real page gives the CSRF token; the post itself goes to the crossed address
        const posted = await coordinator.post(url, { name: 'Changé', email: account.email, active: '1' }, '/equipe/elus/nouveau');
        assert.equal(posted.statusCode, 404, `POST ${url}`);
        const row = await db().selectFrom('staff_users').select(['display_name', 'active']).where('id', '=', account.id).executeTakeFirstOrThrow();
        assert.deepEqual(row, { display_name: account.display_name, active: 1 }, url);
      }
      assert.doesNotMatch((await coordinator.get('/equipe/elus')).body, /Animateur croisé|Élu d’ailleurs/);
      assert.doesNotMatch((await coordinator.get('/equipe/animateurs')).body, /Élue croisée/);
    });

    test('only the territory’s coordinators and administrators: facilitators, partners and elected officials get 404; anonymous visitors go to the login page', async () => {
      const administrator = await buildStaff(db(), { territoryId, role: 'administrator' });
      assert.equal((await (await new StaffClient(t.app).logIn(administrator.email, administrator.password)).get('/equipe/elus')).statusCode, 200);
      const target = await buildStaff(db(), { territoryId, role: 'elected' });
      for (const role of ['facilitator', 'partner', 'elected'] as const) {
        const staff = await buildStaff(db(), { territoryId, role });
        const client = await new StaffClient(t.app).logIn(staff.email, staff.password);
        for (const url of ['/equipe/elus', '/equipe/elus/nouveau', `/equipe/elus/${target.id}`]) {
          assert.equal((await client.get(url)).statusCode, 404, `${role} ${url}`);
        }
        assert.doesNotMatch((await client.get('/equipe')).body, /href="\/equipe\/elus"/, role);
      }
      for (const url of ['/equipe/elus', '/equipe/elus/nouveau', `/equipe/elus/${target.id}`]) {
        const anonymous = await t.app.inject({ url });
        assert.equal(anonymous.statusCode, 303, url);
        assert.equal(anonymous.headers.location, '/equipe/connexion');
      }
    });

    test('bad input: a French message beside the field, the form keeps what was typed, nothing written', async () => {
      await buildStaff(db(), { territoryId, role: 'facilitator', email: 'deja@boutic.localhost' });
      const n = await staffCount();
      const audits = (await db().selectFrom('audit_log').select('id').execute()).length;

      const short = await coordinator.post('/equipe/elus/nouveau', { name: 'Jeanne <Conseillère>', email: 'jeanne@region.fr', password: 'court', active: '1' });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /id="password-erreur"[^>]*>Le mot de passe doit contenir au moins 12 caractères/);
      assert.match(short.body, /value="Jeanne &lt;Conseillère>"/);
      assert.match(short.body, /value="jeanne@region.fr"/);

      const missing = await coordinator.post('/equipe/elus/nouveau', { name: '', email: 'pas-une-adresse', active: '1' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /id="name-erreur"[^>]*>Ce champ est obligatoire/);
      assert.match(missing.body, /id="email-erreur"/);
      assert.match(missing.body, /value="pas-une-adresse"/);
      const noPassword = await coordinator.post('/equipe/elus/nouveau', { name: 'Jeanne', email: 'jeanne@region.fr', active: '1' });
      assert.match(noPassword.body, /id="password-erreur"[^>]*>Ce champ est obligatoire/);

      // an address already used by any account, of any kind
      const taken = await coordinator.post('/equipe/elus/nouveau', { name: 'Jeanne', email: 'Deja@boutic.localhost', password: PASSWORD, active: '1' });
      assert.equal(taken.statusCode, 400);
      assert.match(taken.body, /id="email-erreur"[^>]*>Un compte existe déjà avec cette adresse/);
      assert.match(taken.body, /value="Deja@boutic.localhost"/);
      assert.match(taken.body, /value="Jeanne"/);

      const account = await buildStaff(db(), { territoryId, role: 'elected', name: 'Jean Valide', email: 'jean@region.fr' });
      const shortEdit = await coordinator.post(`/equipe/elus/${account.id}`, { name: 'Jean Changé', email: 'jean@region.fr', password: 'court', active: '1' });
      assert.equal(shortEdit.statusCode, 400);
      assert.match(shortEdit.body, /id="password-erreur"/);
      assert.match(shortEdit.body, /value="Jean Changé"/);
      const takenEdit = await coordinator.post(`/equipe/elus/${account.id}`, { name: 'Jean Changé', email: 'deja@boutic.localhost', active: '1' });
      assert.equal(takenEdit.statusCode, 400);
      assert.match(takenEdit.body, /id="email-erreur"[^>]*>Un compte existe déjà avec cette adresse/);
      const row = await db().selectFrom('staff_users').select(['display_name', 'email']).where('id', '=', account.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { display_name: 'Jean Valide', email: 'jean@region.fr' });

      assert.equal(await staffCount(), n + 1, 'only the account built by the test');
      assert.equal((await db().selectFrom('audit_log').select('id').execute()).length, audits, 'no audit entry');
    });
  });
}
