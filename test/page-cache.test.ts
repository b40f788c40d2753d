import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import pino from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { databaseTiers } from './databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from './app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from './factories.js';
import { participantClient, StaffClient } from './staff-session.js';
import { createApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';

/**
 * The cache of rendered public pages (DESIGN.md, « Public pages and the cache »): the same bytes as
 * a fresh render, never stale after a write (on this process or another one on the same database),
 * and never served to — or filled by — a signed-in person.
 */

const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
/** Headers that legitimately differ between two answers (the clock, and chunked on-the-fly compression versus a known length). */
const VARYING = new Set(['date', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const headersOf = (res: LightMyRequestResponse) => Object.fromEntries(Object.entries(res.headers).filter(([k]) => !VARYING.has(k.toLowerCase())));
const htmlOf = (res: LightMyRequestResponse) => {
  const encoding = res.headers['content-encoding'];
  return encoding === 'br' ? zlib.brotliDecompressSync(res.rawPayload).toString() : encoding === 'gzip' ? zlib.gunzipSync(res.rawPayload).toString() : res.body;
};
const seatsLeft = (html: string) => /(\d+) places? restantes?/.exec(html)?.[1];

for (const tier of databaseTiers()) {
  describe(`the cache of public pages on ${tier.name}`, () => {
    let t: TestApp;
    const others: Array<{ app: FastifyInstance; database: Database }> = [];
    let ids: { territory: number; session: number; cycle: number; workshop: number; venue: number; facilitator: number };
    let coordinator: StaffClient;
    const registered: string[] = [];

    /** Another Boutic on the same database (its own connection or pool): a second process, as far as the cache knows. */
    async function sibling(env: { pageCacheMb?: number } = {}) {
      const database = openDatabase(t.config.database, { poolSize: 2 });
      const app = await createApp({ config: { ...t.config, ...env }, database, logger: pino({ level: 'silent' }) });
      await app.ready();
      others.push({ app, database });
      return app;
    }

    before(async () => {
      t = await createTestApp(tier, { FORM_RATE_LIMIT: '1000' });
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const staff = await buildStaff(db, { territoryId: territory.id, role: 'coordinator' });
      const facilitator = await buildStaff(db, { territoryId: territory.id, role: 'facilitator' });
      const venue = await buildVenueWith(db, { territoryId: territory.id, slug: 'frevent', name: 'Cybercentre de Frévent', commune_code: '62361', workstations: 12 });
      const workshop = await buildWorkshopWith(db, { territoryId: territory.id, slug: 'creer-son-site', title: 'Créer son site' });
      const cycle = await buildCycle(db, { territoryId: territory.id });
      const session = await buildSession(db, { territoryId: territory.id, cycleId: cycle.id, workshopId: workshop.id, venueId: venue.id, seats: 8, startsAt: new Date('2099-03-03T13:00:00Z') });
      ids = { territory: territory.id, session: session.id, cycle: cycle.id, workshop: workshop.id, venue: venue.id, facilitator: facilitator.id };
      coordinator = await new StaffClient(t.app).logIn(staff.email, staff.password);
    });
    after(async () => {
      for (const o of others) {
        await o.app.close();
        await o.database.destroy();
      }
      await t.close();
    });

    const get = (app: FastifyInstance, url: string, headers: Record<string, string> = BROWSER) => app.inject({ url, headers });
    const pages = () => ['/', '/ateliers', '/ateliers/creer-son-site', `/seances/${ids.session}`, '/lieux/frevent', '/calendrier?mois=2099-03', '/ateliers?theme=web&places=1'];

    /** Registers someone through the public form, as a browser does (form page, CSRF token and cookie, POST). */
    async function register(app: FastifyInstance, email: string) {
      const page = await app.inject({ url: `/seances/${ids.session}/inscription` });
      const f = form({ _csrf: csrfOf(page.body), first_name: 'Camille', last_name: 'Personne', email, company: 'Entreprise', sector: 'commerce', commune: '62767', level: 'debutant' });
      const cookie = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await app.inject({ method: 'POST', url: `/seances/${ids.session}/inscription`, payload: f.payload, headers: { ...f.headers, cookie } });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.match(res.body, /Votre inscription est confirmée/);
      registered.push(email);
    }

    test('a page from the cache has the bytes and headers of a fresh render, compressed or not', async () => {
      const uncached = await sibling({ pageCacheMb: 0 });
      for (const url of pages()) {
        for (const headers of [BROWSER, { 'accept-encoding': 'gzip' }, {}]) {
          const first = await get(t.app, url, headers);
          const hitsBefore = t.app.pageCache.hits;
          const second = await get(t.app, url, headers);
          const fresh = await get(uncached, url, headers);
          assert.equal(first.statusCode, 200, url);
          assert.equal(t.app.pageCache.hits, hitsBefore + 1, `${url} ${JSON.stringify(headers)}: the second request is a hit`);
          assert.deepEqual(second.rawPayload, first.rawPayload, url);
          assert.equal(htmlOf(second), htmlOf(fresh), `${url}: the same HTML as a render without the cache`);
          assert.deepEqual(headersOf(second), headersOf(fresh), `${url}: the same headers (security headers included)`);
          assert.equal(second.headers['content-encoding'], fresh.headers['content-encoding'], url);
          assert.equal(second.headers['cache-control'], 'no-store');
          assert.match(String(second.headers['content-security-policy']), /default-src 'self'/);
        }
      }
      const head = await t.app.inject({ method: 'HEAD', url: `/seances/${ids.session}`, headers: BROWSER });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
      assert.equal(head.headers['content-encoding'], 'br');
    });

    test('after a registration through the form, the session page and the catalogue show the seats left on the very next request', async () => {
      const before = seatsLeft(htmlOf(await get(t.app, `/seances/${ids.session}`)));
      await get(t.app, '/ateliers');
      assert.ok((await get(t.app, '/ateliers')).statusCode === 200 && t.app.pageCache.size > 0, 'both pages are in the cache');
      await register(t.app, 'premiere@example.fr');
      assert.equal(seatsLeft(htmlOf(await get(t.app, `/seances/${ids.session}`))), String(Number(before) - 1));
      assert.equal(seatsLeft(htmlOf(await get(t.app, '/ateliers'))), String(Number(before) - 1));
    });

    test('after a planning edit, the public pages show it on the next request', async () => {
      assert.match(htmlOf(await get(t.app, `/seances/${ids.session}`)), /\d+ places restantes/);
      const res = await coordinator.post(`/equipe/seances/${ids.session}`, {
        workshop: String(ids.workshop),
        cycle: String(ids.cycle),
        venue: String(ids.venue),
        facilitator: String(ids.facilitator),
        date: '2099-03-03',
        start: '14:00',
        end: '16:30',
        seats: '11',
      }, `/equipe/seances/${ids.session}`);
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const taken = registered.length;
      assert.equal(seatsLeft(htmlOf(await get(t.app, `/seances/${ids.session}`))), String(11 - taken));
      assert.equal(seatsLeft(htmlOf(await get(t.app, '/ateliers'))), String(11 - taken));
    });

    test('two instances on one database: a write through the first is seen by the second’s next request', async () => {
      const second = await sibling();
      const url = `/seances/${ids.session}`;
      const shown = seatsLeft(htmlOf(await get(second, url)));
      const hits = second.pageCache.hits;
      assert.equal(seatsLeft(htmlOf(await get(second, url))), shown);
      assert.equal(second.pageCache.hits, hits + 1, 'the second instance serves its cached copy');
      await register(t.app, 'deuxieme@example.fr');
      assert.equal(seatsLeft(htmlOf(await get(second, url))), String(Number(shown) - 1), 'never the stale copy');
      assert.equal(seatsLeft(htmlOf(await get(second, '/ateliers'))), String(Number(shown) - 1));
    });

    test('a registration on the waitlist changes no public page: the cached copies stay in use, and stay exact', async () => {
      const full = await buildSession(t.database.db, { territoryId: ids.territory, cycleId: ids.cycle, workshopId: ids.workshop, venueId: ids.venue, seats: 1, seatsTaken: 1, startsAt: new Date('2099-04-04T13:00:00Z') });
      const url = `/seances/${full.id}`;
      const shown = htmlOf(await get(t.app, url));
      const hits = t.app.pageCache.hits;
      const page = await t.app.inject({ url: `${url}/inscription` });
      const f = form({ _csrf: csrfOf(page.body), first_name: 'Camille', last_name: 'Attente', email: 'attente@example.fr', company: 'Entreprise', sector: 'commerce', commune: '62767', level: 'debutant' });
      const cookie = Object.entries(cookiesOf(page)).map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await t.app.inject({ method: 'POST', url: `${url}/inscription`, payload: f.payload, headers: { ...f.headers, cookie } });
      assert.match(res.body, /liste d’attente/);
      const after = await get(t.app, url);
      assert.equal(t.app.pageCache.hits, hits + 1, 'served from the cache');
      assert.equal(htmlOf(after), shown);
      // and exact: what a fresh render shows (another instance, with its cache empty)
      assert.equal(htmlOf(await get(await sibling(), url)), shown);
    });

    test('staff and signed-in participants never get the anonymous copy, and their pages are never stored', async () => {
      const url = '/ateliers';
      await get(t.app, url);
      const anonymous = htmlOf(await get(t.app, url));
      assert.doesNotMatch(anonymous, /deconnexion/);
      const { hits, misses, size } = t.app.pageCache;
      const staffPage = await coordinator.get(url);
      assert.match(staffPage.body, /action="\/equipe\/deconnexion"/, 'the staff page, rendered for them');
      const participantId = (await t.database.db.selectFrom('participants').select('id').where('email', '=', registered[0]!).executeTakeFirstOrThrow()).id;
      const participant = await participantClient(t.app, t.database.db, participantId);
      assert.equal((await participant.get(url)).statusCode, 200);
      assert.deepEqual([t.app.pageCache.hits, t.app.pageCache.misses, t.app.pageCache.size], [hits, misses, size], 'neither served nor stored');
      assert.doesNotMatch(htmlOf(await get(t.app, url)), /deconnexion/, 'the anonymous copy has no staff markup');
      assert.equal(t.app.pageCache.hits, hits + 1);
      // a campaign link sets its cookie: rendered, not served from the cache
      const campaign = await get(t.app, `${url}?ref=affiche-mairie`);
      assert.match(String(campaign.headers['set-cookie']), /boutic_ref=affiche-mairie/);
      // a query parameter the page does not read: rendered, not stored (nobody fills the cache with variants)
      const sizeBefore = t.app.pageCache.size;
      assert.equal((await get(t.app, `${url}?x=${Math.random()}`)).statusCode, 200);
      assert.equal(t.app.pageCache.size, sizeBefore);
    });

    test('requests for one page at once after a write render it once', async () => {
      await register(t.app, 'troisieme@example.fr');
      const queries = t.database.queryCount();
      const answers = await Promise.all(Array.from({ length: 12 }, () => get(t.app, '/ateliers')));
      const perRequest = t.database.queryCount() - queries;
      const pages = new Set(answers.map(htmlOf));
      assert.equal(pages.size, 1, 'all the same page');
      assert.equal(seatsLeft([...pages][0]!), String(11 - registered.length));
      // each request reads the territory once; one render reads a handful more: far fewer than 12 renders
      assert.ok(perRequest < 12 + 12, `${perRequest} queries for 12 requests`);
    });

    test('the memory cap evicts the least recently used pages', async () => {
      const small = await sibling({ pageCacheMb: 0.02 }); // 20 KB: two or three of these pages
      for (const url of pages()) await get(small, url, {});
      assert.ok(small.pageCache.evictions > 0, `some pages were evicted (${small.pageCache.size} pages, ${small.pageCache.bytes} bytes held)`);
      assert.ok(small.pageCache.bytes <= 0.02 * 1024 * 1024, `${small.pageCache.bytes} bytes held`);
      const last = pages().at(-1)!;
      const hits = small.pageCache.hits;
      await get(small, last, {});
      assert.equal(small.pageCache.hits, hits + 1, 'the most recent page is still there');
    });
  });
}
