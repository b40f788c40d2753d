import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { participantClient, StaffClient } from '../../test/staff-session.js';

const [sqlite] = databaseTiers();

/**
 * Nobody outside the directory sees anything of it: every route of the directory, for a visitor,
 * a staff member (staff are not leaders), a leader not in it, one who left, one hidden by the
 * coordination — against a member who sees the same pages. Every page named with a real id.
 */
describe('the directory’s routes, for everyone outside it', () => {
  let app: TestApp;
  const people: Record<string, number> = {};
  const clients: Record<string, StaffClient> = {};
  let ids: { project: number; conversation: number; message: number };
  const db = () => app.database.db;

  before(async () => {
    app = await createTestApp(sqlite!);
    const territoryId = (await buildTerritory(db())).id;
    const coord = await buildStaff(db(), { territoryId, role: 'coordinator' });
    clients.staff = await new StaffClient(app.app).logIn(coord.email, coord.password);
    clients.visitor = new StaffClient(app.app);
    for (const key of ['amelie', 'bruno', 'outsider', 'gone', 'hidden']) {
      people[key] = (await db().insertInto('participants').values({ territory_id: territoryId, email: `${key}@exemple.fr`, first_name: key, last_name: 'M' }).returning('id').executeTakeFirstOrThrow()).id;
      clients[key] = await participantClient(app.app, db(), people[key]!);
      if (key !== 'outsider') await clients[key]!.post('/reseau/profil', { shown: 'name', consent: '1' });
    }
    await clients.gone!.post('/reseau/quitter', {}, '/reseau/profil');
    await db().updateTable('directory_profiles').set({ hidden_at: new Date().toISOString() }).where('participant_id', '=', people.hidden!).execute();
    const url = `/reseau/membres/${people.bruno}`;
    const sent = await clients.amelie!.post(`${url}/message`, { message: 'Bonjour' }, url);
    const conversation = Number(/conversations\/(\d+)/.exec(String(sent.headers.location))![1]);
    const proposed = await clients.amelie!.post('/reseau/projets/nouveau', { title: 'Projet', description: 'Ensemble' });
    const project = Number(/projets\/(\d+)/.exec(String(proposed.headers.location))![1]);
    const message = (await db().selectFrom('network_messages').select('id').executeTakeFirstOrThrow()).id;
    ids = { project, conversation, message };
  });
  after(() => app.close());

  const pages = () => [
    `/reseau/membres/${people.amelie}`,
    `/reseau/conversations/${ids.conversation}`,
    `/reseau/projets`,
    `/reseau/projets/nouveau`,
    `/reseau/projets/${ids.project}`,
  ];
  const posts = () => [
    [`/reseau/membres/${people.amelie}/message`, { message: 'Bonjour' }],
    [`/reseau/membres/${people.amelie}/bloquer`, {}],
    [`/reseau/conversations/${ids.conversation}`, { message: 'intrus' }],
    [`/reseau/projets/nouveau`, { title: 'T', description: 'D' }],
    [`/reseau/projets/${ids.project}/interet`, {}],
    [`/reseau/projets/${ids.project}/conversation`, { message: 'M' }],
    ['/reseau/signaler', { kind: 'message', id: String(ids.message), [`raison-message-${ids.message}`]: 'R' }],
  ] as const;

  test('a member (Bruno) reaches every page: the reference the others are compared with', async () => {
    for (const url of pages()) assert.equal((await clients.bruno!.get(url)).statusCode, 200, url);
  });

  test('a visitor and a staff member: sent to the leaders’ sign-in page, nothing written', async () => {
    const before = await db().selectFrom('network_messages').select('id').execute();
    for (const who of ['visitor', 'staff']) {
      for (const url of ['/reseau', ...pages()]) {
        const res = await clients[who]!.get(url);
        assert.equal(res.statusCode, 303, `${who} ${url}`);
        assert.equal(res.headers.location, '/mes-inscriptions/lien');
      }
    }
    assert.deepEqual(await db().selectFrom('network_messages').select('id').execute(), before);
  });

  test('a leader not in the directory, one who left, one hidden: the invitation page, and 404 everywhere else; nothing written', async () => {
    const counts = async () => Promise.all(['network_messages', 'network_projects', 'network_interests', 'network_reports', 'network_blocks'].map(async (table) => (await db().selectFrom(table as 'network_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
    const before = await counts();
    for (const who of ['outsider', 'gone', 'hidden']) {
      const home = await clients[who]!.get('/reseau');
      assert.equal(home.statusCode, 200);
      assert.doesNotMatch(home.body, /amelie M|bruno M/, `${who} sees no member`);
      for (const url of pages()) assert.equal((await clients[who]!.get(url)).statusCode, 404, `${who} GET ${url}`);
      for (const [url, fields] of posts()) assert.equal((await clients[who]!.post(url, fields as Record<string, string>, '/reseau/profil')).statusCode, 404, `${who} POST ${url}`);
    }
    assert.deepEqual(await counts(), before);
  });
});
