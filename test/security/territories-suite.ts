import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseTier } from '../databases.js';
import { createTestApp, type TestApp } from '../app.js';
import { issueAccessToken } from '../../src/registration/tokens.js';
import { buildWorld, type RoleName, type World } from './world.js';
import { MATRIX } from './matrix.js';
import type { LightMyRequestResponse } from 'fastify';
import { changedTables, csrfRoute, HOST_A, HOST_B, hostClient, outcomeOf, rowCounts, sessionOf, snapshot, stable, unknownWorld, type HostClient } from './two-territories.js';

/**
 * Two territories on one instance, A (the demo) and B (a copy of it, its own staff, participants and
 * registrations, drawn from another seed), each on its host name. Nothing of B reaches A: B's ids
 * in A's addresses give the 404 and write nothing, A's sessions are not valid on B's host, and every
 * page A's people see is the same before and after B exists.
 */

/** A's people the matrix is replayed with (the roles with a second account are left to permissions.test.ts). */
const A_ROLES: RoleName[] = ['anonymous', 'participant', 'facilitator', 'partner', 'coordinator', 'administrator', 'elected'];
/**
 * Pages that change with these very requests, left out of the before/after comparison: a link is used
 * once; the journal and a person's file count the reads of personal data that the comparison makes;
 * one's sessions show their last use. And the instance's own pages: the outbox (of every territory, for
 * national administrators once there are several: src/platform/mail/routes.tsx) and the territories' list.
 */
const SELF_CHANGING = /^GET \/(mes-inscriptions\/acces|equipe\/journal|equipe\/personnes\/:id|mes-inscriptions\/donnees|equipe\/securite|equipe\/courriels|equipe\/territoires)/;
/** Binary or time-stamped answers (PDF, spreadsheets, calendars carry the instant they were made): compared by status only. */
const textual = (type: unknown) => typeof type === 'string' && /^(text\/html|text\/csv|application\/json)/.test(type);

