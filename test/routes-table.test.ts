import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from './databases.js';
import { createTestApp } from './app.js';

// The security tests (permission matrix, fuzzing, rate limits) walk app.routeTable: it must hold
// every route the app answers, with its options.
test('the route table lists every registered route with its options', async () => {
  const tier = databaseTiers()[0]!;
  const t = await createTestApp(tier);
  try {
    const table = t.app.routeTable;
    assert.ok(table.length > 100, `${table.length} routes`);
    for (const r of table) assert.ok(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url}`);
    const login = table.find((r) => r.method === 'POST' && r.url === '/equipe/connexion');
    assert.ok(login?.config && 'rateLimit' in login.config, 'the sign-in form carries its rate limit');
    console.log(`${table.length} routes (${table.filter((r) => r.method === 'POST').length} POST)`);
  } finally {
    await t.close();
  }
});
