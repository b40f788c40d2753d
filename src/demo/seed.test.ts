import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { verifyPassword } from '../platform/auth/passwords.js';
import { parisParts, parisTime } from './calendar.js';
import { seedDemo } from './seed.js';

const NOW = new Date('2026-11-28T10:00:00Z');

test('Paris wall-clock times convert to the right UTC instant on both sides of the DST change', () => {
  assert.equal(parisTime('2026-10-23', 9).toISOString(), '2026-10-23T07:00:00.000Z'); // UTC+2
  assert.equal(parisTime('2026-10-26', 9).toISOString(), '2026-10-26T08:00:00.000Z'); // UTC+1
  assert.equal(parisTime('2027-03-29', 18).toISOString(), '2027-03-29T16:00:00.000Z');
  assert.deepEqual(parisParts(new Date('2026-12-31T23:30:00Z')).date, '2027-01-01');
});

for (const tier of databaseTiers()) {
  describe(`demo of the Pays du Ternois on ${tier.name}`, () => {
    test('loads the territory, venues, catalogue, cycles, people and registrations, consistent and once', async (t) => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const t0 = performance.now();
        const result = await seedDemo(db, { now: NOW });
        const ms = performance.now() - t0;
        t.diagnostic(`seedDemo on ${tier.name}: ${Math.round(ms)} ms, ${JSON.stringify(result.counts)}`);
        assert.ok(ms < 10_000, `seeded in ${Math.round(ms)} ms`);
        assert.equal(result.created, true);
        assert.equal(result.counts.communes, 103);
        assert.equal(result.counts.venues, 4);
        assert.ok(result.counts.workshops >= 15);
        assert.ok(result.counts.participants >= 90 && result.counts.participants <= 110);

        const venues = await db.selectFrom('venues').select(['id', 'commune_code', 'name', 'workstations']).orderBy('commune_code').execute();
        assert.deepEqual(venues.map((v) => v.commune_code), ['62060', '62361', '62652', '62767']);
        assert.match(venues.find((v) => v.commune_code === '62652')!.name, /Pernes-en-Artois/);
        const workshops = await db.selectFrom('workshops').select(['description', 'duration_minutes', 'level']).execute();
        assert.ok(workshops.every((w) => w.description && w.duration_minutes >= 120 && w.duration_minutes <= 180));
        const programme = await db.selectFrom('programmes').selectAll().executeTakeFirstOrThrow();
        assert.equal(programme.name, 'Boutic');
        assert.equal(programme.funder, 'Région Hauts-de-France');
        const titles = (await db.selectFrom('workshops').select('title').execute()).map((w) => w.title).join(' | ');
        for (const theme of [/bureautique/, /moteurs de recherche/, /Premiers pas sur Internet/, /site web/, /e-commerce/, /devis/, /ventes/, /cahier des charges/, /messagerie/, /réseaux sociaux/, /sécurité/]) {
          assert.match(titles, theme);
        }

        const current = await db.selectFrom('cycles').select(['id', 'name']).where('number', '=', 4).executeTakeFirstOrThrow();
        assert.equal(current.name, '4e session, automne–hiver 2026-2027');
        const sessions = await db.selectFrom('sessions').selectAll().where('cycle_id', '=', current.id).execute();
        assert.ok(sessions.length >= 45 && sessions.length <= 55, `${sessions.length} dates`);
        assert.ok(sessions.every((s) => s.starts_at > NOW.toISOString()), 'all in the future');
        assert.ok(sessions.some((s) => s.beginner === 1), 'some beginner slots');
        const days = sessions.map((s) => parisParts(new Date(s.starts_at)));
        assert.ok(days.every((d) => d.weekday >= 1 && d.weekday <= 5), 'weekdays only');
        assert.ok(days.every((d) => d.date.slice(5) < '12-24' && d.date.slice(5) !== '01-01'), 'closed over the Christmas holidays');
        const held = await db.selectFrom('sessions').select(['id', 'ends_at']).where('status', '=', 'held').execute();
        assert.ok(held.length >= 30, 'a past cycle with held sessions');
        assert.ok(held.every((s) => s.ends_at < NOW.toISOString()), 'held sessions are over');
        // the ids answered by the batched inserts went to the right rows
        const seats = await db.selectFrom('sessions').innerJoin('venues', 'venues.id', 'sessions.venue_id').select(['sessions.seats', 'venues.workstations']).execute();
        assert.ok(seats.every((s) => s.seats === s.workstations), 'seats are the venue workstations');
        const people = await db.selectFrom('participants as p').innerJoin('companies as c', 'c.id', 'p.company_id').select(['p.commune_code as pc', 'c.commune_code as cc', 'p.created_at', 'p.phone', 'p.email']).execute();
        assert.ok(people.every((p) => p.pc === p.cc), 'each participant has their own company');
        assert.ok(people.every((p) => /^\+33[1-9]\d{8}$/.test(p.phone!)), 'phones in E.164');
        assert.equal(new Set(people.map((p) => p.email)).size, people.length);
        const late = await db
          .selectFrom('registrations as r')
          .innerJoin('participants as p', 'p.id', 'r.participant_id')
          .select('r.id')
          .whereRef('r.created_at', '<', 'p.created_at')
          .execute();
        assert.equal(late.length, 0, 'nobody registered before they were known');
        const early = await db
          .selectFrom('registrations as r')
          .innerJoin('sessions as s', 's.id', 'r.session_id')
          .innerJoin('cycles as c', 'c.id', 's.cycle_id')
          .select('r.id')
          .where('r.walk_in', '=', 0)
          .where((eb) => eb.or([eb('r.created_at', '<', eb.ref('c.registration_opens_at')), eb('r.created_at', '>', NOW.toISOString())]))
          .execute();
        assert.equal(early.length, 0, 'registrations made while the cycle was open, not in the future');

        // DESIGN.md invariant 4: no venue and no facilitator booked twice at overlapping times
        const all = await db.selectFrom('sessions').select(['id', 'venue_id', 'facilitator_id', 'starts_at', 'ends_at']).execute();
        for (const a of all) {
          for (const b of all) {
            if (a.id >= b.id || a.starts_at >= b.ends_at || b.starts_at >= a.ends_at) continue;
            assert.notEqual(a.venue_id, b.venue_id, `venue overlap ${a.id}/${b.id}`);
            assert.notEqual(a.facilitator_id, b.facilitator_id, `facilitator overlap ${a.id}/${b.id}`);
          }
        }

        // seats_taken is the number of confirmed registrations, never above the seats
        const counts = await db.selectFrom('registrations').select(['session_id', (eb) => eb.fn.countAll().as('n')]).where('status', '=', 'confirmed').groupBy('session_id').execute();
        const confirmed = new Map(counts.map((c) => [c.session_id, Number(c.n)]));
        const full = await db.selectFrom('sessions').selectAll().execute();
        for (const s of full) {
          assert.equal(s.seats_taken, confirmed.get(s.id) ?? 0, `session ${s.id}`);
          assert.ok(s.seats_taken <= s.seats);
        }
        const waitlisted = await db.selectFrom('registrations').select(['waitlist_position']).where('status', '=', 'waitlisted').orderBy('waitlist_position').execute();
        assert.deepEqual(waitlisted.map((w) => w.waitlist_position), [1, 2]);
        const attended = await db.selectFrom('registrations').select('attendance').where('attendance', '=', 'present').execute();
        assert.ok(attended.length > 100, 'the past cycle has attendance');
        // the past cycle as its facilitators left it: closed, a certificate per person present, questions
        const unclosed = await db.selectFrom('sessions').select('id').where('status', '=', 'held').where('closed_at', 'is', null).execute();
        assert.equal(unclosed.length, 0, 'every held session was closed');
        const certificates = await db.selectFrom('certificates').select(['code']).execute();
        assert.equal(certificates.length, attended.length, 'one certificate per person present');
        assert.equal(new Set(certificates.map((c) => c.code)).size, certificates.length, 'codes are unique');
        const published = await db.selectFrom('session_questions').select('id').where('published_at', 'is not', null).execute();
        const waiting = await db.selectFrom('session_questions').select('id').where('published_at', 'is', null).execute();
        assert.ok(published.length >= 5 && waiting.length >= 1, 'questions in the FAQ, and some waiting for review');
        const demand = await db.selectFrom('demand_requests').select(['status', 'workshop_id', 'venue_id', 'people']).execute();
        assert.ok(demand.filter((d) => d.status === 'open').length >= 6 && demand.some((d) => d.status === 'withdrawn') && demand.some((d) => d.workshop_id === null), 'requests on demand, a withdrawn one, a free-text topic');
        const cancelled = await db.selectFrom('registrations').select(['cancelled_at', 'created_at']).where('status', '=', 'cancelled').execute();
        assert.ok(cancelled.length > 0 && cancelled.every((c) => c.cancelled_at && c.cancelled_at > c.created_at), 'a few cancellations');
        const news = await db.selectFrom('consents').select(['text_version']).where('purpose', '=', 'programme_news').execute();
        assert.ok(news.length >= 20 && news.every((c) => c.text_version === 'news-v1'), 'some consent to the programme news');

        // the first cycles leaned to farming, then it balanced out (press article)
        const mix = async (cycle: number) => {
          const rows = await db
            .selectFrom('registrations as r')
            .innerJoin('sessions as s', 's.id', 'r.session_id')
            .innerJoin('cycles as c', 'c.id', 's.cycle_id')
            .innerJoin('participants as p', 'p.id', 'r.participant_id')
            .innerJoin('companies as co', 'co.id', 'p.company_id')
            .select(['co.sector'])
            .where('c.number', '=', cycle)
            .execute();
          return rows.filter((r) => r.sector === 'agriculture').length / rows.length;
        };
        const pastShare = await mix(3);
        const currentShare = await mix(4);
        assert.ok(pastShare > 0.35 && currentShare < 0.3, `agriculture ${pastShare} then ${currentShare}`);

        // campaigns: a chamber's file and the consenting participants; the opening campaign sent, what it brought; a draft
        const contacts = await db.selectFrom('contacts').select(['lawful_basis', 'source', 'participant_id']).execute();
        assert.ok(contacts.filter((c) => c.lawful_basis === 'interet_legitime').length >= 300, 'the chamber file');
        const consenting = await db.selectFrom('consents').select('participant_id').where('purpose', '=', 'programme_news').where('withdrawn_at', 'is', null).execute();
        assert.equal(contacts.filter((c) => c.participant_id !== null).length, consenting.length, 'every consenting participant, nobody else');
        const campaigns = await db.selectFrom('campaigns').select(['id', 'status', 'ref']).orderBy('id').execute();
        assert.deepEqual(campaigns.map((c) => c.status), ['sent', 'draft']);
        assert.match(campaigns[0]!.ref, /^rentree-de-la-4e-session-\d+$/);
        const outbox = await db.selectFrom('outbox').select('status').where('idempotency_key', 'like', `campaign:${campaigns[0]!.id}:%`).execute();
        assert.equal(outbox.length, contacts.length, 'one message per contact');
        assert.ok(outbox.every((m) => m.status === 'sent'), 'all recorded as sent: the worker has nothing to send');
        const brought = await db.selectFrom('registrations').select('id').where('campaign_id', '=', campaigns[0]!.id).execute();
        assert.ok(brought.length >= 10, `${brought.length} registrations brought`);
        assert.equal((await db.selectFrom('unsubscribes').select('id').execute()).length, 4);

        // the directory: about fifteen members with their consent, two projects (one supported), a conversation, a report
        const members = await db.selectFrom('directory_profiles').select('participant_id').where('left_at', 'is', null).execute();
        assert.ok(members.length >= 10 && members.length <= 15, `${members.length} members`);
        assert.equal((await db.selectFrom('consents').select('id').where('purpose', '=', 'directory').execute()).length, members.length);
        assert.deepEqual((await db.selectFrom('network_projects').select('supported_at').orderBy('id').execute()).map((p) => p.supported_at !== null), [false, true]);
        assert.equal((await db.selectFrom('network_messages').select('id').execute()).length, 2);
        assert.equal((await db.selectFrom('network_reports').select('id').where('handled_at', 'is', null).execute()).length, 1);

        const admin = result.staff.find((s) => s.role === 'administrator')!;
        const row = await db.selectFrom('staff_users').select('password_hash').where('email', '=', admin.email).executeTakeFirstOrThrow();
        assert.ok(await verifyPassword(row.password_hash, admin.password), 'the printed password logs in');
        for (const role of ['administrator', 'coordinator', 'facilitator', 'partner']) assert.ok(result.staff.some((s) => s.role === role), role);

        // the three chambers with their offers; the demo partner account bound to the CCI; referrals of the past cycle with outcomes
        const partners = await db.selectFrom('partners').select(['id', 'name']).orderBy('id').execute();
        assert.deepEqual(partners.map((p) => p.name), ['CCI Artois', 'CMA Hauts-de-France', 'Chambre d’agriculture du Nord-Pas de Calais']);
        const bound = await db.selectFrom('staff_users').select('partner_id').where('email', '=', 'cci@boutic.localhost').executeTakeFirstOrThrow();
        assert.equal(bound.partner_id, partners[0]!.id);
        const referrals = await db.selectFrom('referrals').select(['status']).execute();
        assert.ok(referrals.length >= 5 && referrals.some((r) => r.status !== 'sent'), `${referrals.length} referrals`);

        const again = await seedDemo(db, { now: NOW });
        assert.equal(again.created, false);
        assert.deepEqual(again.counts, result.counts, 'a second run adds nothing');
      } finally {
        await cleanup();
      }
    });

    test('two seeds at once write one demo', async () => {
      const { database, cleanup } = await tier.create();
      try {
        const results = await Promise.all([seedDemo(database.db, { now: NOW }), seedDemo(database.db, { now: NOW })]);
        assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
        assert.deepEqual(results[0]!.counts, results[1]!.counts);
        const territories = await database.db.selectFrom('territories').select('id').execute();
        assert.equal(territories.length, 1);
      } finally {
        await cleanup();
      }
    });
  });
}

test('the same seed and the same day give the same demo; another seed, another demo', async () => {
  const [sqlite] = databaseTiers();
  const snapshot = async (seed = 7) => {
    const { database, cleanup } = await sqlite!.create();
    try {
      await seedDemo(database.db, { now: NOW, seed });
      const sessions = await database.db.selectFrom('sessions').select(['starts_at', 'venue_id', 'workshop_id', 'seats_taken']).orderBy('id').execute();
      const people = await database.db.selectFrom('participants').select(['email', 'commune_code', 'created_at']).orderBy('id').execute();
      const registrations = await database.db.selectFrom('registrations').select(['session_id', 'participant_id', 'status', 'created_at']).orderBy('id').execute();
      return { sessions, people, registrations };
    } finally {
      await cleanup();
    }
  };
  const first = await snapshot();
  assert.deepEqual(first, await snapshot());
  const other = await snapshot(8);
  assert.notDeepEqual(other.people.map((p) => p.email), first.people.map((p) => p.email));
});
