import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { databaseTiers } from './databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from './app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from './factories.js';
import { StaffClient } from './staff-session.js';
import { createApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';

/**
 * The page cache's front door (src/platform/http/front-door.ts) answers hits on a listening server
 * before Fastify: over real HTTP, its answers must be Fastify's (headers and bytes), never stale
 * after a write here or in another process, never given to someone signed in, and per territory.
 */

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  html: string;
}
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
const VARYING = new Set(['date', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const headersOf = (a: Answer) => Object.fromEntries(Object.entries(a.headers).filter(([k]) => !VARYING.has(k)));
const seatsLeft = (html: string) => /(\d+) places? restantes?/.exec(html)?.[1];

function get(base: string, path: string, headers: Record<string, string> = BROWSER, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .request(`${base}${path}`, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const html = raw.length === 0 ? '' : encoding === 'br' ? zlib.brotliDecompressSync(raw).toString() : encoding === 'gzip' ? zlib.gunzipSync(raw).toString() : raw.toString();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, html });
        });
      })
      .on('error', reject)
      .end();
  });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

for (const tier of databaseTiers()) {
  describe(`the page cache's front door on ${tier.name}`, () => {
    let t: TestApp;
    let base: string;
    const others: Array<{ app: FastifyInstance; database: Database }> = [];
    let ids: { session: number; otherSession: number };
    let coordinator: StaffClient;
    let registrations = 0;

    /** Another Boutic on the same database, listening on its own port: another process, as far as the cache knows. */
    async function sibling(env: { pageCacheMb?: number } = {}) {
      const database = openDatabase(t.config.database, { poolSize: 2 });
      const app = await createApp({ config: { ...t.config, ...env }, database, logger: pino({ level: 'silent' }) });
      await app.ready();
      others.push({ app, database });
      return { app, base: await listen(app) };
    }

    async function register(app: FastifyInstance, email: string) {
      const page = await app.inject({ url: `/seances/${ids.session}/inscription` });
      const f = form({ _csrf: csrfOf(page.body), first_name: 'Camille', last_name: 'Personne', email, company: 'Entreprise', sector: 'commerce', commune: '62767', level: 'debutant' });
      const cookie = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await app.inject({ method: 'POST', url: `/seances/${ids.session}/inscription`, payload: f.payload, headers: { ...f.headers, cookie } });
      assert.match(res.body, /Votre inscription est confirmée/);
      registrations++;
    }

    before(async () => {
      t = await createTestApp(tier, { FORM_RATE_LIMIT: '1000' });
      const db = t.database.db;
      const a = await buildTerritory(db, { host: 'a.boutic.test', programmeName: 'Programme A' });
      const b = await buildTerritory(db, { host: 'b.boutic.test', programmeName: 'Programme B' });
      const staff = await buildStaff(db, { territoryId: a.id, role: 'coordinator' });
      const session = async (territoryId: number, slug: string) => {
        const venue = await buildVenueWith(db, { territoryId, slug: `lieu-${slug}`, name: `Cybercentre ${slug}`, commune_code: '62361', workstations: 12 });
        const workshop = await buildWorkshopWith(db, { territoryId, slug: `atelier-${slug}`, title: `Atelier ${slug}` });
        const cycle = await buildCycle(db, { territoryId });
        return (await buildSession(db, { territoryId, cycleId: cycle.id, workshopId: workshop.id, venueId: venue.id, seats: 8, startsAt: new Date('2099-03-03T13:00:00Z') })).id;
      };
      ids = { session: await session(a.id, 'a'), otherSession: await session(b.id, 'b') };
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
      base = await listen(t.app);
    });
    after(async () => {
      for (const o of others) {
        await o.app.close();
        await o.database.destroy();
      }
      await t.close();
    });

    test('a hit is answered by the front door with the headers and bytes Fastify sends', async () => {
      const uncached = await sibling({ pageCacheMb: 0 });
      const pages = ['/', '/ateliers', '/ateliers/atelier-a', `/seances/${ids.session}`, '/lieux/lieu-a', '/calendrier?mois=2099-03'];
      for (const path of pages) {
        for (const accept of [BROWSER, { 'accept-encoding': 'gzip' }, {}]) {
          const headers = { ...accept, host: 'a.boutic.test' };
          const first = await get(base, path, headers);
          const served = t.app.frontDoor!.served;
          const second = await get(base, path, headers);
          const fresh = await get(uncached.base, path, headers);
          assert.equal(first.status, 200, path);
          assert.equal(t.app.frontDoor!.served, served + 1, `${path} ${JSON.stringify(accept)}: the second request is answered by the front door`);
          assert.deepEqual(second.raw, first.raw, `${path}: the bytes Fastify sent for the same entry`);
          assert.equal(second.html, fresh.html, `${path}: the HTML of a render without the cache`);
          assert.deepEqual(headersOf(second), headersOf(fresh), `${path}: the headers of a render without the cache (security headers included)`);
          assert.deepEqual(headersOf(second), headersOf(first), `${path}: the headers Fastify sent on the miss`);
          assert.equal(Number(second.headers['content-length']), second.raw.length, path);
        }
      }
      const served = t.app.frontDoor!.served;
      const head = await get(base, `/seances/${ids.session}`, { ...BROWSER, host: 'a.boutic.test' }, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.raw.length, 0);
      assert.equal(t.app.frontDoor!.served, served, 'HEAD goes to Fastify');
    });

    test('a hit served by the door writes the one log line Fastify writes, marked, with no header in it', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      });
      const logger = pino({ level: 'info', base: { app: 'boutic' }, timestamp: pino.stdTimeFunctions.isoTime }, sink);
      const database = openDatabase(t.config.database, { poolSize: 2 });
      const app = await createApp({ config: t.config, database, logger });
      await app.ready();
      others.push({ app, database });
      const logged = await listen(app);
      const headers = { ...BROWSER, host: 'a.boutic.test', cookie: 'boutic_ref=affiche' };
      await get(logged, '/ateliers?theme=web', headers);
      await get(logged, '/ateliers?theme=web', headers);
      assert.equal(app.frontDoor!.served, 1);
      const [byFastify, byDoor] = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => (l.req as { url?: string } | undefined)?.url === '/ateliers?theme=web');
      assert.ok(byFastify && byDoor, lines.join('\n'));
      assert.equal(byDoor.cache, 'front-door');
      assert.equal(byFastify.cache, undefined);
      const shape = (l: Record<string, unknown>) => ({ keys: Object.keys(l).filter((k) => k !== 'cache').sort(), req: Object.keys(l.req as object).sort(), res: l.res });
      assert.deepEqual(shape(byDoor), shape(byFastify), 'the same fields as Fastify’s line');
      assert.equal(byDoor.level, 30);
      assert.equal(byDoor.app, 'boutic');
      assert.match(String(byDoor.time), /^\d{4}-\d\d-\d\dT/);
      assert.notEqual(byDoor.reqId, byFastify.reqId);
      assert.doesNotMatch(lines.join('\n'), /affiche/, 'no cookie in the logs');
    });

    test('each host gets its own territory’s page, and a forwarded host is ignored without TRUST_PROXY', async () => {
      const onA = { ...BROWSER, host: 'a.boutic.test' };
      const onB = { ...BROWSER, host: 'b.boutic.test' };
      for (let i = 0; i < 2; i++) {
        assert.match((await get(base, '/ateliers', onA)).html, /Atelier a/);
        assert.doesNotMatch((await get(base, '/ateliers', onA)).html, /Atelier b/);
        assert.match((await get(base, '/ateliers', onB)).html, /Atelier b/);
      }
      assert.equal((await get(base, `/seances/${ids.otherSession}`, onA)).status, 404);
      const forwarded = await get(base, '/ateliers', { ...onA, 'x-forwarded-host': 'b.boutic.test' });
      assert.match(forwarded.html, /Atelier a/, 'X-Forwarded-Host is not trusted by default');
    });

    test('seats left are exact on the next request after a registration here or in another process', async () => {
      const onA = { ...BROWSER, host: 'a.boutic.test' };
      const url = `/seances/${ids.session}`;
      await get(base, url, onA);
      const shown = seatsLeft((await get(base, url, onA)).html);
      await register(t.app, 'ici@example.fr');
      assert.equal(seatsLeft((await get(base, url, onA)).html), String(Number(shown) - 1));
      assert.equal(seatsLeft((await get(base, '/ateliers', onA)).html), String(Number(shown) - 1));
      const other = await sibling();
      await register(other.app, 'ailleurs@example.fr');
      const served = t.app.frontDoor!.served;
      assert.equal(seatsLeft((await get(base, url, onA)).html), String(8 - registrations), 'never the stale copy');
      assert.equal(t.app.frontDoor!.served, served, 'rendered again, not served from the door');
      assert.equal(seatsLeft((await get(base, url, onA)).html), String(8 - registrations));
      assert.equal(t.app.frontDoor!.served, served + 1, 'then served from the door');
    });

    test('a signed-in person never gets the anonymous copy; harmless cookies do not bypass it', async () => {
      const onA = { ...BROWSER, host: 'a.boutic.test' };
      await get(base, '/ateliers', onA);
      const served = t.app.frontDoor!.served;
      const staffCookie = Object.entries(coordinator.jar).map(([k, v]) => `${k}=${v}`).join('; ');
      const staff = await get(base, '/ateliers', { ...onA, cookie: staffCookie });
      assert.match(staff.html, /action="\/equipe\/deconnexion"/, 'the staff page, rendered for them');
      assert.equal(t.app.frontDoor!.served, served);
      const withRef = await get(base, '/ateliers', { ...onA, cookie: 'boutic_ref=affiche-mairie; autre=1' });
      assert.doesNotMatch(withRef.html, /deconnexion/);
      assert.equal(t.app.frontDoor!.served, served + 1, 'a campaign cookie changes nothing on the page');
    });
  });
}
