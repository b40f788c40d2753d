import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { participantClient, type StaffClient } from '../../test/staff-session.js';

for (const tier of databaseTiers()) {
  describe(`common projects between members, on ${tier.name}`, () => {
    let app: TestApp;
    let projectId: number;
    const people: Record<string, number> = {};
    const clients: Record<string, StaffClient> = {};
    const db = () => app.database.db;

    before(async () => {
      app = await createTestApp(tier);
      const territoryId = (await buildTerritory(db())).id;
      await buildStaff(db(), { territoryId, role: 'coordinator' });
      for (const [key, first] of [['amelie', 'Amélie'], ['bruno', 'Bruno'], ['chloe', 'Chloé'], ['denis', 'Denis']] as const) {
        people[key] = (await db().insertInto('participants').values({ territory_id: territoryId, email: `${key}@exemple.fr`, first_name: first, last_name: 'M' }).returning('id').executeTakeFirstOrThrow()).id;
        clients[key] = await participantClient(app.app, db(), people[key]!);
        if (key !== 'denis') await clients[key]!.post('/reseau/profil', { shown: 'name', consent: '1' });
      }
    });
    after(() => app.close());

    test('proposing: bad input refused beside the field and kept, nothing written; then published', async () => {
      const bad = await clients.amelie!.post('/reseau/projets/nouveau', { title: '', description: 'Une boutique <i>commune</i>', sectors: ['agriculture', 'peche'], commune: '75056' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="title-erreur"/);
      assert.match(bad.body, /id="sectors-erreur"/);
      assert.match(bad.body, /id="commune-erreur"/);
      assert.match(bad.body, />Une boutique &lt;i>commune&lt;\/i><\/textarea>/);
      assert.equal((await db().selectFrom('network_projects').select('id').execute()).length, 0);
      const ok = await clients.amelie!.post('/reseau/projets/nouveau', { title: 'Un site commun des producteurs', description: 'Vendre nos paniers ensemble.', sectors: ['agriculture', 'commerce'], commune: '62361' });
      assert.equal(ok.statusCode, 303);
      projectId = Number(/\/reseau\/projets\/(\d+)$/.exec(String(ok.headers.location))![1]);
      const list = await clients.bruno!.get('/reseau/projets');
      assert.match(list.body, /Un site commun des producteurs/);
      assert.match(list.body, /Frévent · Agriculture · Commerce/);
      assert.equal((await clients.denis!.get('/reseau/projets')).statusCode, 404, 'not in the directory: nothing');
      assert.equal((await clients.denis!.get(`/reseau/projets/${projectId}`)).statusCode, 404);
    });

    test('others declare interest; only the proposer sees who; the shared conversation leaves out whoever blocked the proposer', async () => {
      const url = `/reseau/projets/${projectId}`;
      assert.equal((await clients.bruno!.post(`${url}/interet`, {}, url)).statusCode, 303);
      assert.equal((await clients.chloe!.post(`${url}/interet`, {}, url)).statusCode, 303);
      assert.equal((await clients.amelie!.post(`${url}/interet`, {}, url)).statusCode, 404, 'not on one’s own project');
      const seenByBruno = await clients.bruno!.get(url);
      assert.match(seenByBruno.body, /Vous êtes intéressé\(e\) par ce projet/);
      assert.match(seenByBruno.body, /2 intéressé\(s\)/);
      assert.doesNotMatch(seenByBruno.body, /Les membres intéressés/);
      const seenByAmelie = await clients.amelie!.get(url);
      assert.match(seenByAmelie.body, /Bruno M/);
      assert.match(seenByAmelie.body, /Chloé M/);
      await clients.chloe!.post(`/reseau/membres/${people.amelie}/bloquer`, {}, `/reseau/membres/${people.amelie}`);
      const empty = await clients.amelie!.post(`${url}/conversation`, { message: '' }, url);
      assert.equal(empty.statusCode, 400);
      // a message refused for what it says (too long, a link in a first message) creates no conversation either (found by the form fuzz)
      for (const message of ['x'.repeat(10_240), 'Voir https://exemple.fr/projet']) {
        assert.equal((await clients.amelie!.post(`${url}/conversation`, { message }, url)).statusCode, 400);
      }
      assert.equal((await db().selectFrom('network_conversations').select('id').where('project_id', '=', projectId).execute()).length, 0, 'refused: no conversation written');
      assert.equal((await db().selectFrom('network_members').select('conversation_id').execute()).length, 0);
      const opened = await clients.amelie!.post(`${url}/conversation`, { message: 'Réunion jeudi à la ferme ?' }, url);
      assert.equal(opened.statusCode, 303);
      const conversation = Number(/conversations\/(\d+)/.exec(String(opened.headers.location))![1]);
      const members = await db().selectFrom('network_members').select('participant_id').where('conversation_id', '=', conversation).orderBy('participant_id').execute();
      assert.deepEqual(members.map((m) => m.participant_id), [people.amelie, people.bruno]);
      assert.match((await clients.bruno!.get(`/reseau/conversations/${conversation}`)).body, /Réunion jeudi à la ferme \?/);
      assert.equal((await clients.chloe!.get(`/reseau/conversations/${conversation}`)).statusCode, 404);
      const mails = await db().selectFrom('outbox').select('recipient').where('kind', '=', 'network.message').execute();
      assert.deepEqual(mails.map((m) => m.recipient), ['bruno@exemple.fr']);
      assert.match((await clients.bruno!.get(url)).body, /La conversation du projet/);
    });

    test('withdrawing interest; a project hidden by the coordination is gone for everyone', async () => {
      const url = `/reseau/projets/${projectId}`;
      await clients.bruno!.post(`${url}/desinteret`, {}, url);
      assert.match((await clients.bruno!.get(url)).body, /Ce projet m’intéresse/);
      await db().updateTable('network_projects').set({ hidden_at: new Date().toISOString() }).where('id', '=', projectId).execute();
      assert.equal((await clients.bruno!.get(url)).statusCode, 404);
      assert.doesNotMatch((await clients.bruno!.get('/reseau/projets')).body, /Un site commun/);
    });
  });
}
