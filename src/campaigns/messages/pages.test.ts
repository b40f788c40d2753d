import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenueWith, buildWorkshop } from '../../../test/factories.js';
import { emailHash } from '../unsubscribe.js';
import { StaffClient } from '../../../test/staff-session.js';

for (const tier of databaseTiers()) {
  describe(`the campaign pages, on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let territoryId: number;
    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      territoryId = (await buildTerritory(db)).id;
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      coordinator = await new StaffClient(t.app).logIn(coord.email, coord.password);
      for (const [email, sector] of [['ferme@example.fr', 'agriculture'], ['boutique@example.fr', 'commerce']] as const) {
        await db.insertInto('contacts').values({ territory_id: territoryId, email, sector, lawful_basis: 'interet_legitime', source: 'cci.csv' }).execute();
      }
    });
    after(() => t.close());

    const count = async (table: 'campaigns' | 'outbox') => (await t.database.db.selectFrom(table).select('id').execute()).length;

    test('compose: bad input is refused beside the field and kept; a draft is saved with its reference; edit it', async () => {
      const bad = await coordinator.post('/equipe/campagnes/nouvelle', { name: '', subject: 'Les ateliers', body: 'Bonjour <b>toi</b>', per_minute: '0', audience: 'tous', sectors: 'pêche' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="name-erreur"/);
      assert.match(bad.body, /id="per_minute-erreur">Indiquez un nombre entier de 1 à 10 000/);
      assert.match(bad.body, /Bonjour &lt;b>toi&lt;\/b>/);
      assert.equal(await count('campaigns'), 0);
      const ok = await coordinator.post('/equipe/campagnes/nouvelle', { name: 'Rentrée des agriculteurs', subject: 'Les ateliers reprennent', body: 'Bonjour {prénom},\n\nÀ bientôt.', per_minute: '30', audience: 'all', sectors: 'agriculture' });
      assert.equal(ok.statusCode, 303);
      const row = await t.database.db.selectFrom('campaigns').select(['id', 'ref', 'status', 'segment']).executeTakeFirstOrThrow();
      assert.equal(ok.headers.location, `/equipe/campagnes/${row.id}`);
      assert.equal(row.ref, `rentree-des-agriculteurs-${row.id}`);
      assert.equal(row.status, 'draft');
      assert.deepEqual(JSON.parse(row.segment).sectors, ['agriculture']);
      const page = await coordinator.get(`/equipe/campagnes/${row.id}`);
      assert.match(page.body, /<dt>Destinataires à ce jour<\/dt><dd>1<\/dd>/);
      assert.match(page.body, /Référence des liens : rentree-des-agriculteurs-\d+/);
      assert.match(page.body, /Ne plus recevoir ces messages, en un clic/);
      const edited = await coordinator.post(`/equipe/campagnes/${row.id}/modifier`, { name: 'Rentrée des agriculteurs', subject: 'Les ateliers reprennent', body: 'Bonjour.', per_minute: '30', audience: 'all' }, `/equipe/campagnes/${row.id}/modifier`);
      assert.equal(edited.statusCode, 303);
      assert.match((await coordinator.get(`/equipe/campagnes/${row.id}`)).body, /<dt>Destinataires à ce jour<\/dt><dd>2<\/dd>/, 'no sector: both contacts');
    });

    test('a test to oneself, then the send: confirmation required, a past date refused, then queued once; progress and stop', async () => {
      const db = t.database.db;
      const { id } = await db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow();
      const url = `/equipe/campagnes/${id}`;
      assert.equal((await coordinator.post(`${url}/test`, {}, url)).statusCode, 303);
      const test = await db.selectFrom('outbox').select(['kind', 'payload']).where('kind', '=', 'campaign.test').executeTakeFirstOrThrow();
      assert.match(JSON.parse(test.payload).subject, /^\[TEST\] /);
      const unconfirmed = await coordinator.post(`${url}/envoyer`, {}, url);
      assert.equal(unconfirmed.statusCode, 400);
      assert.match(unconfirmed.body, /Cochez la case pour confirmer l’envoi/);
      const past = await coordinator.post(`${url}/envoyer`, { date: '2020-01-01', time: '09:00', confirm: '1' }, url);
      assert.match(past.body, /Cette date est passée/);
      assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'campaign').execute()).length, 0, 'nothing queued');
      const sent = await coordinator.post(`${url}/envoyer`, { confirm: '1' }, url);
      assert.equal(sent.statusCode, 303);
      assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'campaign').execute()).length, 2);
      const page = await coordinator.get(url);
      assert.match(page.body, /envoi en cours/);
      assert.match(page.body, /<progress max="2" value="0"/);
      assert.match(page.body, /0 envoyés, 0 en échec, 0 écartés \(désinscrits\), 2 restants/);
      const json = JSON.parse((await coordinator.get(`${url}/progression.json`)).body);
      assert.deepEqual({ total: json.total, remaining: json.remaining }, { total: 2, remaining: 2 });
      // sending twice (a second tab): refused, nothing more queued
      const twice = await coordinator.post(`${url}/envoyer`, { confirm: '1' }, `/equipe/campagnes`);
      assert.ok([303, 400, 404].includes(twice.statusCode));
      assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'campaign').execute()).length, 2);
      assert.equal((await coordinator.post(`${url}/annuler`, {}, url)).statusCode, 303);
      assert.match((await coordinator.get(url)).body, /annulée/);
      assert.match((await coordinator.get('/equipe/campagnes')).body, /Rentrée des agriculteurs/);
    });

    test('a segment by communes: ticked boxes kept on an error, an unknown commune refused, the choice saved and shown again', async () => {
      const db = t.database.db;
      await db.insertInto('contacts').values({ territory_id: territoryId, email: 'pernes@example.fr', commune_code: '62652', lawful_basis: 'interet_legitime', source: 'cci.csv' }).execute();
      const form = await coordinator.get('/equipe/campagnes/nouvelle');
      assert.match(form.body, /<summary>Choisir des communes \(toutes par défaut, 103 au total\)<\/summary>/);
      const bad = await coordinator.post('/equipe/campagnes/nouvelle', { name: '', subject: 'Pernes', body: 'Bonjour', per_minute: '30', audience: 'all', communes: ['62652', '62361'] });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<details class="choice-list" open><summary>Communes choisies : 2<\/summary>/);
      assert.match(bad.body, /id="communes-62652" name="communes" value="62652" checked/);
      const unknown = await coordinator.post('/equipe/campagnes/nouvelle', { name: 'Pernes', subject: 'Pernes', body: 'Bonjour', per_minute: '30', audience: 'all', communes: ['75056'] });
      assert.match(unknown.body, /id="communes-erreur"/);
      assert.equal((await db.selectFrom('campaigns').select('id').where('name', '=', 'Pernes').execute()).length, 0, 'nothing saved');
      const ok = await coordinator.post('/equipe/campagnes/nouvelle', { name: 'Pernes', subject: 'Pernes', body: 'Bonjour', per_minute: '30', audience: 'all', communes: '62652' });
      assert.equal(ok.statusCode, 303);
      const page = await coordinator.get(ok.headers.location as string);
      assert.match(page.body, /<dt>Destinataires à ce jour<\/dt><dd>1<\/dd>/, 'the Pernes contact only');
      assert.match((await coordinator.get(`${ok.headers.location}/modifier`)).body, /id="communes-62652" name="communes" value="62652" checked/);
    });

    test('preview as a given contact: their first name, the sessions nearest their commune, whether they are in the segment; an unknown address kept with its message', async () => {
      const db = t.database.db;
      const workshop = await buildWorkshop(db, { territoryId, title: 'Créer son site' });
      const cycle = await buildCycle(db, { territoryId });
      const saintPol = await buildVenueWith(db, { territoryId, commune_code: '62767', name: 'Cybercentre de Saint-Pol' });
      const frevent = await buildVenueWith(db, { territoryId, commune_code: '62361', name: 'Médiathèque de Frévent' });
      for (let day = 2; day <= 6; day++) await buildSession(db, { territoryId, workshopId: workshop.id, cycleId: cycle.id, venueId: saintPol.id, startsAt: new Date(Date.now() + day * 86400_000) });
      await buildSession(db, { territoryId, workshopId: workshop.id, cycleId: cycle.id, venueId: frevent.id, startsAt: new Date(Date.now() + 20 * 86400_000) });
      await db.insertInto('contacts').values({ territory_id: territoryId, email: 'Fanny.Ferme@example.fr', first_name: 'Fanny', commune_code: '62361', sector: 'agriculture', lawful_basis: 'consentement', source: 'salon' }).execute();
      await db.insertInto('contacts').values({ territory_id: territoryId, email: 'gaston@example.fr', first_name: 'Gaston', commune_code: '62767', sector: 'commerce', lawful_basis: 'consentement', source: 'salon' }).execute();
      const ok = await coordinator.post('/equipe/campagnes/nouvelle', { name: 'Agriculteurs du sud', subject: 'Les ateliers près de chez vous', body: 'Bonjour {prénom},\n\nÀ bientôt.', per_minute: '30', audience: 'all', sectors: 'agriculture' });
      const url = ok.headers.location as string;

      const fanny = await coordinator.get(`${url}?contact=${encodeURIComponent(' fanny.ferme@EXAMPLE.fr ')}`);
      assert.equal(fanny.statusCode, 200);
      assert.match(fanny.body, /Aperçu \(version texte\) pour Fanny\.Ferme@example\.fr/);
      assert.match(fanny.body, /Bonjour Fanny,/);
      assert.match(fanny.body, /Médiathèque de Frévent/, 'the session in her commune, though the latest');
      assert.match(fanny.body, /id="apercu-statut">Ce contact fait partie des destinataires/);
      assert.match(fanny.body, /Vous le recevez parce que vous avez accepté/, 'her lawful basis: consent');

      const gaston = await coordinator.get(`${url}?contact=gaston%40example.fr`);
      assert.match(gaston.body, /Bonjour Gaston,/);
      assert.doesNotMatch(gaston.body, /Médiathèque de Frévent/, 'five sessions in his own commune come first');
      assert.match(gaston.body, /ne fait pas partie des destinataires de cette campagne/);

      await db.insertInto('unsubscribes').values({ territory_id: territoryId, email_hash: emailHash('gaston@example.fr') }).execute();
      assert.match((await coordinator.get(`${url}?contact=gaston%40example.fr`)).body, /Ce contact s’est désinscrit/);

      const unknown = await coordinator.get(`${url}?contact=${encodeURIComponent('"><script>alert(1)</script>@x.fr')}`);
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /id="contact-erreur">Aucun contact du territoire n’a cette adresse/);
      assert.match(unknown.body, /value="&quot;>&lt;script>alert\(1\)&lt;\/script>@x\.fr"/);
      assert.doesNotMatch(unknown.body, /<script>alert/);
      assert.match(unknown.body, /Aperçu \(version texte, pour vous\)/, 'the preview falls back to the coordinator');
    });

    test('only the coordination: others get 404, visitors the login page; another territory’s campaign is a 404', async () => {
      const db = t.database.db;
      const { id } = await db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow();
      for (const role of ['facilitator', 'partner', 'elected'] as const) {
        const staff = await buildStaff(db, { territoryId, role });
        const client = await new StaffClient(t.app).logIn(staff.email, staff.password);
        for (const url of ['/equipe/campagnes', '/equipe/campagnes/nouvelle', `/equipe/campagnes/${id}`, `/equipe/campagnes/${id}/progression.json`]) assert.equal((await client.get(url)).statusCode, 404, `${role} ${url}`);
        assert.equal((await client.post(`/equipe/campagnes/${id}/annuler`, {}, '/equipe')).statusCode, 404);
      }
      assert.equal((await t.app.inject({ url: '/equipe/campagnes' })).statusCode, 303);
      const other = (await buildTerritory(db)).id;
      const theirs = await db.insertInto('campaigns').values({ territory_id: other, name: 'x', ref: 'x-1', subject: 's', body: 'b', segment: '{}' }).returning('id').executeTakeFirstOrThrow();
      assert.equal((await coordinator.get(`/equipe/campagnes/${theirs.id}`)).statusCode, 404);
      assert.equal((await coordinator.post(`/equipe/campagnes/${theirs.id}/envoyer`, { confirm: '1' }, '/equipe/campagnes')).statusCode, 404);
    });
  });
}