/** The suite on one database tier (one test file per tier: each has the runner's whole time budget). */
export function twoTerritoriesSuite(tier: DatabaseTier): void {
  describe(`two territories on one instance, on ${tier.name}`, () => {
    let t: TestApp;
    let a: World;
    let b: World;
    let tables: string[] = [];
    const db = () => t.database.db;
    const clients = new Map<RoleName, HostClient>();
    /** What A's people saw at every GET address of the matrix before B existed. */
    const seenBefore = new Map<string, { url: string; status: number; body: string | null }>();
    const getRows = MATRIX.filter((r) => r.route.startsWith('GET ') && !r.route.startsWith('GET /static'));

    before(async () => {
      t = await createTestApp(tier, { FORM_RATE_LIMIT: '10000', LOGIN_RATE_LIMIT: '1000' }, [csrfRoute], { demo: 'config' });
      a = await buildWorld(t);
      await db().updateTable('territories').set({ host: HOST_A }).where('id', '=', a.territoryId).execute();
      for (const role of A_ROLES) clients.set(role, await hostClient(t, HOST_A, await sessionOf(t, a, role)));
      // some pages write on their first visit (a cycle's posters make their campaign): a first visit by the coordination, then the reference
      for (const row of getRows) await clients.get('coordinator')!.get(await row.url(a));
      for (const row of getRows) {
        await Promise.all(
          A_ROLES.map(async (role) => {
            const url = await row.url(a);
            const res = await clients.get(role)!.get(url);
            seenBefore.set(`${role} ${row.route}`, { url, status: res.statusCode, body: textual(res.headers['content-type']) ? stable(res.body) : null });
          }),
        );
      }
      b = await buildWorld(t, { copy: { slug: 'ternois-b', staffDomain: 'b.boutic.localhost' } });
      await db().updateTable('territories').set({ host: HOST_B }).where('id', '=', b.territoryId).execute();
      tables = (await db().introspection.getTables()).map((x) => x.name).sort();
    });
    after(() => t?.close());

    const sessionsOf = async (territoryId: number) =>
      (await db().selectFrom('sessions as s').innerJoin('cycles as c', 'c.id', 's.cycle_id').select('s.id').where('c.territory_id', '=', territoryId).execute()).map((s) => s.id);

    // first: the other tests write to A (sessions opened, links used, objects made for the matrix)
    test('(e) every page A’s people see on host A is the same before and after B exists (lists, search, figures)', async (ctx) => {
      const differences: string[] = [];
      let compared = 0;
      for (const row of getRows.filter((r) => !SELF_CHANGING.test(r.route))) {
        await Promise.all(
          A_ROLES.map(async (role) => {
            const seen = seenBefore.get(`${role} ${row.route}`)!;
            const res = await clients.get(role)!.get(seen.url); // the same address: a link used once is not minted again
            compared++;
            const body = textual(res.headers['content-type']) ? stable(res.body) : null;
            if (res.statusCode !== seen.status) differences.push(`${role} ${row.route}: ${seen.status} → ${res.statusCode}`);
            else if (body !== null && seen.body !== null && body !== seen.body) differences.push(`${role} ${row.route}: the page changed${firstDifference(seen.body, body)}`);
          }),
        );
      }
      // and a search for B's people by their names finds none of them on A
      const coordinator = clients.get('coordinator')!;
      const bPeople = await db().selectFrom('participants').select(['id', 'last_name']).where('territory_id', '=', b.territoryId).orderBy('id').limit(20).execute();
      for (const p of bPeople) {
        const res = await coordinator.get(`/equipe/personnes?q=${encodeURIComponent(p.last_name)}`);
        compared++;
        if (res.body.includes(`/equipe/personnes/${p.id}"`)) differences.push(`the search for ${p.last_name} on A finds B’s participant ${p.id}`);
      }
      // the journal of A's administrator shows none of B's entries
      const journal = await clients.get('administrator')!.get('/equipe/journal.csv');
      assert.equal(journal.statusCode, 200);
      assert.ok(journal.body.includes(`territory:${a.territoryId}`), 'A’s own entries are in A’s journal (the demo seeded)');
      assert.ok(!journal.body.includes(`territory:${b.territoryId}`), 'B’s are not');
      ctx.diagnostic(`${tier.name}: ${getRows.length} GET addresses × ${A_ROLES.length} roles of A compared before and after B, and ${bPeople.length} searches for B’s people: ${compared} pages`);
      assert.deepEqual(differences, []);
    });

    test('(a) the public pages of host A list only A’s sessions; B’s give the 404 there and are served on host B', async () => {
      const [ofA, ofB] = [new Set(await sessionsOf(a.territoryId)), await sessionsOf(b.territoryId)];
      assert.ok(ofA.size > 50 && ofB.length > 50, 'both territories have their sessions');
      const anonymousA = await hostClient(t, HOST_A, {});
      const anonymousB = await hostClient(t, HOST_B, {});
      const listed = new Set<number>();
      for (const url of ['/', '/ateliers', '/calendrier', '/agenda.ics', `/ateliers/${a.workshop.slug}`, `/lieux/${a.venue.slug}`]) {
        const res = await anonymousA.get(url);
        assert.equal(res.statusCode, 200, url);
        for (const m of res.body.matchAll(/\/seances\/(\d+)/g)) listed.add(Number(m[1]));
      }
      assert.ok(listed.size > 10, `host A lists its sessions (${listed.size})`);
      assert.deepEqual([...listed].filter((id) => !ofA.has(id)), [], 'host A lists none of B’s sessions');
      const leaks: string[] = [];
      let servedOnB = 0;
      for (const id of ofB) {
        for (const url of [`/seances/${id}`, `/seances/${id}/inscription`, `/seances/${id}/agenda.ics`]) {
          const res = await anonymousA.get(url);
          if (res.statusCode !== 404) leaks.push(`${url}: ${res.statusCode}`);
        }
        if ((await anonymousB.get(`/seances/${id}`)).statusCode === 200) servedOnB++;
      }
      assert.deepEqual(leaks, []);
      assert.ok(servedOnB > 50, `B’s sessions are served on host B (${servedOnB})`);
      // registering for B's session through host A: the 404, and no registration
      const count = async () => Number((await db().selectFrom('registrations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const n = await count();
      const res = await anonymousA.post(`/seances/${b.session}/inscription`, { first_name: 'Inès', last_name: 'Martin', email: 'ines@example.fr', company: 'Boulangerie', commune: '62767', sector: 'commerce', size: '0', consent: '1' });
      assert.equal(res.statusCode, 404);
      assert.equal(await count(), n);
    });

    test('(b) every route of the matrix with B’s ids, asked on host A by A’s people: the answer to an unknown id, and no write', async (ctx) => {
      const unknown = unknownWorld();
      const failures: string[] = [];
      let requests = 0;
      let rows = 0;
      let posts = 0;
      /** An answer as compared: its status, and where it leads (ids left out: an unknown id's page names another). */
      const answer = (res: LightMyRequestResponse) => `${res.statusCode}${typeof res.headers.location === 'string' ? ` → ${res.headers.location.replace(/\d+/g, 'N')}` : ''}`;
      type Prepared = { role: RoleName; b: [string, Record<string, string>]; unknown: [string, Record<string, string>] };
      const plays: Array<{ row: (typeof MATRIX)[number]; method: string; prepared: Prepared[] }> = [];
      for (const row of MATRIX.filter((r) => !r.route.startsWith('GET /static'))) {
        const method = row.route.split(' ')[0]!;
        const bodyOf = async (w: World) => ({ ...(typeof row.body === 'function' ? await row.body(w) : (row.body ?? {})) });
        const [urlA, urlB] = [await row.url(a), await row.url(b)];
        const differs = urlA !== urlB || JSON.stringify(await bodyOf(a)) !== JSON.stringify(await bodyOf(b));
        // an address naming no object of B is covered by (e); a slug names a workshop or a venue within its
        // territory, and the copy has the same slugs as A: there it is A's own page (compared in (e))
        if (!differs || /:slug/.test(row.route)) continue;
        rows++;
        if (method === 'POST') posts++;
        // every address and form prepared first (some make an object of B's to act on), so that the snapshots see only the requests
        const prepared: Prepared[] = [];
        for (const role of A_ROLES) prepared.push({ role, b: [await row.url(b), await bodyOf(b)], unknown: [await row.url(unknown), await bodyOf(unknown)] });
        plays.push({ row, method, prepared });
      }
      const whole = await snapshot(t, tables);
      for (const { row, method, prepared } of plays) {
        const counted = method === 'POST' ? await rowCounts(t, tables) : null;
        await Promise.all(
          prepared.map(async (p) => {
            const client = clients.get(p.role)!;
            const send = ([url, body]: [string, Record<string, string>]) => (method === 'GET' ? client.get(url) : client.post(url, body));
            const [resUnknown, resB] = [await send(p.unknown), await send(p.b)];
            requests += 2;
            if (answer(resB) !== answer(resUnknown)) failures.push(`${row.route} ${p.role}: B’s ${p.b[0]} gets ${answer(resB)}, an unknown id ${answer(resUnknown)}`);
          }),
        );
        if (counted) {
          const changed = changedTables(counted, await rowCounts(t, tables));
          if (changed.length) failures.push(`${row.route} with B’s ids added or removed rows in ${changed.join(', ')}`);
        }
      }
      // and no row changed anywhere (an update leaves the counts as they were)
      const changed = changedTables(whole, await snapshot(t, tables));
      if (changed.length) failures.push(`the requests with B’s ids changed rows in ${changed.join(', ')}`);
      if (process.env.TERRITORY_FAILURES) (await import('node:fs')).writeFileSync(`${process.env.TERRITORY_FAILURES}.${tier.name}`, failures.join('\n'));
      ctx.diagnostic(`${tier.name}: ${rows} routes naming an object (${posts} POST) × ${A_ROLES.length} roles of A, each with B’s ids and with unknown ids: ${requests} requests on host A`);
      assert.deepEqual(failures, []);
    });

    test('(c) A’s staff are not signed in on host B, nor can they sign in there', async () => {
      for (const role of ['facilitator', 'partner', 'coordinator', 'administrator', 'elected'] as RoleName[]) {
        const cookies = await sessionOf(t, a, role);
        assert.equal(outcomeOf(await (await hostClient(t, HOST_A, cookies)).get('/equipe')), 'ok', `${role} on A`);
        assert.equal(outcomeOf(await (await hostClient(t, HOST_B, cookies)).get('/equipe')), 'signin', `${role} on B`);
        assert.equal(outcomeOf(await (await hostClient(t, HOST_B, cookies)).get('/equipe/seances')), 'signin', `${role} on B`);
      }
      const coordinator = await db().selectFrom('staff_users').select('email').where('id', '=', a.staff.coordinator).executeTakeFirstOrThrow();
      const signIn = async (host: string) => (await hostClient(t, host, {})).post('/equipe/connexion', { email: coordinator.email, password: 'demo-coordination-2026' });
      assert.equal((await signIn(HOST_B)).statusCode, 401, 'refused like a wrong password on B');
      assert.equal((await signIn(HOST_A)).statusCode, 303, 'signed in on A');
    });

    test('the outbox holds every territory’s messages: once there are two, only a national administrator reads it', async () => {
      assert.equal((await clients.get('administrator')!.get('/equipe/courriels')).statusCode, 404, 'A’s administrator');
      const national = await db().insertInto('staff_users').values({ territory_id: null, email: 'national@boutic.localhost', display_name: 'Administration nationale', role: 'administrator', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      const cookies = await sessionOf(t, { ...a, staff: { ...a.staff, administrator: national.id } }, 'administrator');
      for (const host of [HOST_A, HOST_B]) {
        const client = await hostClient(t, host, cookies);
        assert.equal((await client.get('/equipe/courriels')).statusCode, 200, host);
        assert.equal((await client.get(`/equipe/courriels/${b.outbox}`)).statusCode, 200, host);
        assert.equal((await client.get('/equipe/seances')).statusCode, 200, `the national administrator plans on ${host}`);
      }
    });

    test('(d) a participant of A is not signed in on host B, and A’s access link does not open there (nor is it used up)', async () => {
      const cookies = await sessionOf(t, a, 'participant');
      assert.equal(outcomeOf(await (await hostClient(t, HOST_A, cookies)).get('/mes-inscriptions')), 'ok');
      for (const url of ['/mes-inscriptions', '/mes-inscriptions/donnees', '/reseau', '/mes-inscriptions/orientation']) {
        assert.equal(outcomeOf(await (await hostClient(t, HOST_B, cookies)).get(url)), 'signin', url);
      }
      const token = await issueAccessToken(db(), a.participant);
      assert.equal((await (await hostClient(t, HOST_B, {})).get(`/mes-inscriptions/acces?jeton=${token}`)).statusCode, 400);
      const onA = await (await hostClient(t, HOST_A, {})).get(`/mes-inscriptions/acces?jeton=${token}`);
      assert.equal(onA.statusCode, 303);
      assert.equal(onA.headers.location, '/mes-inscriptions');
    });

  });
}

function firstDifference(x: string, y: string): string {
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return ` at ${i}: «${x.slice(Math.max(0, i - 60), i + 60)}» → «${y.slice(Math.max(0, i - 60), i + 60)}»`;
}
