import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../databases.js';
import { createTestApp } from '../app.js';
import { buildStaff, buildTerritory } from '../factories.js';

// Every POST a person can reach without a staff session (public forms, the participant's space,
// first-run setup, staff sign-in) carries a per-client rate limit (docs/decisions/0005). Staff
// forms are behind a session and the staff role checks, so they are not limited here.
const STAFF_ONLY = /^\/equipe\//;
const PUBLIC_STAFF_FORMS = new Set(['/equipe/connexion']);

/** Routes deliberately without a limit, each with its reason. None today. */
const EXEMPT: Record<string, string> = {};

const LIMIT = 3;

function concrete(url: string): string {
  return url.replace(/:id|:rid|:qid|:oid|:cycleId\([^)]*\)/g, '1').replace(/:token/g, 'x'.repeat(43));
}

for (const tier of databaseTiers()) {
  test(`[${tier.name}] every public or participant POST route is rate-limited per client`, async () => {
    const t = await createTestApp(tier, { FORM_RATE_LIMIT: String(LIMIT), LOGIN_RATE_LIMIT: String(LIMIT) });
    try {
      // past first-run setup, so that requests reach their routes
      const territory = await buildTerritory(t.database.db);
      await buildStaff(t.database.db, { territoryId: territory.id, role: 'administrator' });
      const open = t.app.routeTable.filter((r) => r.method === 'POST' && (!STAFF_ONLY.test(r.url) || PUBLIC_STAFF_FORMS.has(r.url)));
      assert.ok(open.length >= 20, `${open.length} open POST routes`);
      const missing = open.filter((r) => !EXEMPT[r.url] && !(r.config && typeof r.config.rateLimit === 'object'));
      assert.deepEqual(missing.map((r) => r.url), [], 'POST routes reachable without a staff session and without a rate limit');

      for (const route of open) {
        if (EXEMPT[route.url]) continue;
        const url = concrete(route.url);
        const send = (remoteAddress: string) =>
          t.app.inject({ method: 'POST', url, remoteAddress, payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        for (let i = 0; i < LIMIT; i++) {
          const res = await send('203.0.113.7');
          assert.notEqual(res.statusCode, 429, `${route.url}: request ${i + 1} within the limit`);
          assert.ok(res.statusCode < 500, `${route.url}: ${res.statusCode}`);
        }
        const over = await send('203.0.113.7');
        assert.equal(over.statusCode, 429, `${route.url}: request ${LIMIT + 1} is refused`);
        assert.match(over.headers['content-type'] as string, /text\/html/, route.url);
        assert.match(over.body, /<html lang="fr"/, route.url);
        assert.match(over.body, /Trop de (demandes|tentatives)/, route.url);
        assert.ok(over.headers['retry-after'], `${route.url}: Retry-After`);
        const other = await send('198.51.100.9');
        assert.notEqual(other.statusCode, 429, `${route.url}: another client still passes`);
      }
      console.log(`[${tier.name}] ${open.length} open POST routes, each limited at ${LIMIT}/min per client`);
    } finally {
      await t.close();
    }
  });
}
