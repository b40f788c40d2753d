import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../test/factories.js';
import { buildCalendar } from './calendar.js';
import type { FeedSession } from './queries.js';

interface ParsedEvent {
  uid: string;
  summary: string;
  location: string;
  description: string;
  url: string;
  status: string;
  sequence: number;
  start: Date;
  end: Date;
  lastModified: Date;
  stamp: Date;
}

/** Reads a feed with ical.js, a parser that shares nothing with the writer. */
function parseFeed(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const time = (name: string) => (vevent.getFirstPropertyValue(name) as ICAL.Time).toJSDate();
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      url: String(vevent.getFirstPropertyValue('url')),
      status: String(vevent.getFirstPropertyValue('status')),
      sequence: event.sequence,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      lastModified: time('last-modified'),
      stamp: time('dtstamp'),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

const parisClock = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

/** Every instant of the feed is UTC (…Z): no TZID that would need a VTIMEZONE, no floating local time. */
function assertUtcInstants(text: string) {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const lines = unfolded.split('\r\n').filter((l) => /^(DTSTART|DTEND|DTSTAMP|LAST-MODIFIED|CREATED)[;:]/.test(l));
  assert.equal(lines.length > 0, text.includes('BEGIN:VEVENT'));
  for (const line of lines) assert.match(line, /^[A-Z-]+:\d{8}T\d{6}Z$/, line);
  assert.doesNotMatch(unfolded, /TZID/);
}

function feedSession(overrides: Partial<FeedSession>): FeedSession {
  return {
    id: 1,
    starts_at: '2026-10-23T07:00:00.000Z',
    ends_at: '2026-10-23T09:30:00.000Z',
    status: 'scheduled',
    sequence: 0,
    beginner: 0,
    created_at: '2026-09-01T10:00:00.000Z',
    updated_at: null,
    workshop_title: 'Créer son site web',
    workshop_summary: 'Choisir, construire, publier.',
    venue_name: 'Cybercentre de Frévent',
    venue_address: '2 rue du Château',
    commune_name: 'Frévent',
    postcodes: '62270',
    ...overrides,
  };
}

test('a calendar written across the October change of time reads back at 9:00 in Paris on both sides', () => {
  const text = buildCalendar({
    name: 'Boutic — ateliers',
    description: 'Les séances',
    baseUrl: 'https://ateliers.example.fr',
    now: new Date('2026-11-28T10:00:00Z'),
    sessions: [
      feedSession({ id: 1, starts_at: '2026-10-23T07:00:00.000Z', ends_at: '2026-10-23T09:30:00.000Z' }), // UTC+2
      feedSession({ id: 2, starts_at: '2026-10-30T08:00:00.000Z', ends_at: '2026-10-30T10:30:00.000Z', status: 'cancelled', sequence: 3 }), // UTC+1
    ],
  });
  assertUtcInstants(text);
  const { events } = parseFeed(text);
  assert.deepEqual(events.map((e) => parisClock.format(e.start)), ['23/10/2026 09:00', '30/10/2026 09:00']);
  assert.deepEqual(events.map((e) => parisClock.format(e.end)), ['23/10/2026 11:30', '30/10/2026 11:30']);
  assert.deepEqual(events.map((e) => e.uid), ['seance-1@ateliers.example.fr', 'seance-2@ateliers.example.fr']);
  assert.equal(events[1]!.status, 'CANCELLED');
  assert.equal(events[1]!.sequence, 3);
  assert.equal(events[0]!.location, 'Cybercentre de Frévent, 2 rue du Château, 62270 Frévent');
});

test('text with commas, semicolons, backslashes and long lines survives the round trip', () => {
  const title = 'Vendre en ligne ; payer, livrer \\ retourner — l’e-commerce « pour de vrai »';
  const summary = 'Résumé '.repeat(40).trim();
  const text = buildCalendar({
    name: 'Boutic',
    description: 'x',
    baseUrl: 'http://localhost:3000',
    now: new Date(),
    sessions: [feedSession({ workshop_title: title, workshop_summary: summary, venue_address: '1 place de l’Hôtel de Ville, 62130 Saint-Pol-sur-Ternoise', commune_name: 'Saint-Pol-sur-Ternoise', postcodes: '62130' })],
  });
  // RFC 5545 §3.1: lines folded at 75 octets (UTF-8), not 75 characters
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  const [event] = parseFeed(text).events;
  assert.equal(event!.summary, title);
  assert.ok(event!.description.startsWith(summary));
  assert.equal(event!.location, 'Cybercentre de Frévent, 1 place de l’Hôtel de Ville, 62130 Saint-Pol-sur-Ternoise');
});

for (const tier of databaseTiers()) {
  describe(`iCalendar feeds on ${tier.name}`, () => {
    let t: TestApp;
    let frevent: { id: number; slug: string };
    let saintPol: { id: number; slug: string };
    let workshop: { id: number; slug: string; title: string };
    let summer: number;
    let winter: number;
    let cancelled: number;
    let old: number;
    let recent: number;
    let hidden: number;
    let base: { territoryId: number; cycleId: number; workshopId: number };
    const host = 'ateliers.example.fr';

    before(async () => {
      t = await createTestApp(tier, { BASE_URL: `https://${host}` });
      const db = t.database.db;
      const territory = await buildTerritory(db);
      await buildStaff(db, { territoryId: territory.id });
      frevent = await buildVenueWith(db, { territoryId: territory.id, name: 'Cybercentre de Frévent', commune_code: '62361', address: '2 rue du Château', slug: 'frevent' });
      saintPol = await buildVenueWith(db, { territoryId: territory.id, name: 'Cybercentre de Saint-Pol', commune_code: '62767', slug: 'saint-pol' });
      workshop = await buildWorkshopWith(db, { territoryId: territory.id, title: 'Créer son site web', summary: 'Choisir, construire, publier.', slug: 'site-web' });
      const unpublished = await buildWorkshopWith(db, { territoryId: territory.id, title: 'Atelier en préparation', published: 0, slug: 'brouillon' });
      const cycle = await buildCycle(db, { territoryId: territory.id });
      base = { territoryId: territory.id, cycleId: cycle.id, workshopId: workshop.id };
      // Far ahead, so that the feed's window (from 60 days ago) always holds them: Fridays around the
      // last Sunday of October 2099, 9:00 in Paris on both sides of the change of time.
      summer = (await buildSessionWith(db, { ...base, venueId: frevent.id, startsAt: new Date('2099-10-23T07:00:00Z'), set: { sequence: 2, updated_at: '2099-09-01T12:00:00.000Z' } })).id;
      winter = (await buildSessionWith(db, { ...base, venueId: frevent.id, startsAt: new Date('2099-10-30T08:00:00Z'), beginner: 1 })).id;
      cancelled = (await buildSessionWith(db, { ...base, venueId: saintPol.id, startsAt: new Date('2099-11-06T08:00:00Z'), status: 'cancelled', set: { sequence: 1 } })).id;
      recent = (await buildSessionWith(db, { ...base, venueId: saintPol.id, startsAt: new Date(Date.now() - 10 * 86400_000), status: 'held' })).id;
      old = (await buildSessionWith(db, { ...base, venueId: saintPol.id, startsAt: new Date(Date.now() - 90 * 86400_000), status: 'held' })).id;
      hidden = (await buildSessionWith(db, { ...base, workshopId: unpublished.id, venueId: frevent.id, startsAt: new Date('2099-10-26T08:00:00Z') })).id;
      // another territory's session never shows
      const elsewhere = await buildTerritory(db);
      await buildSessionWith(db, { territoryId: elsewhere.id, startsAt: new Date('2099-10-24T08:00:00Z') });
    });
    after(() => t.close());

    async function fetchFeed(url: string) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
      assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/);
      assertUtcInstants(res.body);
      return { text: res.body, ...parseFeed(res.body) };
    }

    test('the programme feed holds the published sessions, Paris times right on both sides of the change of time', async () => {
      const feed = await fetchFeed('/agenda.ics');
      assert.match(feed.name, /Boutic/);
      assert.match(feed.name, /Pays du Ternois/);
      const byUid = new Map(feed.events.map((e) => [e.uid, e]));
      assert.deepEqual([...byUid.keys()].sort(), [recent, summer, winter, cancelled].map((id) => `seance-${id}@${host}`).sort());
      assert.equal(byUid.get(`seance-${recent}@${host}`)!.status, 'CONFIRMED', 'a held session stays in subscribers’ calendars');
      assert.ok(!byUid.has(`seance-${old}@${host}`), 'older than 60 days');
      assert.ok(!byUid.has(`seance-${hidden}@${host}`), 'unpublished workshop');

      const s = byUid.get(`seance-${summer}@${host}`)!;
      const w = byUid.get(`seance-${winter}@${host}`)!;
      assert.equal(parisClock.format(s.start), '23/10/2099 09:00');
      assert.equal(parisClock.format(w.start), '30/10/2099 09:00');
      assert.equal(parisClock.format(s.end), '23/10/2099 11:30');
      assert.equal(s.summary, 'Créer son site web');
      assert.equal(s.location, 'Cybercentre de Frévent, 2 rue du Château, 62270 Frévent');
      assert.match(s.description, /^Choisir, construire, publier\./);
      assert.ok(s.description.includes(`https://${host}/seances/${summer}`));
      assert.equal(s.url, `https://${host}/seances/${summer}`);
      assert.match(w.description, /Créneau débutants/);
      assert.equal(s.status, 'CONFIRMED');
      assert.equal(s.sequence, 2);
      assert.equal(w.sequence, 0);
      assert.equal(s.lastModified.toISOString(), '2099-09-01T12:00:00.000Z');
      assert.ok(Math.abs(s.stamp.getTime() - Date.now()) < 60_000, 'DTSTAMP is the time of writing');

      const c = byUid.get(`seance-${cancelled}@${host}`)!;
      assert.equal(c.status, 'CANCELLED');
      assert.equal(c.sequence, 1);
      assert.match(c.summary, /^Annulée — Créer son site web$/);
    });

    test('UIDs are stable across fetches and the same in every feed', async () => {
      const first = await fetchFeed('/agenda.ics');
      const second = await fetchFeed('/agenda.ics');
      assert.deepEqual(second.events.map((e) => e.uid), first.events.map((e) => e.uid));
      const venue = await fetchFeed(`/lieux/${frevent.slug}/agenda.ics`);
      for (const e of venue.events) assert.ok(first.events.some((f) => f.uid === e.uid));
    });

    test('the venue feed holds only that venue’s sessions', async () => {
      const feed = await fetchFeed(`/lieux/${frevent.slug}/agenda.ics`);
      assert.deepEqual(feed.events.map((e) => e.uid), [summer, winter].map((id) => `seance-${id}@${host}`));
      assert.ok(feed.events.every((e) => e.location.startsWith('Cybercentre de Frévent')));
      assert.match(feed.name, /Cybercentre de Frévent/);
      const other = await fetchFeed(`/lieux/${saintPol.slug}/agenda.ics`);
      assert.deepEqual(other.events.map((e) => e.status), ['CONFIRMED', 'CANCELLED']);
    });

    test('the workshop feed holds that workshop’s sessions; an empty one is still a valid calendar', async () => {
      const feed = await fetchFeed(`/ateliers/${workshop.slug}/agenda.ics`);
      assert.equal(feed.events.length, 4);
      assert.match(feed.name, /Créer son site web/);
      const db = t.database.db;
      const territory = await db.selectFrom('workshops').select('territory_id').where('id', '=', workshop.id).executeTakeFirstOrThrow();
      const lonely = await buildWorkshopWith(db, { territoryId: territory.territory_id, title: 'Sans date', slug: 'sans-date' });
      const empty = await fetchFeed(`/ateliers/${lonely.slug}/agenda.ics`);
      assert.equal(empty.events.length, 0);
      assert.match(empty.name, /Sans date/);
    });

    test('unknown venues and workshops, and unpublished workshops, are 404', async () => {
      for (const url of ['/lieux/inconnu/agenda.ics', '/ateliers/inconnu/agenda.ics', '/ateliers/brouillon/agenda.ics']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 404, url);
      }
    });

    test('a feed costs the same few queries for 5 sessions as for 50', async () => {
      const add = async (n: number, from: number) => {
        for (let i = 0; i < n; i++) {
          await buildSessionWith(t.database.db, { ...base, venueId: frevent.id, startsAt: new Date(Date.parse('2099-01-05T08:00:00Z') + (from + i) * 86400_000) });
        }
      };
      const urls = ['/agenda.ics', `/lieux/${frevent.slug}/agenda.ics`, `/ateliers/${workshop.slug}/agenda.ics`];
      const count = async () => {
        const used: number[] = [];
        for (const url of urls) {
          const before = t.database.queryCount();
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 200);
          used.push(t.database.queryCount() - before);
        }
        return used;
      };
      await t.app.inject({ url: '/agenda.ics' }); // the first request of a process checks the set-up once
      await add(5, 0);
      const few = await count();
      await add(45, 5);
      const many = await count();
      assert.deepEqual(many, few);
      // the territory and programme, then the sessions with their workshop, venue and commune
      assert.ok(few.every((n) => n <= 2), `${few.join(', ')} queries`);
      assert.equal(parseFeed((await t.app.inject({ url: `/lieux/${frevent.slug}/agenda.ics` })).body).events.length, 52);
    });
  });
}
