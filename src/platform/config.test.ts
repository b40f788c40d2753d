import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

test('defaults: port 3000, SQLite under data/, base URL from the port', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.database.kind, 'sqlite');
  assert.match(c.database.kind === 'sqlite' ? c.database.file : '', /data\/boutic\.sqlite$/);
  assert.equal(c.baseUrl, 'http://localhost:3000');
  assert.equal(c.secureCookies, false);
});

test('PORT and DATABASE_URL are read; a postgres URL selects PostgreSQL', () => {
  const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/boutic', BASE_URL: 'https://ateliers.example.fr/' });
  assert.equal(c.port, 8080);
  assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/boutic' });
  assert.equal(c.baseUrl, 'https://ateliers.example.fr');
  assert.equal(c.secureCookies, true);
});

for (const [setting, value] of [
  ['PORT', 'quatre-vingt'],
  ['PORT', '70000'],
  ['DATABASE_URL', 'mysql://localhost/boutic'],
  ['SMTP_URL', 'http://mail'],
  ['BASE_URL', 'pas une adresse'],
  ['SESSION_SECRET', 'court'],
  ['LOG_LEVEL', 'bavard'],
  ['NO_SHOW_THRESHOLD', '0'],
  ['NO_SHOW_THRESHOLD', '21'],
  ['NO_SHOW_THRESHOLD', 'deux'],
  ['NO_SHOW_THRESHOLD', '2.5'],
  ['GO_NO_GO_DAYS', '0'],
  ['GO_NO_GO_DAYS', '61'],
  ['GO_NO_GO_DAYS', 'sept'],
  ['DEFAULT_TERRITORY', 'Pays du Ternois'],
  ['DEFAULT_TERRITORY', '-ternois'],
] as const) {
  test(`a wrong ${setting} (${value}) stops start-up with one line naming it`, () => {
    assert.throws(
      () => loadConfig({ [setting]: value }),
      (e: unknown) => e instanceof ConfigError && e.setting === setting && e.message.startsWith(`Réglage invalide ${setting}`) && !e.message.includes('\n'),
    );
  });
}

test('zod’s own messages are in French', () => {
  assert.throws(() => loadConfig({ LOGIN_RATE_LIMIT: '5000' }), (e: unknown) => e instanceof ConfigError && /trop grand/i.test(e.message));
});

test('NO_SHOW_THRESHOLD: 2 no-shows by default, any whole number from 1 to 20', () => {
  assert.equal(loadConfig({}).noShowThreshold, 2);
  assert.equal(loadConfig({ NO_SHOW_THRESHOLD: '1' }).noShowThreshold, 1);
  assert.equal(loadConfig({ NO_SHOW_THRESHOLD: '20' }).noShowThreshold, 20);
});

test('production refuses to start without SESSION_SECRET', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (e: unknown) => e instanceof ConfigError && e.setting === 'SESSION_SECRET');
  assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).sessionSecret, 'x'.repeat(40));
});

test('GO_NO_GO_DAYS: 7 days by default, any whole number from 1 to 60', () => {
  assert.equal(loadConfig({}).goNoGoDays, 7);
  assert.equal(loadConfig({ GO_NO_GO_DAYS: '14' }).goNoGoDays, 14);
  assert.equal(loadConfig({ GO_NO_GO_DAYS: '60' }).goNoGoDays, 60);
});

test('DEFAULT_TERRITORY names a territory by its slug, in French when it is malformed', () => {
  assert.equal(loadConfig({ DEFAULT_TERRITORY: 'pays-du-ternois' }).defaultTerritory, 'pays-du-ternois');
  assert.equal(loadConfig({}).defaultTerritory, undefined);
  assert.throws(() => loadConfig({ DEFAULT_TERRITORY: 'Ternois!' }), (e: unknown) => e instanceof ConfigError && /identifiant \(slug\) d’un territoire/.test(e.message));
});

test('WEB_CONCURRENCY: one process by default; several only on PostgreSQL, refused on SQLite in French', () => {
  assert.equal(loadConfig({}).webConcurrency, 1);
  assert.equal(loadConfig({ WEB_CONCURRENCY: '4', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/boutic' }).webConcurrency, 4);
  assert.throws(
    () => loadConfig({ WEB_CONCURRENCY: '2' }),
    (e: unknown) => e instanceof ConfigError && e.setting === 'WEB_CONCURRENCY' && /demandent PostgreSQL/.test(e.message) && !e.message.includes('\n'),
  );
  assert.throws(() => loadConfig({ WEB_CONCURRENCY: '0', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/boutic' }), (e: unknown) => e instanceof ConfigError && e.setting === 'WEB_CONCURRENCY');
  assert.equal(loadConfig({}).databasePoolSize, 10);
  assert.throws(() => loadConfig({ DATABASE_POOL_SIZE: '0' }), (e: unknown) => e instanceof ConfigError && e.setting === 'DATABASE_POOL_SIZE');
});

test('FORM_RATE_LIMIT: raised above 10 000 only outside production (the bench), never switched off in production', () => {
  assert.equal(loadConfig({ FORM_RATE_LIMIT: '1000000' }).formRateLimit, 1_000_000);
  assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), FORM_RATE_LIMIT: '10000' }).formRateLimit, 10_000);
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), FORM_RATE_LIMIT: '10001' }),
    (e: unknown) => e instanceof ConfigError && e.setting === 'FORM_RATE_LIMIT' && /en production/.test(e.message),
  );
  assert.throws(() => loadConfig({ FORM_RATE_LIMIT: '1000001' }), (e: unknown) => e instanceof ConfigError && e.setting === 'FORM_RATE_LIMIT');
});
