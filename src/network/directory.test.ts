import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../test/factories.js';
import { participantClient, type StaffClient } from '../../test/staff-session.js';
import { t } from '../platform/i18n/index.js';
import { DIRECTORY_CONSENT_VERSION } from './profile.js';

for (const tier of databaseTiers()) {
  describe(`the leaders' directory, on ${tier.name}`, () => {
    let app: TestApp;
    let territoryId: number;
    const people: Record<string, number> = {};
    const clients: Record<string, StaffClient> = {};
    const db = () => app.database.db;
    const profiles = async () => (await db().selectFrom('directory_profiles').select('id').execute()).length;

    before(async () => {
      app = await createTestApp(tier);
      territoryId = (await buildTerritory(db())).id;
      await buildStaff(db(), { territoryId, role: 'coordinator' });
      await buildWorkshopWith(db(), { territoryId, slug: 'e-commerce', title: 'Vendre en ligne', theme: 'vente', level: 'intermediaire' });
      const add = async (key: string, first: string, last: string, company: string, sector: 'agriculture' | 'commerce', commune: string) => {
        const co = await db().insertInto('companies').values({ territory_id: territoryId, name: company, sector, commune_code: commune }).returning('id').executeTakeFirstOrThrow();
        people[key] = (await db().insertInto('participants').values({ territory_id: territoryId, email: `${key}@exemple.fr`, first_name: first, last_name: last, company_id: co.id, commune_code: commune }).returning('id').executeTakeFirstOrThrow()).id;
        clients[key] = await participantClient(app.app, db(), people[key]!);
      };
      await add('amelie', 'Amélie', 'Fontaine', 'Ferme Fontaine', 'agriculture', '62361');
      await add('bruno', 'Bruno', 'Caron', 'Épicerie Caron', 'commerce', '62767');
      await add('chloe', 'Chloé', 'Lemaire', 'Gîte Lemaire', 'agriculture', '62361');
    });
    after(() => app.close());

    test('joining: nothing ticked, no consent, a shown field left empty, an unknown subject — refused beside the field, kept, nothing written', async () => {
      const none = await clients.amelie!.post('/reseau/profil', { looking_for: 'Un site pour la ferme' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /id="shown-erreur">Cochez au moins une information à montrer/);
      assert.match(none.body, /id="consent-erreur">Cochez la case pour donner votre accord/);
      assert.match(none.body, />Un site pour la ferme<\/textarea>/);
      const empty = await clients.amelie!.post('/reseau/profil', { shown: ['name', 'website'], website: '', interests: 'peche', consent: '1' });
      assert.match(empty.body, /id="website-erreur">Remplissez ce champ, ou décochez-le/);
      assert.match(empty.body, /id="interests-erreur"/);
      assert.match(empty.body, /id="shown-website" name="shown" value="website" checked/, 'the boxes ticked stay ticked');
      const badUrl = await clients.amelie!.post('/reseau/profil', { shown: 'website', website: 'javascript:alert(1)', consent: '1' });
      assert.match(badUrl.body, /id="website-erreur">Indiquez une adresse qui commence par http/);
      assert.equal(await profiles(), 0);
      assert.equal((await db().selectFrom('consents').select('id').where('purpose', '=', 'directory').execute()).length, 0);
    });

    test('outside the directory: the sign-in page for a visitor, an invitation for a leader not in it, 404 for a profile', async () => {
      const visitor = await app.app.inject({ url: '/reseau' });
      assert.equal(visitor.statusCode, 303);
      assert.equal(visitor.headers.location, '/mes-inscriptions/lien');
      const ok = await clients.bruno!.post('/reseau/profil', { shown: ['company', 'commune'], consent: '1' });
      assert.equal(ok.headers.location, '/reseau?bienvenue=1');
      const outsider = await clients.chloe!.get('/reseau');
      assert.equal(outsider.statusCode, 200);
      assert.ok(outsider.body.includes(t('network.not_member')));
      assert.doesNotMatch(outsider.body, /Épicerie Caron/);
      assert.equal((await clients.chloe!.get(`/reseau/membres/${people.bruno}`)).statusCode, 404);
      assert.equal((await app.app.inject({ url: `/reseau/membres/${people.bruno}` })).statusCode, 303);
    });

    test('members see only what each ticked, never an address; search by a shown sector or commune, or a subject', async () => {
      const ok = await clients.amelie!.post('/reseau/profil', { shown: ['name', 'sector', 'looking_for'], looking_for: 'Un <script>alert(1)</script> site', offering: 'des œufs (non cochés)', website: 'https://ferme.example.fr', interests: ['vente'], consent: '1' });
      assert.equal(ok.statusCode, 303);
      const stored = await db().selectFrom('directory_profiles').selectAll().where('participant_id', '=', people.amelie!).executeTakeFirstOrThrow();
      assert.equal(stored.offering, null, 'a text not shown is not kept');
      assert.equal(stored.website, null);
      const consent = await db().selectFrom('consents').select(['text_version', 'withdrawn_at']).where('participant_id', '=', people.amelie!).where('purpose', '=', 'directory').executeTakeFirstOrThrow();
      assert.deepEqual(consent, { text_version: DIRECTORY_CONSENT_VERSION, withdrawn_at: null });

      const seenByBruno = await clients.bruno!.get('/reseau');
      assert.match(seenByBruno.body, /Amélie Fontaine/);
      assert.match(seenByBruno.body, /Agriculture/);
      assert.match(seenByBruno.body, /Un &lt;script>alert\(1\)&lt;\/script> site/);
      assert.doesNotMatch(seenByBruno.body, /<script>alert/);
      assert.doesNotMatch(seenByBruno.body, /Ferme Fontaine|amelie@exemple|des œufs/, 'her company and address were not ticked');
      const seenByAmelie = await clients.amelie!.get('/reseau');
      assert.match(seenByAmelie.body, /Épicerie Caron/);
      assert.match(seenByAmelie.body, new RegExp(`<h3><a href="/reseau/membres/${people.bruno}">Épicerie Caron</a></h3><p>Saint-Pol-sur-Ternoise</p></li>`), 'his company and commune only');
      assert.doesNotMatch(seenByAmelie.body, /Bruno|bruno@exemple/, 'his name and address were not ticked');

      assert.match((await clients.bruno!.get('/reseau?secteur=agriculture')).body, /<p id="nombre">1 membre/);
      assert.match((await clients.amelie!.get('/reseau?secteur=commerce')).body, /<p id="nombre">0 membre/, 'a sector not shown is not searchable');
      assert.match((await clients.amelie!.get('/reseau?commune=62767')).body, /<p id="nombre">1 membre/);
      assert.match((await clients.bruno!.get('/reseau?sujet=vente')).body, /<p id="nombre">1 membre/);
      assert.match((await clients.bruno!.get('/reseau?secteur=%3Cscript%3E&commune=x')).body, /<p id="nombre">1 membre/, 'unknown values dropped');
      const card = await clients.bruno!.get(`/reseau/membres/${people.amelie}`);
      assert.equal(card.statusCode, 200);
      assert.match(card.body, /<h1>Amélie Fontaine<\/h1>/);
    });

    test('two tabs joining at once: one profile, one consent, no error', async () => {
      const key = 'chloe';
      const page = await clients[key]!.get('/reseau/profil');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const cookie = Object.entries(clients[key]!.jar).map(([k, v]) => `${k}=${v}`).join('; ');
      const post = () => app.app.inject({ method: 'POST', url: '/reseau/profil', payload: `_csrf=${encodeURIComponent(token)}&shown=company&consent=1`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
      const answers = await Promise.all([post(), post()]);
      assert.deepEqual(answers.map((a) => a.statusCode), [303, 303]);
      assert.equal((await db().selectFrom('directory_profiles').select('id').where('participant_id', '=', people.chloe!).execute()).length, 1);
      assert.equal((await db().selectFrom('consents').select('id').where('participant_id', '=', people.chloe!).where('purpose', '=', 'directory').execute()).length, 1);
      await clients[key]!.post('/reseau/quitter', {}, '/reseau/profil');
      await db().deleteFrom('consents').where('participant_id', '=', people.chloe!).execute();
      await db().deleteFrom('directory_profiles').where('participant_id', '=', people.chloe!).execute();
      await db().deleteFrom('audit_log').where('actor', '=', `participant:${people.chloe}`).execute();
    });

    test('after a workshop together: « vous étiez à l’atelier … », only for members who were present', async () => {
      const cycle = await buildCycle(db(), { territoryId });
      const venue = await buildVenueWith(db(), { territoryId, commune_code: '62361', name: 'Cybercentre de Frévent' });
      const workshop = await db().selectFrom('workshops').select('id').where('slug', '=', 'e-commerce').executeTakeFirstOrThrow();
      const held = await buildSession(db(), { territoryId, cycleId: cycle.id, venueId: venue.id, workshopId: workshop.id, startsAt: new Date('2026-10-12T07:00:00Z'), status: 'held' });
      for (const [key, attendance] of [['amelie', 'present'], ['bruno', 'present'], ['chloe', 'present']] as const) {
        await db().insertInto('registrations').values({ session_id: held.id, participant_id: people[key]!, status: 'confirmed', attendance }).execute();
      }
      const page = await clients.amelie!.get('/reseau');
      assert.match(page.body, /Vous étiez à l’atelier « Vendre en ligne » à Frévent le lundi 12 octobre 2026/);
      assert.match(page.body, new RegExp(`href="/reseau/membres/${people.bruno}">Épicerie Caron`));
      assert.doesNotMatch(page.body, /Lemaire|Gîte/, 'Chloé was there but is not in the directory');
    });

    test('leaving hides the profile at once (list and URL), withdraws the consent; a hidden profile is hidden too', async () => {
      const left = await clients.bruno!.post('/reseau/quitter', {}, '/reseau/profil');
      assert.equal(left.headers.location, '/reseau/profil?quitte=1');
      assert.equal((await clients.amelie!.get(`/reseau/membres/${people.bruno}`)).statusCode, 404);
      assert.match((await clients.amelie!.get('/reseau')).body, /<p id="nombre">0 membre/);
      const withdrawn = await db().selectFrom('consents').select('withdrawn_at').where('participant_id', '=', people.bruno!).where('purpose', '=', 'directory').executeTakeFirstOrThrow();
      assert.ok(withdrawn.withdrawn_at);
      assert.ok((await clients.bruno!.get('/reseau')).body.includes(t('network.not_member')), 'having left, he sees nothing either');
      await db().updateTable('directory_profiles').set({ hidden_at: new Date().toISOString() }).where('participant_id', '=', people.amelie!).execute();
      await clients.bruno!.post('/reseau/profil', { shown: 'company', consent: '1' });
      assert.equal((await clients.bruno!.get(`/reseau/membres/${people.amelie}`)).statusCode, 404);
      const actions = await db().selectFrom('audit_log').select('action').where('action', 'like', 'network.%').orderBy('id').execute();
      assert.deepEqual(actions.map((a) => a.action), ['network.joined', 'network.joined', 'network.left', 'network.joined']);
    });
  });
}
