import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory, buildWorkshop } from '../../test/factories.js';
import { StaffClient } from '../../test/staff-session.js';

for (const tier of databaseTiers()) {
  describe(`catalogue administration (workshops, venues, cycles, facilitators) on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let territoryId: number;

    before(async () => {
      t = await createTestApp(tier);
      const territory = await buildTerritory(t.database.db);
      territoryId = territory.id;
      const staff = await buildStaff(t.database.db, { territoryId, role: 'coordinator' });
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
    });
    after(() => t.close());

    const version = async () => (await t.database.db.selectFrom('territories').select('content_version').where('id', '=', territoryId).executeTakeFirstOrThrow()).content_version;
    const audited = async (action: string) => !!(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', action).executeTakeFirst());

    test('workshops: created with a slug from the title, edited, refused with French messages when wrong', async () => {
      const v0 = await version();
      const ok = await coordinator.post('/equipe/ateliers/nouveau', {
        title: 'Lire le devis d’une agence web',
        summary: 'Comprendre chaque ligne.',
        level: 'intermediaire',
        duration: '120',
        theme: 'web',
        follow_on_partner: 'CCI',
        follow_on_title: 'Piloter son projet web',
        follow_on_url: 'https://www.example.fr/formation',
        published: '1',
      });
      assert.equal(ok.statusCode, 303, ok.body);
      const row = await t.database.db.selectFrom('workshops').selectAll().where('territory_id', '=', territoryId).where('title', '=', 'Lire le devis d’une agence web').executeTakeFirstOrThrow();
      assert.equal(row.slug, 'lire-le-devis-d-une-agence-web');
      assert.equal(row.duration_minutes, 120);
      assert.ok((await version()) > v0, 'public pages change');
      assert.ok(await audited('workshop.created'));

      const n = (await t.database.db.selectFrom('workshops').select('id').execute()).length;
      const bad = await coordinator.post('/equipe/ateliers/nouveau', {
        title: '<b>Doublon</b>',
        slug: 'lire-le-devis-d-une-agence-web',
        summary: '',
        level: 'expert',
        duration: '5',
        theme: 'web',
        follow_on_url: 'javascript:alert(1)',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="summary-erreur"[^>]*>Ce champ est obligatoire/);
      assert.match(bad.body, /id="level-erreur"[^>]*>Choisissez une valeur de la liste/);
      assert.match(bad.body, /id="duration-erreur"[^>]*>Indiquez une durée entre 15 et 600 minutes/);
      assert.match(bad.body, /id="follow_on_url-erreur"[^>]*>Saisissez une adresse web complète/);
      assert.match(bad.body, /value="&lt;b>Doublon&lt;\/b>"/);
      const taken = await coordinator.post('/equipe/ateliers/nouveau', { title: 'Autre', slug: 'lire-le-devis-d-une-agence-web', summary: 'x', level: 'debutant', duration: '60', theme: 'web' });
      assert.match(taken.body, /id="slug-erreur"[^>]*>Cette adresse est déjà prise/);
      assert.equal((await t.database.db.selectFrom('workshops').select('id').execute()).length, n);

      const edit = `/equipe/ateliers/${row.id}`;
      assert.match((await coordinator.get(edit)).body, /value="lire-le-devis-d-une-agence-web"/);
      const changed = await coordinator.post(edit, { title: 'Lire un devis', slug: 'lire-un-devis', summary: 'Comprendre.', level: 'debutant', duration: '90', theme: 'web' });
      assert.equal(changed.statusCode, 303);
      const after = await t.database.db.selectFrom('workshops').select(['slug', 'published']).where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.deepEqual(after, { slug: 'lire-un-devis', published: 0 });
      assert.match((await coordinator.get('/equipe/ateliers')).body, /Lire un devis/);
      assert.match((await coordinator.get('/equipe/ateliers?theme=web&niveau=debutant&tri=duree')).body, /Lire un devis/);
      assert.doesNotMatch((await coordinator.get('/equipe/ateliers?theme=securite')).body, /Lire un devis/);
    });

    test('venues: the commune must be one of the territory’s; phone, SIRET and workstations are checked', async () => {
      const bad = await coordinator.post('/equipe/lieux/nouveau', { name: 'Cybercentre de Paris', address: '1 rue de Rivoli', commune: '75056', workstations: '0', contact_phone: '12', pivot: '123' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="workstations-erreur"[^>]*>Indiquez un nombre de postes entre 1 et 200/);
      assert.match(bad.body, /id="contact_phone-erreur"[^>]*>Saisissez un numéro de téléphone français/);
      assert.match(bad.body, /id="pivot-erreur"[^>]*>Saisissez 9 chiffres/);
      const outside = await coordinator.post('/equipe/lieux/nouveau', { name: 'Cybercentre de Paris', address: '1 rue de Rivoli', commune: '75056', workstations: '10' });
      assert.equal(outside.statusCode, 400);
      assert.match(outside.body, /id="commune-erreur"[^>]*>Choisissez une commune du territoire/);
      const ok = await coordinator.post('/equipe/lieux/nouveau', { name: 'Cybercentre de Frévent', address: '2 rue du Château', commune: '62361', workstations: '8', accessible: '1', contact_phone: '03 21 00 00 02', pivot: '200 069 672' });
      assert.equal(ok.statusCode, 303, ok.body);
      const venue = await t.database.db.selectFrom('venues').selectAll().where('slug', '=', 'cybercentre-de-frevent').executeTakeFirstOrThrow();
      assert.equal(venue.pivot, '200069672');
      assert.equal(venue.accessible_prm, 1);
      assert.match((await coordinator.get('/equipe/lieux')).body, /Cybercentre de Frévent<\/a><\/td><td>Frévent<\/td><td>8<\/td>/);
      assert.ok(await audited('venue.created'));
    });

    test('cycles: number unique, last day after the first, registration opening in Paris time', async () => {
      const ok = await coordinator.post('/equipe/sessions/nouvelle', { number: '5', name: '5e session, printemps 2099', starts_on: '2099-03-01', ends_on: '2099-07-15', opens_on: '2099-02-01', opens_at: '09:00' });
      assert.equal(ok.statusCode, 303, ok.body);
      const cycle = await t.database.db.selectFrom('cycles').selectAll().where('number', '=', 5).executeTakeFirstOrThrow();
      assert.equal(cycle.registration_opens_at, '2099-02-01T08:00:00.000Z');
      const again = await coordinator.post('/equipe/sessions/nouvelle', { number: '5', name: 'Doublon', starts_on: '2099-09-01', ends_on: '2099-08-01', opens_on: '2099-08-01' });
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /id="ends_on-erreur"[^>]*>Le dernier jour doit être après le premier/);
      const dup = await coordinator.post('/equipe/sessions/nouvelle', { number: '5', name: 'Doublon', starts_on: '2099-09-01', ends_on: '2099-12-01', opens_on: '2099-08-01' });
      assert.match(dup.body, /id="number-erreur"[^>]*>Une session porte déjà ce numéro/);
      const list = await coordinator.get('/equipe/sessions');
      assert.match(list.body, /du dimanche 1er mars 2099 au mercredi 15 juillet 2099/);
    });

    test('facilitators: an account with the workshops they can lead; a deactivated one is signed out', async () => {
      const w1 = await buildWorkshop(t.database.db, { territoryId, title: 'La sécurité en ligne' });
      const w2 = await buildWorkshop(t.database.db, { territoryId, title: 'Les réseaux sociaux' });
      const noPassword = await coordinator.post('/equipe/animateurs/nouveau', { name: 'Sophie Lefebvre', email: 'sophie@boutic.localhost', active: '1' });
      assert.equal(noPassword.statusCode, 400);
      assert.match(noPassword.body, /id="password-erreur"/);
      const page = await coordinator.get('/equipe/animateurs/nouveau');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const body = new URLSearchParams({ _csrf: csrf, name: 'Sophie Lefebvre', email: 'Sophie@Boutic.localhost', password: 'mot-de-passe-provisoire', active: '1' });
      body.append('workshops', String(w1.id));
      body.append('workshops', String(w2.id));
      const cookie = Object.entries(coordinator.jar).map(([k, v]) => `${k}=${v}`).join('; ');
      const created = await t.app.inject({ method: 'POST', url: '/equipe/animateurs/nouveau', payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
      assert.equal(created.statusCode, 303, created.body);
      const user = await t.database.db.selectFrom('staff_users').selectAll().where('email', '=', 'sophie@boutic.localhost').executeTakeFirstOrThrow();
      assert.equal(user.role, 'facilitator');
      const links = await t.database.db.selectFrom('facilitator_workshops').select('workshop_id').where('staff_user_id', '=', user.id).execute();
      assert.deepEqual(links.map((l) => l.workshop_id).sort(), [w1.id, w2.id].sort());
      assert.match((await coordinator.get('/equipe/animateurs')).body, /La sécurité en ligne, Les réseaux sociaux/);

      const sophie = await new StaffClient(t.app).logIn('sophie@boutic.localhost', 'mot-de-passe-provisoire');
      assert.equal((await sophie.get('/equipe')).statusCode, 200);
      const off = await coordinator.post(`/equipe/animateurs/${user.id}`, { name: 'Sophie Lefebvre', email: 'sophie@boutic.localhost' });
      assert.equal(off.statusCode, 303);
      assert.equal((await sophie.get('/equipe')).statusCode, 303, 'a deactivated account is signed out');
      const taken = await coordinator.post('/equipe/animateurs/nouveau', { name: 'Autre', email: 'sophie@boutic.localhost', password: 'mot-de-passe-provisoire' });
      assert.match(taken.body, /id="email-erreur"[^>]*>Un compte existe déjà avec cette adresse/);
    });

    test('another territory’s coordinator cannot sign in here, and their session is not one here', async () => {
      const other = await buildTerritory(t.database.db);
      const staff = await buildStaff(t.database.db, { territoryId: other.id, role: 'coordinator' });
      // the instance serves its first territory on this host: a coordinator of another one is refused like a wrong password
      await assert.rejects(new StaffClient(t.app).logIn(staff.email, staff.password), /login failed: 401/);
      const client = await StaffClient.withSession(t.app, t.database.db, staff.id);
      for (const url of ['/equipe/ateliers', '/equipe/lieux', '/equipe/sessions', '/equipe/animateurs', '/equipe/seances']) {
        const res = await client.get(url);
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, '/equipe/connexion', url);
      }
    });
  });
}
