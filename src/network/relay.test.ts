import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { participantClient, StaffClient } from '../../test/staff-session.js';
import { startTestSmtpServer, eventually, type TestSmtpServer } from '../platform/mail/testing.js';
import { startOutboxWorker } from '../platform/mail/worker.js';
import { MAIL_GUARDS } from '../mail-guards.js';
import { NEW_CONTACTS_PER_DAY } from './messages.js';

for (const tier of databaseTiers()) {
  describe(`messages relayed by Boutic between members, on ${tier.name}`, () => {
    let app: TestApp;
    let smtp: TestSmtpServer;
    const people: Record<string, number> = {};
    const clients: Record<string, StaffClient> = {};
    const db = () => app.database.db;
    const messages = async () => (await db().selectFrom('network_messages').select('id').execute()).length;

    before(async () => {
      smtp = await startTestSmtpServer();
      app = await createTestApp(tier, { SMTP_URL: smtp.url, BASE_URL: 'https://ateliers.example.fr' });
      const territoryId = (await buildTerritory(db())).id;
      await buildStaff(db(), { territoryId, role: 'coordinator' });
      for (const [key, first, last] of [['amelie', 'Amélie', 'Fontaine'], ['bruno', 'Bruno', 'Caron'], ['chloe', 'Chloé', 'Lemaire'], ['denis', 'Denis', 'Roux']] as const) {
        people[key] = (await db().insertInto('participants').values({ territory_id: territoryId, email: `${key}@exemple.fr`, first_name: first, last_name: last }).returning('id').executeTakeFirstOrThrow()).id;
        clients[key] = await participantClient(app.app, db(), people[key]!);
        if (key !== 'denis') assert.equal((await clients[key]!.post('/reseau/profil', { shown: 'name', consent: '1' })).statusCode, 303);
      }
    });
    after(async () => {
      await app.close();
      await smtp.stop();
    });

    test('a first message: no link, not empty; sent, the recipient mailed without the sender’s address, with a link that signs in straight to the conversation', async () => {
      const url = `/reseau/membres/${people.bruno}`;
      const link = await clients.amelie!.post(`${url}/message`, { message: 'Voyez https://evil.example/x' }, url);
      assert.equal(link.statusCode, 400);
      assert.match(link.body, /id="message-erreur">Un premier message ne peut pas contenir de lien/);
      assert.match(link.body, />Voyez https:\/\/evil\.example\/x<\/textarea>/, 'what was typed is kept');
      assert.match((await clients.amelie!.post(`${url}/message`, { message: '   ' }, url)).body, /id="message-erreur">Écrivez votre message/);
      assert.equal(await messages(), 0);

      const sent = await clients.amelie!.post(`${url}/message`, { message: 'Bonjour, <b>je vends</b> des œufs : on en parle ?' }, url);
      assert.equal(sent.statusCode, 303);
      const conversation = Number(/conversations\/(\d+)/.exec(String(sent.headers.location))![1]);
      const worker = startOutboxWorker({ database: app.database, config: app.config, logger: pino({ level: 'silent' }), guards: MAIL_GUARDS, autoStart: false });
      try {
        await worker.runOnce();
        await eventually(() => smtp.received.length >= 1);
      } finally {
        await worker.stop();
      }
      const mail = smtp.received[0]!;
      assert.deepEqual(mail.envelope.to, ['bruno@exemple.fr']);
      assert.equal(mail.mail.subject, 'Amélie Fontaine vous écrit via l’annuaire du programme');
      assert.match(mail.mail.text ?? '', /Bonjour, <b>je vends<\/b> des œufs : on en parle \?/, 'the text as typed, in the text version');
      assert.doesNotMatch(String(mail.mail.html), /<b>je vends/, 'escaped in the HTML version');
      assert.doesNotMatch(`${mail.mail.text}${mail.mail.html}${JSON.stringify(mail.mail.replyTo ?? '')}`, /amelie@exemple\.fr/, 'never the sender’s address');
      const answer = new RegExp(`https://ateliers\\.example\\.fr(/mes-inscriptions/acces\\?jeton=[^\\s"&]+&suite=%2Freseau%2Fconversations%2F${conversation})`).exec(mail.mail.text ?? '');
      assert.ok(answer, 'a link that signs in');
      const fresh = new StaffClient(app.app);
      const landed = await fresh.get(answer[1]!);
      assert.equal(landed.headers.location, `/reseau/conversations/${conversation}`);
      const page = await fresh.get(`/reseau/conversations/${conversation}`);
      assert.match(page.body, /Bonjour, &lt;b>je vends&lt;\/b> des œufs/);
      assert.match(page.body, /Adresse e-mail visible quand vous aurez tous deux écrit/);
      assert.doesNotMatch(page.body, /amelie@exemple\.fr/);
    });

    test('the recipient answers: from then on both see each other’s address, and links are allowed', async () => {
      const { id } = await db().selectFrom('network_conversations').select('id').executeTakeFirstOrThrow();
      const url = `/reseau/conversations/${id}`;
      assert.equal((await clients.bruno!.post(url, { message: 'Avec plaisir : https://epicerie.example.fr' })).statusCode, 303);
      assert.match((await clients.amelie!.get(url)).body, /Adresse e-mail : bruno@exemple\.fr/);
      assert.match((await clients.bruno!.get(url)).body, /Adresse e-mail : amelie@exemple\.fr/);
      assert.doesNotMatch((await clients.amelie!.get(url)).body, /<a href="https:\/\/epicerie/, 'a link in a message is text, never made clickable');
      assert.equal((await clients.chloe!.get(url)).statusCode, 404, 'not a member of this conversation');
      const list = await clients.amelie!.get('/reseau/conversations');
      assert.match(list.body, new RegExp(`<a href="${url}">Avec Bruno Caron</a>`));
      assert.match((await clients.chloe!.get('/reseau/conversations')).body, /Aucune conversation pour l’instant/);
      assert.equal((await clients.chloe!.post(url, { message: 'intrus' }, `/reseau/membres/${people.amelie}`)).statusCode, 404);
    });

    test('blocking: no message either way; a report reaches the coordination; someone outside the directory cannot write', async () => {
      await clients.chloe!.post(`/reseau/membres/${people.amelie}/bloquer`, {}, `/reseau/membres/${people.amelie}`);
      const before = await messages();
      const url = `/reseau/membres/${people.chloe}`;
      const refused = await clients.amelie!.post(`${url}/message`, { message: 'Bonjour Chloé' }, url);
      assert.match(refused.body, /Vous ne pouvez pas écrire à ce membre/);
      const back = `/reseau/membres/${people.amelie}`;
      assert.match((await clients.chloe!.get(back)).body, /Ce membre est bloqué/);
      assert.equal(await messages(), before);
      const reported = await clients.chloe!.post('/reseau/signaler', { kind: 'profile', id: String(people.amelie), [`raison-profile-${people.amelie}`]: 'Démarchage insistant' }, back);
      assert.equal(reported.headers.location, `${back}?signale=1`);
      const empty = await clients.chloe!.post('/reseau/signaler', { kind: 'profile', id: String(people.amelie), [`raison-profile-${people.amelie}`]: '' }, back);
      assert.equal(empty.statusCode, 400);
      const reports = await db().selectFrom('network_reports').select(['target_kind', 'target_id', 'reason']).execute();
      assert.deepEqual(reports, [{ target_kind: 'profile', target_id: people.amelie, reason: 'Démarchage insistant' }]);
      const outsider = await clients.denis!.post(`/reseau/membres/${people.bruno}/message`, { message: 'Bonjour' }, '/mes-inscriptions');
      assert.equal(outsider.statusCode, 404);
    });

    test(`a flood: at most ${NEW_CONTACTS_PER_DAY} new people a day per sender, refused beside the field with nothing written`, async () => {
      const db0 = db();
      const territoryId = (await db0.selectFrom('territories').select('id').executeTakeFirstOrThrow()).id;
      const targets: number[] = [];
      for (let i = 0; i < NEW_CONTACTS_PER_DAY + 1; i++) {
        const id = (await db0.insertInto('participants').values({ territory_id: territoryId, email: `cible${i}@exemple.fr`, first_name: `Cible${i}`, last_name: 'X' }).returning('id').executeTakeFirstOrThrow()).id;
        await db0.insertInto('directory_profiles').values({ territory_id: territoryId, participant_id: id, show_name: 1 }).execute();
        targets.push(id);
      }
      let refused = 0;
      for (const id of targets) {
        const url = `/reseau/membres/${id}`;
        const res = await clients.bruno!.post(`${url}/message`, { message: 'Bonjour, je me présente.' }, url);
        if (res.statusCode === 400) {
          refused++;
          assert.match(res.body, /id="message-erreur">Vous avez déjà écrit à 5 nouveaux membres aujourd’hui/);
        }
      }
      assert.equal(refused, 1, 'five new people, then the sixth refused (answering Amélie did not count: she wrote first)');
      assert.equal((await db0.selectFrom('network_conversations').select('id').where('created_by', '=', people.bruno!).execute()).length, NEW_CONTACTS_PER_DAY);
    });
  });
}
