import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../databases.js';
import { createTestApp, type TestApp } from '../app.js';
import { demoSite, type DemoSite } from './demo-site.js';
import { encodeForm, LEAK, type Client } from './site.js';

/** Hostile ids in the URL of every route with parameters (GET and POST), for a coordinator, a participant and a visitor: never a 500 (issue 11). */

async function csrfFor(client: Client): Promise<string> {
  for (const url of client.role === 'anonymous' ? ['/ateliers/demande'] : client.role === 'participant' ? ['/mes-inscriptions', '/reseau/profil'] : ['/equipe']) {
    const m = /name="_csrf" value="([^"]+)"/.exec((await client.get(url)).body);
    if (m) return m[1]!;
  }
  throw new Error(`no CSRF token for ${client.role}`);
}

for (const tier of databaseTiers()) {
  describe(`hostile URL ids (${tier.name})`, () => {
    let t: TestApp;
    let site: DemoSite;
    before(async () => {
      t = await createTestApp(tier, {}, [], { demo: {} });
      site = await demoSite(t, { perRoute: 1 });
    });
    after(async () => {
      await t?.close();
    });

    test('hostile ids in the URL of every route with parameters: never a 500', async () => {
      const ids = process.env.FUZZ_RUNS ? ['0', '-1', '999999999', 'abc', '9'.repeat(40), '1.5', '%00', '%E0%A4%A', '..%2F..%2Fetc', encodeURIComponent('<script>')] : ['0', '-1', '999999999', 'abc', '9'.repeat(40), '%E0%A4%A'];
      const coordinator = site.clients.get('coordinator')!;
      const participant = site.clients.get('participant')!;
      const anonymous = site.clients.get('anonymous')!;
      let n = 0;
      const tokens = new Map<Client, string>();
      for (const c of [coordinator, participant, anonymous]) tokens.set(c, await csrfFor(c));
      const withParams = site.routes.filter((r) => r.params.length > 0 && r.url !== '/static/*');
      for (const route of withParams) {
        for (const id of ids) {
          const url = route.url.replace(/:(\w+)(\(\^?((?:[^()]|\([^()]*\))*)\))?/g, id);
          for (const client of process.env.FUZZ_RUNS ? [coordinator, participant, anonymous] : route.url.startsWith('/equipe') ? [coordinator] : [participant]) {
            const res = route.method === 'GET' ? await client.move().get(url) : await client.move().send(url, encodeForm([['_csrf', tokens.get(client)!]]), 'application/x-www-form-urlencoded');
            n++;
            assert.ok(res.statusCode < 500, `${client.role} ${route.method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
            assert.doesNotMatch(res.body, LEAK, `${client.role} ${route.method} ${url}`);
          }
        }
      }
      console.log(`${tier.name}: ${withParams.length} routes with parameters × ${ids.length} hostile ids (coordinator for /equipe routes, participant for the others; all three with FUZZ_RUNS) = ${n} requests`);
    });
  });
}
