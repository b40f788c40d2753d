import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../test/factories.js';
import { formatMonth } from './format.js';
import { parisMonthOf } from './filters.js';

/** The session ids linked from a page, in order (every session card and calendar entry links to /seances/:id). */
const sessionIds = (html: string) => [...html.matchAll(/href="\/seances\/(\d+)"/g)].map((m) => Number(m[1]));
/** The href of the link whose text is `text`, decoded from HTML. */
const hrefOf = (html: string, text: string) => new RegExp(`<a href="([^"]*)"[^>]*>${text}</a>`).exec(html)?.[1]?.replace(/&amp;/g, '&');
const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!);

for (const tier of databaseTiers()) {
  describe(`public catalogue on ${tier.name}`, () => {
    let t: TestApp;
    const ids: Record<string, number> = {};
    const get = (url: string) => t.app.inject({ url });

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const other = await buildTerritory(db); // a second territory: none of its data may show
      const tid = territory.id;
      await buildStaff(db, { territoryId: tid }); // past the first-run page
      const frevent = await buildVenueWith(db, {
        territoryId: tid,
        slug: 'frevent-test',
        name: 'Cybercentre de Frévent',
        commune_code: '62361',
        address: '2 rue du Château',
        workstations: 8,
        equipment: 'Vidéoprojecteur, imprimante',
        opening_hours: 'Lundi et mercredi, 9 h – 12 h',
        contact_phone: '03 21 00 00 02',
        contact_email: 'frevent@example.fr',
        website: 'https://frevent.example.fr/',
      });
      const stpol = await buildVenueWith(db, { territoryId: tid, slug: 'st-pol', name: 'Cybercentre de Saint-Pol', commune_code: '62767', accessible_prm: 0 });
      const site = await buildWorkshopWith(db, {
        territoryId: tid,
        slug: 'creer-son-site',
        title: 'Créer son site <script>alert("x")</script>',
        theme: 'web',
        level: 'intermediaire',
        duration_minutes: 150,
        description: 'Premier paragraphe.\n\nSecond paragraphe.',
        objectives: 'Choisir une solution ; préparer ses contenus',
        prerequisites: 'Savoir naviguer sur Internet.',
        follow_on_partner: 'CCI',
        follow_on_title: 'Lancer sa boutique en ligne',
        follow_on_url: 'https://www.cci.fr/boutique',
      });
      const secu = await buildWorkshopWith(db, { territoryId: tid, slug: 'securite', title: 'La sécurité en ligne', theme: 'securite', follow_on_partner: 'CMA', follow_on_title: 'Cyber', follow_on_url: 'javascript:alert(1)' });
      const bulk = await buildWorkshopWith(db, { territoryId: tid, slug: 'bureautique', title: 'Bureautique', theme: 'outils' });
      const hidden = await buildWorkshopWith(db, { territoryId: tid, slug: 'brouillon', title: 'Atelier brouillon', published: 0 });
      const away = await buildWorkshopWith(db, { territoryId: other.id, slug: 'ailleurs', title: 'Atelier d’ailleurs' });
      const awayVenue = await buildVenueWith(db, { territoryId: other.id, slug: 'lieu-ailleurs' });
      const cycle = await buildCycle(db, { territoryId: tid });
      const session = (key: string, input: Omit<Parameters<typeof buildSession>[1], 'territoryId' | 'cycleId'>, territoryId = tid) =>
        buildSession(db, { territoryId, cycleId: territoryId === tid ? cycle.id : undefined, ...input }).then((s) => (ids[key] = s.id));
      // mardi 3 mars 2099, 14 h in Paris (UTC+1)
      await session('s1', { workshopId: site.id, venueId: frevent.id, startsAt: new Date('2099-03-03T13:00:00Z'), seats: 8, seatsTaken: 3, beginner: 1 });
      await session('full', { workshopId: site.id, venueId: stpol.id, startsAt: new Date('2099-03-10T13:00:00Z'), seats: 8, seatsTaken: 8 });
      // mardi 7 avril 2099, 14 h in Paris (summer time, UTC+2)
      await session('cancelled', { workshopId: secu.id, venueId: frevent.id, startsAt: new Date('2099-04-07T12:00:00Z'), status: 'cancelled' });
      await session('november', { workshopId: secu.id, venueId: stpol.id, startsAt: new Date('2099-10-31T23:30:00Z') }); // 1 Nov 00:30 in Paris
      await session('october', { workshopId: secu.id, venueId: stpol.id, startsAt: new Date('2099-10-31T22:30:00Z') }); // 31 Oct 23:30 in Paris
      await session('past', { workshopId: site.id, venueId: frevent.id, startsAt: new Date('2020-03-02T13:00:00Z'), status: 'held' });
      await session('dst2026', { workshopId: secu.id, venueId: frevent.id, startsAt: new Date('2026-10-31T23:30:00Z'), status: 'held' });
      await session('hidden', { workshopId: hidden.id, venueId: frevent.id, startsAt: new Date('2099-05-05T12:00:00Z') });
      await session('away', { workshopId: away.id, venueId: awayVenue.id, startsAt: new Date('2099-03-04T12:00:00Z') }, other.id);
      for (let i = 0; i < 45; i++) await session(`bulk${i}`, { workshopId: bulk.id, venueId: stpol.id, startsAt: new Date(Date.parse('2099-06-01T07:00:00Z') + i * 86_400_000) });
    });
    after(() => t.close());

    test('the catalogue lists the coming sessions of published workshops, in French, cancelled ones marked', async () => {
      const res = await get('/ateliers');
      assert.equal(res.statusCode, 200);
      assert.equal((res.body.match(/<h1[ >]/g) ?? []).length, 1);
      assert.match(res.body, /mardi 3 mars 2099 de 14 h à 16 h 30/);
      assert.match(res.body, /5 places restantes/);
      assert.match(res.body, /Complet/);
      assert.match(res.body, /Annulée/);
      assert.match(res.body, /Créneau débutants/);
      assert.match(res.body, /50 séance\(s\) à venir/); // s1, full, cancelled, november, october and 45 bulk
      const shown = sessionIds(res.body);
      assert.deepEqual(shown.slice(0, 3), [ids.s1, ids.full, ids.cancelled]);
      for (const key of ['past', 'hidden', 'away', 'dst2026']) assert.ok(!shown.includes(ids[key]!), key);
      assert.doesNotMatch(res.body, /Atelier brouillon|Atelier d’ailleurs/);
      // the workshops, by theme
      assert.match(res.body, /<h3 id="theme-\d">Site web<\/h3>/);
      assert.match(res.body, /href="\/ateliers\/securite"/);
      assert.match(res.body, /href="\/calendrier"/);
    });

    test('text from the database is escaped', async () => {
      for (const url of ['/ateliers', '/ateliers/creer-son-site', `/seances/${ids.s1}`, '/calendrier?mois=2099-03']) {
        const res = await get(url);
        assert.match(res.body, /Créer son site &lt;script>alert\(&quot;x&quot;\)&lt;\/script>/, url);
        assert.doesNotMatch(res.body, /<script>alert/, url);
      }
    });

    test('each filter narrows the list', async () => {
      const list = async (qs: string) => {
        const res = await get(`/ateliers?${qs}`);
        assert.equal(res.statusCode, 200, qs);
        assert.doesNotMatch(res.body, /ignorés/, qs);
        return sessionIds(res.body);
      };
      assert.deepEqual(await list('lieu=frevent-test'), [ids.s1, ids.cancelled]);
      const stPol = await list('commune=62767'); // full, 45 bulk, october, november: 48 on 3 pages
      assert.equal(stPol[0], ids.full);
      assert.ok(!stPol.includes(ids.s1!) && !stPol.includes(ids.cancelled!));
      assert.match((await get('/ateliers?commune=62767')).body, /48 séance\(s\) à venir/);
      assert.deepEqual(await list('theme=securite'), [ids.cancelled, ids.october, ids.november]);
      assert.deepEqual(await list('niveau=intermediaire'), [ids.s1, ids.full]);
      assert.deepEqual(await list('mois=2099-11'), [ids.november]);
      assert.deepEqual(await list('mois=2099-10'), [ids.october]);
      assert.deepEqual(await list('places=1&theme=web'), [ids.s1]);
      assert.deepEqual(await list('places=1&lieu=frevent-test'), [ids.s1], 'a cancelled session has no seat to offer');
      assert.deepEqual(await list('theme=web&lieu=st-pol'), [ids.full]);
      const res = await get('/ateliers?theme=web&niveau=debutant');
      assert.match(res.body, /Aucune séance à venir ne correspond/);
      assert.match(res.body, /<option value="web" selected>/, 'the form shows the chosen filter');
    });

    test('unknown filter values are ignored with a French message, never an error', async () => {
      const res = await get('/ateliers?lieu=nulle-part&commune=99999&theme=%3Cscript%3E&niveau=expert&mois=2099-13&places=oui');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Ces critères n’ont pas été reconnus et sont ignorés : lieu, commune, thème, niveau, mois, places\./);
      assert.match(res.body, /50 séance\(s\) à venir/);
      assert.doesNotMatch(res.body, /<script>/);
      assert.equal((await get('/ateliers?lieu=lieu-ailleurs')).body.includes('ignorés : lieu'), true, "another territory's venue is unknown here");
    });

    test('the list is paginated, the links keep the filters; past the last page is a 404', async () => {
      const first = await get('/ateliers?theme=outils');
      assert.match(first.body, /45 séance\(s\) à venir/);
      assert.equal(sessionIds(first.body).length, 20);
      assert.match(first.body, /<nav class="pagination" aria-label="Pages de la liste des séances">/);
      assert.equal(hrefOf(first.body, 'Page suivante'), '/ateliers?theme=outils&page=2');
      assert.match(first.body, /<a href="\/ateliers\?theme=outils" aria-current="page" aria-label="Page 1">1<\/a>/);
      const third = await get('/ateliers?theme=outils&places=1&page=3');
      assert.equal(third.statusCode, 200);
      assert.equal(sessionIds(third.body).length, 5);
      assert.equal(hrefOf(third.body, 'Page précédente'), '/ateliers?theme=outils&places=1&page=2');
      assert.match(third.body, /page 3 sur 3/);
      assert.equal((await get('/ateliers?theme=outils&page=4')).statusCode, 404);
      for (const bad of ['abc', '0', '-1', '2.5']) {
        const res = await get(`/ateliers?theme=outils&page=${bad}`);
        assert.equal(res.statusCode, 200, bad);
        assert.deepEqual(sessionIds(res.body), sessionIds(first.body), `page=${bad} reads as page 1`);
      }
    });

    test('a workshop page: details, follow-on training, next sessions', async () => {
      const res = await get('/ateliers/creer-son-site');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Créer son site &lt;script>/);
      assert.match(res.body, /<dd>2 h 30<\/dd>/);
      assert.match(res.body, /<dd>Intermédiaire<\/dd>/);
      assert.match(res.body, /Savoir naviguer sur Internet\./);
      assert.match(res.body, /<p>Premier paragraphe\.<\/p><p>Second paragraphe\.<\/p>/);
      assert.match(res.body, /<li>Choisir une solution<\/li><li>Préparer ses contenus<\/li>/);
      assert.match(res.body, /Pour aller plus loin : <a href="https:\/\/www\.cci\.fr\/boutique">CCI — Lancer sa boutique en ligne<\/a>/);
      assert.deepEqual(sessionIds(res.body), [ids.s1, ids.full]);
      const secu = await get('/ateliers/securite');
      assert.match(secu.body, /Pour aller plus loin : CMA — Cyber/);
      assert.doesNotMatch(secu.body, /javascript:/, 'a stored javascript: address never becomes a link');
    });

    test('unknown, unpublished and other territories’ workshops and venues are 404', async () => {
      for (const url of ['/ateliers/inconnu', '/ateliers/brouillon', '/ateliers/ailleurs', '/lieux/inconnu', '/lieux/lieu-ailleurs']) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /Page introuvable/);
      }
    });

    test('a session page: French date, venue, seats, the call to action only when one can register', async () => {
      const res = await get(`/seances/${ids.s1}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /mardi 3 mars 2099 de 14 h à 16 h 30/);
      assert.match(res.body, /<a href="\/lieux\/frevent-test">Cybercentre de Frévent<\/a><br\/>2 rue du Château<br\/>62270 Frévent/);
      assert.match(res.body, /Accessible aux personnes à mobilité réduite/);
      assert.match(res.body, /<dd>5 sur 8<\/dd>/);
      assert.match(res.body, /Créneau débutants/);
      assert.match(res.body, new RegExp(`<a class="button" href="/seances/${ids.s1}/inscription">S’inscrire`));
      const full = await get(`/seances/${ids.full}`);
      assert.match(full.body, /<dd>Complet<\/dd>/);
      assert.match(full.body, /Non accessible aux personnes à mobilité réduite/);
      assert.doesNotMatch(full.body, /\/inscription"/);
      const cancelled = await get(`/seances/${ids.cancelled}`);
      assert.equal(cancelled.statusCode, 200, 'a cancelled session stays visible');
      assert.match(cancelled.body, /Cette séance est annulée/);
      assert.doesNotMatch(cancelled.body, /\/inscription"/);
      const past = await get(`/seances/${ids.past}`);
      assert.match(past.body, /Cette séance a déjà eu lieu/);
      assert.doesNotMatch(past.body, /\/inscription"/);
    });

    test('a session page carries a schema.org Event in JSON-LD', async () => {
      const event = jsonLd((await get(`/seances/${ids.s1}`)).body);
      assert.equal(event['@type'], 'Event');
      assert.equal(event.name, 'Créer son site <script>alert("x")</script>', 'the title survives the \\u003c escape');
      assert.equal(event.startDate, '2099-03-03T14:00:00+01:00');
      assert.equal(event.endDate, '2099-03-03T16:30:00+01:00');
      assert.equal(event.eventStatus, 'https://schema.org/EventScheduled');
      assert.equal(event.eventAttendanceMode, 'https://schema.org/OfflineEventAttendanceMode');
      assert.deepEqual(event.location.address, { '@type': 'PostalAddress', streetAddress: '2 rue du Château', postalCode: '62270', addressLocality: 'Frévent', addressCountry: 'FR' });
      assert.equal(event.location['@type'], 'Place');
      assert.deepEqual({ ...event.offers, url: undefined }, { '@type': 'Offer', price: 0, priceCurrency: 'EUR', url: undefined, availability: 'https://schema.org/InStock' });
      assert.equal(event.remainingAttendeeCapacity, 5);
      assert.equal(event.maximumAttendeeCapacity, 8);
      assert.deepEqual(event.organizer, { '@type': 'Organization', name: 'Boutic', url: t.config.baseUrl });
      const cancelled = jsonLd((await get(`/seances/${ids.cancelled}`)).body);
      assert.equal(cancelled.eventStatus, 'https://schema.org/EventCancelled');
      assert.equal(cancelled.startDate, '2099-04-07T14:00:00+02:00', 'summer time');
      assert.equal(cancelled.offers.availability, 'https://schema.org/SoldOut');
      assert.equal(jsonLd((await get(`/seances/${ids.full}`)).body).remainingAttendeeCapacity, 0);
    });

    test('a session id that is not a number, unknown, unpublished or elsewhere is a 404', async () => {
      for (const id of ['abc', '0', '-1', '1e3', '12abc', '99999999', '99999999999999999999', String(ids.hidden), String(ids.away)]) {
        assert.equal((await get(`/seances/${id}`)).statusCode, 404, id);
      }
    });

    test('a venue page: address, equipment, hours, contact, next sessions', async () => {
      const res = await get('/lieux/frevent-test');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Cybercentre de Frévent<\/h1>/);
      assert.match(res.body, /2 rue du Château<br\/>62270 Frévent/);
      assert.match(res.body, /<dd>8 postes<\/dd>/);
      assert.match(res.body, /Vidéoprojecteur, imprimante/);
      assert.match(res.body, /Lundi et mercredi, 9 h – 12 h/);
      assert.match(res.body, /<a href="tel:\+33321000002">03 21 00 00 02<\/a>/);
      assert.match(res.body, /<a href="mailto:frevent@example.fr">/);
      assert.match(res.body, /<a href="https:\/\/frevent\.example\.fr\/">/);
      assert.deepEqual(sessionIds(res.body), [ids.s1, ids.cancelled]);
      assert.match(res.body, /href="\/calendrier\?lieu=frevent-test"/);
    });

    test('the calendar shows a Paris month as an accessible table; a session at 23:30 UTC on 31 October is on 1 November', async () => {
      const nov = await get('/calendrier?mois=2026-11');
      assert.equal(nov.statusCode, 200);
      assert.match(nov.body, /<caption>novembre 2026<\/caption>/);
      assert.equal((nov.body.match(/<th scope="col">/g) ?? []).length, 7);
      assert.match(nov.body, /<th scope="col"><span aria-hidden="true">lun\.<\/span><span class="visually-hidden">lundi<\/span><\/th>/);
      assert.match(nov.body, new RegExp(`<span class="cal-day">1</span><ul class="cal-sessions"><li><a href="/seances/${ids.dst2026}">`));
      assert.ok(!sessionIds((await get('/calendrier?mois=2026-10')).body).includes(ids.dst2026!));
      const oct = await get('/calendrier?mois=2099-10');
      assert.match(oct.body, new RegExp(`<span class="cal-day">31</span><ul class="cal-sessions"><li><a href="/seances/${ids.october}">`));
      assert.deepEqual(sessionIds(oct.body), [ids.october]);
      const apr = await get('/calendrier?mois=2099-04');
      assert.match(apr.body, /<li class="cal-cancelled">/);
      assert.match(apr.body, /\(annulée\)/);
    });

    test('the calendar: filters, month links that keep them, the current month by default', async () => {
      const march = await get('/calendrier?mois=2099-03&lieu=frevent-test');
      assert.deepEqual(sessionIds(march.body), [ids.s1]);
      assert.equal(hrefOf(march.body, 'Mois précédent : février 2099'), '/calendrier?lieu=frevent-test&mois=2099-02');
      assert.equal(hrefOf(march.body, 'Mois suivant : avril 2099'), '/calendrier?lieu=frevent-test&mois=2099-04');
      assert.equal(hrefOf(march.body, 'Voir ces séances sous forme de liste'), '/ateliers?lieu=frevent-test&mois=2099-03');
      assert.match(march.body, /<input type="hidden" name="mois" value="2099-03"\/>/);
      assert.deepEqual(sessionIds((await get('/calendrier?mois=2099-03&theme=web')).body), [ids.s1, ids.full]);
      assert.deepEqual(sessionIds((await get('/calendrier?mois=2099-03&places=1')).body), [ids.s1]);
      const current = formatMonth(parisMonthOf(new Date()));
      assert.match((await get('/calendrier')).body, new RegExp(`<caption>${current}</caption>`));
      const bad = await get('/calendrier?mois=2099-99');
      assert.equal(bad.statusCode, 200);
      assert.match(bad.body, new RegExp(`<caption>${current}</caption>`));
      assert.match(bad.body, /ignorés : mois/);
      const list = await get('/ateliers?mois=2099-03&theme=web');
      assert.equal(hrefOf(list.body, 'Voir ces séances dans le calendrier'), '/calendrier?theme=web&mois=2099-03');
    });

    test('the home page links its cards to the session and venue pages, and to the catalogue', async () => {
      const res = await get('/');
      assert.match(res.body, new RegExp(`<a href="/seances/${ids.s1}">`));
      assert.match(res.body, /<a href="\/lieux\/frevent-test">Cybercentre de Frévent<\/a>/);
      assert.match(res.body, /href="\/ateliers"/);
      assert.match(res.body, /href="\/calendrier"/);
    });
  });

  describe(`catalogue query count on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    let ids: { workshop: number; venue: number; cycle: number; session: number };
    before(async () => {
      // the queries of a render: without the page cache (test/page-cache.test.ts), which would answer the second round
      t = await createTestApp(tier, { PAGE_CACHE_MB: '0' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db)).id;
      await buildStaff(db, { territoryId });
      const workshop = await buildWorkshopWith(db, { territoryId, slug: 'compte' });
      const venue = await buildVenueWith(db, { territoryId, slug: 'lieu-compte' });
      const cycle = await buildCycle(db, { territoryId });
      ids = { workshop: workshop.id, venue: venue.id, cycle: cycle.id, session: 0 };
      await addSessions(5);
    });
    after(() => t.close());

    async function addSessions(n: number) {
      for (let i = 0; i < n; i++) {
        const s = await buildSession(t.database.db, { territoryId, workshopId: ids.workshop, venueId: ids.venue, cycleId: ids.cycle, startsAt: new Date(Date.parse('2099-03-02T08:00:00Z') + i * 3_600_000 * 7), seatsTaken: i % 3 });
        ids.session ||= s.id;
      }
    }

    async function counts(): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      await t.app.inject({ url: '/' }); // the first request of a process checks the setup once
      for (const url of ['/ateliers', '/ateliers?theme=internet&places=1&page=1', '/ateliers/compte', `/seances/${ids.session}`, '/lieux/lieu-compte', '/calendrier?mois=2099-03']) {
        const before = t.database.queryCount();
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        out[url] = t.database.queryCount() - before;
      }
      return out;
    }

    test('each page runs a bounded number of queries, the same for 5 or 60 sessions', async () => {
      const few = await counts();
      await addSessions(55);
      const many = await counts();
      assert.deepEqual(many, few);
      for (const [url, n] of Object.entries(many)) assert.ok(n <= 5, `${url}: ${n} queries`);
    });
  });
}
