import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff } from '../../test/factories.js';
import { participantClient, StaffClient } from '../../test/staff-session.js';
import { buildPersonEverywhere, SECRETS } from './testing.js';
import { findAnywhere } from './schema-scan.js';
import { isUnsubscribed } from '../campaigns/unsubscribe.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

for (const tier of databaseTiers()) {
  describe(`« Mes données » and the coordination’s person page, on ${tier.name}`, () => {
    let app: TestApp;
    let fx: Awaited<ReturnType<typeof buildPersonEverywhere>>;
    const staff: Record<string, StaffClient> = {};
    const db = () => app.database.db;

    before(async () => {
      app = await createTestApp(tier);
      fx = await buildPersonEverywhere(db());
      for (const role of ['coordinator', 'administrator', 'facilitator', 'partner', 'elected'] as const) {
        const s = await buildStaff(db(), { territoryId: fx.territoryId, role });
        staff[role] = await new StaffClient(app.app).logIn(s.email, s.password);
      }
      // a coordinator of another territory
      const elsewhere = (await db().insertInto('territories').values({ slug: 'ailleurs', name: 'Ailleurs' }).returning('id').executeTakeFirstOrThrow()).id;
      const s = await buildStaff(db(), { territoryId: elsewhere, role: 'coordinator' });
      staff.elsewhere = await StaffClient.withSession(app.app, db(), s.id); // it cannot sign in on this territory's host
    });
    after(() => app.close());

    test('the leader sees what is held and their consents, downloads JSON and a standalone HTML page', async () => {
      const me = await participantClient(app.app, db(), fx.participantId);
      const page = await me.get('/mes-inscriptions/donnees');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1[^>]*>Mes données<\/h1>/);
      assert.match(page.body, /Zéphyrine Quillebœuf/);
      assert.match(page.body, /<caption>Vos consentements|<caption>Ce que vous avez accepté/);
      assert.match(page.body, /Figurer dans l’annuaire/);
      assert.match(page.body, /news-v1/);
      assert.match(page.body, /\d{1,2} [a-zéû]+ \d{4}/, 'dates in French');
      assert.match(page.body, /Messages écrits/);
      const account = await me.get('/mes-inscriptions');
      assert.match(account.body, /href="\/mes-inscriptions\/donnees"/, '« Mes inscriptions » links to it');

      const jsonRes = await me.get('/mes-inscriptions/donnees.json');
      assert.equal(jsonRes.statusCode, 200);
      assert.match(String(jsonRes.headers['content-disposition']), /^attachment; filename="mes-donnees\.json"/);
      const data = JSON.parse(jsonRes.body);
      assert.equal(data.participant_id, fx.participantId);
      assert.equal(data.tables.network_messages[0].body, SECRETS.texts[4]);

      const html = await me.get('/mes-inscriptions/donnees.html');
      assert.equal(html.statusCode, 200);
      assert.match(String(html.headers['content-type']), /^text\/html/);
      assert.match(String(html.headers['content-disposition']), /^attachment; filename="mes-donnees\.html"/);
      assert.match(html.body, /^<!DOCTYPE html><html lang="fr">/);
      assert.doesNotMatch(html.body, /<link|<script/, 'standalone');
      assert.match(html.body, /Quillebœuf/);
      assert.match(html.body, /XQZPROJECT/);
      assert.ok((html.body.match(/<caption>/g) ?? []).length >= 20, 'a captioned table per area');
    });

    test('another leader cannot withdraw their consent (404); they withdraw their own, the directory profile is left', async () => {
      const other = await participantClient(app.app, db(), fx.otherId);
      const consent = await db().selectFrom('consents').select('id').where('participant_id', '=', fx.participantId).where('purpose', '=', 'directory').executeTakeFirstOrThrow();
      const stolen = await other.post(`/mes-inscriptions/donnees/consentements/${consent.id}/retrait`, {}, '/mes-inscriptions/donnees');
      assert.equal(stolen.statusCode, 404);
      assert.equal((await db().selectFrom('consents').select('withdrawn_at').where('id', '=', consent.id).executeTakeFirstOrThrow()).withdrawn_at, null);
      const me = await participantClient(app.app, db(), fx.participantId);
      const res = await me.post(`/mes-inscriptions/donnees/consentements/${consent.id}/retrait`, {}, '/mes-inscriptions/donnees');
      assert.equal(res.statusCode, 303);
      assert.ok((await db().selectFrom('consents').select('withdrawn_at').where('id', '=', consent.id).executeTakeFirstOrThrow()).withdrawn_at);
      assert.ok((await db().selectFrom('directory_profiles').select('left_at').where('participant_id', '=', fx.participantId).executeTakeFirstOrThrow()).left_at);
      const page = await me.get('/mes-inscriptions/donnees?retire=1');
      assert.match(page.body, /Votre consentement est retiré/);
      // withdrawing twice changes nothing
      assert.equal((await me.post(`/mes-inscriptions/donnees/consentements/${consent.id}/retrait`, {}, '/mes-inscriptions/donnees')).statusCode, 303);
      assert.equal((await db().selectFrom('audit_log').select('id').where('action', '=', 'consent.withdrawn').execute()).length, 1);
      // the news: the campaigns' unsubscribe list gets the address (the fixture has one already: take the other leader)
      await db().insertInto('consents').values({ participant_id: fx.otherId, purpose: 'programme_news', text_version: 'news-v1', given_at: new Date().toISOString() }).execute();
      const news = await db().selectFrom('consents').select('id').where('participant_id', '=', fx.otherId).where('purpose', '=', 'programme_news').executeTakeFirstOrThrow();
      assert.equal(await isUnsubscribed(db(), fx.territoryId, 'paul.martin@garage-exemple.fr'), false);
      assert.equal((await other.post(`/mes-inscriptions/donnees/consentements/${news.id}/retrait`, {}, '/mes-inscriptions/donnees')).statusCode, 303);
      assert.equal(await isUnsubscribed(db(), fx.territoryId, 'paul.martin@garage-exemple.fr'), true);
    });

    test('staff other than the territory’s coordinators and administrators get 404 on every person route; a visitor is sent to sign in', async () => {
      const routes = [`/equipe/personnes?q=quill`, `/equipe/personnes/${fx.participantId}`, `/equipe/personnes/${fx.participantId}/donnees.json`];
      let checked = 0;
      for (const url of routes) {
        const res = await staff.elsewhere!.get(url);
        assert.equal(res.headers.location, '/equipe/connexion', `another territory’s coordinator is signed out here: ${url}`);
        checked++;
      }
      const erase = await staff.elsewhere!.post(`/equipe/personnes/${fx.participantId}/effacement`, { requested_on: isoDay(new Date()), channel: 'courriel' }, '/equipe/connexion');
      assert.equal(erase.headers.location, '/equipe/connexion', 'another territory’s coordinator erase');
      checked++;
      for (const who of ['facilitator', 'partner', 'elected']) {
        for (const url of routes) {
          assert.equal((await staff[who]!.get(url)).statusCode, 404, `${who} ${url}`);
          checked++;
        }
        const post = await staff[who]!.post(`/equipe/personnes/${fx.participantId}/effacement`, { requested_on: isoDay(new Date()), channel: 'courriel' }, '/equipe');
        assert.equal(post.statusCode, 404, `${who} erase`);
        checked++;
      }
      const visitor = new StaffClient(app.app);
      for (const url of routes) assert.equal((await visitor.get(url)).statusCode, 303);
      for (const url of ['/mes-inscriptions/donnees', '/mes-inscriptions/donnees.json', '/mes-inscriptions/donnees.html', '/mes-inscriptions/donnees/effacement']) {
        const res = await visitor.get(url);
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/mes-inscriptions/lien');
        checked++;
      }
      assert.equal(checked, 20);
      assert.equal((await db().selectFrom('participants').select('anonymised_at').where('id', '=', fx.participantId).executeTakeFirstOrThrow()).anonymised_at, null, 'nothing erased');
      assert.equal((await db().selectFrom('audit_log').select('id').where('action', '=', 'participant.exported').execute()).length, 0, 'nothing exported');
      // an administrator of the territory may
      assert.equal((await staff.administrator!.get(`/equipe/personnes/${fx.participantId}`)).statusCode, 200);
    });

    test('the coordinator finds the person, exports their data (audited), and erases on request: errors beside the fields, values kept, then audited with date and channel', async () => {
      const c = staff.coordinator!;
      const search = await c.get('/equipe/personnes?q=quilleb');
      assert.equal(search.statusCode, 200);
      assert.match(search.body, new RegExp(`href="/equipe/personnes/${fx.participantId}"`));
      assert.doesNotMatch(search.body, /Paul Martin/);
      assert.match((await c.get('/equipe/personnes?q=PAUL')).body, /Paul Martin/, 'case-insensitive');
      assert.match((await c.get('/equipe/personnes?q=%25%25')).body, /Personne ne correspond/, 'a wildcard is a character');

      const exported = await c.get(`/equipe/personnes/${fx.participantId}/donnees.json`);
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers['content-disposition']), /^attachment/);
      assert.equal(JSON.parse(exported.body).tables.participants[0].email, SECRETS.email);
      const exportLog = await db().selectFrom('audit_log').select(['actor', 'subject', 'details']).where('action', '=', 'participant.exported').execute();
      assert.equal(exportLog.length, 1);
      assert.equal(exportLog[0]!.subject, `participant:${fx.participantId}`);

      const url = `/equipe/personnes/${fx.participantId}`;
      const tomorrow = isoDay(new Date(Date.now() + 2 * 86400_000));
      const inputs: Array<[Record<string, string>, RegExp]> = [
        [{ requested_on: tomorrow, channel: 'courriel' }, /Indiquez la date de la demande/],
        [{ requested_on: 'hier', channel: 'courriel' }, /Indiquez la date de la demande/],
        [{ requested_on: '2026-02-30', channel: 'courriel' }, /Indiquez la date de la demande/],
        [{ requested_on: '2026-11-01', channel: 'pigeon' }, /Choisissez comment la demande est arrivée/],
        [{ requested_on: '2026-11-01' }, /Choisissez comment la demande est arrivée/],
      ];
      for (const [fields, message] of inputs) {
        const res = await c.post(`${url}/effacement`, fields, url);
        assert.equal(res.statusCode, 400, JSON.stringify(fields));
        assert.match(res.body, message);
        if (fields.requested_on) assert.match(res.body, new RegExp(`value="${fields.requested_on}"`), 'value kept');
      }
      assert.equal((await db().selectFrom('participants').select('anonymised_at').where('id', '=', fx.participantId).executeTakeFirstOrThrow()).anonymised_at, null);

      const done = await c.post(`${url}/effacement`, { requested_on: '2026-11-20', channel: 'courrier' }, url);
      assert.equal(done.statusCode, 303);
      const page = await c.get(String(done.headers.location));
      assert.match(page.body, /Les données de la personne sont effacées/);
      assert.match(page.body, /Personne anonymisée le/);
      assert.doesNotMatch(page.body, /<form[^>]+effacement/, 'no second erasure form');
      const log = await db().selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'participant.erased').execute();
      assert.equal(log.length, 1);
      assert.match(log[0]!.actor, /^staff:\d+$/);
      assert.deepEqual(JSON.parse(log[0]!.details!), { reason: 'staff_request', requestedOn: '2026-11-20', channel: 'courrier' });
      assert.deepEqual(await findAnywhere(db(), [SECRETS.email, SECRETS.last]), []);
      assert.doesNotMatch((await c.get('/equipe/personnes?q=quilleb')).body, /Quillebœuf/);
    });
  });

  describe(`a leader erases their own data, on ${tier.name}`, () => {
    test('a confirmation step (nothing erased without the box), then erased, signed out, and told in French', async () => {
      const app = await createTestApp(tier);
      try {
        const db = app.database.db;
        const fx = await buildPersonEverywhere(db);
        await buildStaff(db, { territoryId: fx.territoryId }); // past the set-up
        const me = await participantClient(app.app, db, fx.participantId);
        const confirm = await me.get('/mes-inscriptions/donnees/effacement');
        assert.equal(confirm.statusCode, 200);
        assert.match(confirm.body, /Ce qui est effacé/);
        assert.match(confirm.body, /Ce qui reste, sans votre nom/);
        assert.match(confirm.body, /pensez à les annuler/, 'an upcoming registration is pointed out');
        const refused = await me.post('/mes-inscriptions/donnees/effacement', {}, '/mes-inscriptions/donnees/effacement');
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, /Cochez cette case pour confirmer/);
        assert.equal((await db.selectFrom('participants').select('anonymised_at').where('id', '=', fx.participantId).executeTakeFirstOrThrow()).anonymised_at, null);

        const erased = await me.post('/mes-inscriptions/donnees/effacement', { confirm: '1' }, '/mes-inscriptions/donnees/effacement');
        assert.equal(erased.statusCode, 200);
        assert.match(erased.body, /Vos données sont effacées/);
        assert.ok((erased.cookies as Array<{ name: string; value: string }>).some((k) => k.name === 'boutic_inscrit' && k.value === ''), 'the cookie is cleared');
        assert.deepEqual(await findAnywhere(db, [SECRETS.first, SECRETS.last, SECRETS.email, SECRETS.phone, ...SECRETS.texts]), []);
        const log = await db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'participant.erased').executeTakeFirstOrThrow();
        assert.deepEqual(log, { actor: `participant:${fx.participantId}`, details: JSON.stringify({ reason: 'own_request' }) });
        // the old session no longer opens anything
        const after = await me.get('/mes-inscriptions/donnees');
        assert.equal(after.statusCode, 303);
        assert.equal(after.headers.location, '/mes-inscriptions/lien');
      } finally {
        await app.close();
      }
    });
  });
}
