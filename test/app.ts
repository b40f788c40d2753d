import pino from 'pino';
import type { FastifyInstance, FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/platform/config.js';
import type { Database } from '../src/platform/db/database.js';
import { createApp } from '../src/app.js';
import type { DatabaseTier } from './databases.js';
import type { DemoSeedOptions } from './demo-template.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/**
 * A Boutic on a fresh database of the given tier, for `inject` tests. `demo`: the database already holds
 * the demo as `seedDemo(db, demo)` seeds it ('config': with the app's base URL and secret, as
 * test/security/world.ts seeds it), copied from a template under `npm test` (test/demo-template.ts).
 */
export async function createTestApp(tier: DatabaseTier, env: Record<string, string> = {}, extraRoutes: FastifyPluginAsync[] = [], options: { demo?: DemoSeedOptions | 'config' } = {}): Promise<TestApp> {
  const loaded = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const demo = options.demo === 'config' ? { baseUrl: loaded.baseUrl, secret: loaded.sessionSecret } : options.demo;
  const { database, settings, cleanup } = await tier.create(demo ? { demo } : {});
  const config = { ...loaded, database: settings };
  const app = await createApp({ config, database, logger: pino({ level: 'silent' }) }, extraRoutes);
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/** Cookies set by a response, as a header value to send back. */
export function cookiesOf(res: LightMyRequestResponse, previous: Record<string, string> = {}): Record<string, string> {
  const jar = { ...previous };
  for (const c of res.cookies as Array<{ name: string; value: string }>) jar[c.name] = c.value;
  return jar;
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

export function form(fields: Record<string, string | string[]>): { payload: string; headers: Record<string, string> } {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return { payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}
