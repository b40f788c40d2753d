import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyPluginAsync } from 'fastify';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp } from '../../../test/app.js';
import { buildStaff, buildTerritory } from '../../../test/factories.js';
import { parseFormText } from './server.js';

test('form bodies and query strings are parsed like Fastify’s, without NUL characters', () => {
  assert.deepEqual({ ...parseFormText('a=1&b=x%00y&b=2&c=%E2%82%AC+%20&d') }, { a: '1', b: ['xy', '2'], c: '€  ', d: '' });
  assert.deepEqual({ ...parseFormText('n%00om=%00') }, { nom: '' });
  assert.deepEqual({ ...parseFormText('bad=%E2%82&ok=1') }.ok, '1'); // a broken escape does not throw
});

// PostgreSQL refuses NUL in text: a NUL typed into a form or a search must never reach it (it gave a 500).
for (const tier of databaseTiers()) {
  test(`a NUL character in a form or a query string reaches no handler, on ${tier.name}`, async () => {
    const echo: FastifyPluginAsync = async (app) => {
      app.get('/__echo', async (request) => request.query);
      app.post('/__echo', { config: { csrf: false } }, async (request) => {
        const text = String((request.body as Record<string, string>).text);
        // written to the database: PostgreSQL would refuse a NUL here
        await app.deps.database.db.insertInto('audit_log').values({ territory_id: null, actor: 'test', action: 'echo', subject: text, at: new Date().toISOString(), details: null }).execute();
        return { text };
      });
    };
    const t = await createTestApp(tier, {}, [echo]);
    try {
      await buildStaff(t.database.db, { territoryId: (await buildTerritory(t.database.db)).id, role: 'administrator' });
      const get = await t.app.inject({ method: 'GET', url: '/__echo?q=a%00b' });
      assert.deepEqual(get.json(), { q: 'ab' });
      const post = await t.app.inject({ method: 'POST', url: '/__echo', payload: 'text=un%00texte', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(post.statusCode, 200, post.body);
      assert.deepEqual(post.json(), { text: 'untexte' });
    } finally {
      await t.close();
    }
  });
}
