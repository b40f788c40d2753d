import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers, type DatabaseTier } from '../../test/databases.js';
import { buildSession, buildTerritory } from '../../test/factories.js';
import type { RegistrationInput } from './form.js';
import { cancelRegistration, registerParticipant } from './commands.js';
import { registrationLive } from './guards.js';
import { registrationsOf } from './queries.js';

const person = (i: number, over: Partial<RegistrationInput> = {}): RegistrationInput => ({
  first_name: `Prénom${i}`,
  last_name: `Nom${i}`,
  email: `personne${i}@example.fr`,
  phone: null,
  company: `Entreprise ${i}`,
  siret: null,
  sector: 'commerce',
  commune: '62767',
  role: null,
  level: 'debutant',
  heard_from: null,
  consent_news: false,
  ...over,
});

async function setup(tier: DatabaseTier, seats: number) {
  const created = await tier.create();
  const db = created.database.db;
  const territory = await buildTerritory(db);
  const cycle = await db.insertInto('cycles').values({ territory_id: territory.id, number: 1, name: '1re session', starts_on: '2026-01-01', ends_on: '2099-12-31', registration_opens_at: '2026-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
  const session = await buildSession(db, { territoryId: territory.id, seats, cycleId: cycle.id, startsAt: new Date('2099-05-05T12:00:00Z') });
  const ctx = { baseUrl: 'http://localhost:3000', programmeName: 'Boutic', territoryId: territory.id, closesHours: 2, reminderDays: 2 };
  return { ...created, db, territory, session, ctx };
}

for (const tier of databaseTiers()) {
  describe(`registration invariants on ${tier.name}`, () => {
    test('300 simultaneous registrations for 12 seats: exactly 12 confirmed, the rest waitlisted in arrival order, one e-mail each', async () => {
      const { db, session, ctx, cleanup } = await setup(tier, 12);
      try {
        const results = await Promise.all(Array.from({ length: 300 }, (_, i) => registerParticipant(db, ctx, { sessionId: session.id, person: person(i), source: 'web' })));
        assert.ok(results.every((r) => r.ok), 'no error');
        const regs = await db.selectFrom('registrations').select(['id', 'status', 'waitlist_position']).where('session_id', '=', session.id).orderBy('id').execute();
        assert.equal(regs.filter((r) => r.status === 'confirmed').length, 12);
        assert.equal(regs.filter((r) => r.status === 'waitlisted').length, 288);
        const positions = regs.filter((r) => r.status === 'waitlisted').map((r) => r.waitlist_position);
        assert.deepEqual(positions, Array.from({ length: 288 }, (_, i) => i + 1), 'waitlist in arrival order');
        const row = await db.selectFrom('sessions').select(['seats_taken']).where('id', '=', session.id).executeTakeFirstOrThrow();
        assert.equal(row.seats_taken, 12);
        const mails = await db.selectFrom('outbox').select(['kind']).execute();
        assert.equal(mails.filter((m) => m.kind === 'registration.confirmation').length, 12);
        assert.equal(mails.filter((m) => m.kind === 'registration.waitlist').length, 288);
        assert.equal(mails.filter((m) => m.kind === 'registration.reminder').length, 12);
      } finally {
        await cleanup();
      }
    });

    test('one person holds one live registration per session, even clicking twice at once; details are reused', async () => {
      const { db, session, ctx, cleanup } = await setup(tier, 5);
      try {
        const twice = await Promise.all([1, 2, 3].map(() => registerParticipant(db, ctx, { sessionId: session.id, person: person(1), source: 'web' })));
        assert.ok(twice.every((r) => r.ok));
        assert.equal((await db.selectFrom('registrations').select('id').where('session_id', '=', session.id).execute()).length, 1);
        assert.equal(twice.filter((r) => r.ok && r.already).length, 2);
        await registerParticipant(db, ctx, { sessionId: session.id, person: person(1, { phone: '+33612345678', company: 'Nouveau nom' }), source: 'web' });
        const people = await db.selectFrom('participants').select(['phone']).execute();
        assert.equal(people.length, 1, 'recognised by e-mail, not duplicated');
        assert.equal(people[0]!.phone, '+33612345678');
        assert.equal((await db.selectFrom('sessions').select('seats_taken').where('id', '=', session.id).executeTakeFirstOrThrow()).seats_taken, 1);
      } finally {
        await cleanup();
      }
    });

    test('a cancelled seat goes to the first waitlisted person, once; cancelling twice is harmless', async () => {
      const { db, session, ctx, cleanup } = await setup(tier, 2);
      try {
        const r = [];
        for (let i = 0; i < 4; i++) r.push(await registerParticipant(db, ctx, { sessionId: session.id, person: person(i), source: 'web' }));
        const first = r[0]!;
        assert.ok(first.ok && first.status === 'confirmed');
        const [a, b] = await Promise.all([
          cancelRegistration(db, ctx, { registrationId: first.registrationId, actor: 'test' }),
          cancelRegistration(db, ctx, { registrationId: first.registrationId, actor: 'test' }),
        ]);
        assert.ok(a.ok && b.ok);
        const promoted = [a.promoted, b.promoted].filter((p) => p !== null);
        const third = r[2]!;
        assert.deepEqual(promoted, [third.ok ? third.registrationId : -1], 'the first waitlisted, once');
        const regs = await db.selectFrom('registrations').select(['id', 'status', 'waitlist_position']).where('session_id', '=', session.id).orderBy('id').execute();
        assert.deepEqual(regs.map((x) => x.status), ['cancelled', 'confirmed', 'confirmed', 'waitlisted']);
        assert.equal(regs[3]!.waitlist_position, 1);
        const fourth = r[3]!;
        const mine = await registrationsOf(db, fourth.ok ? fourth.participantId : 0);
        assert.deepEqual(mine.map((x) => [x.status, Number(x.queue_rank)]), [['waitlisted', 1]], 'rank read with the list, in one query');
        assert.equal((await db.selectFrom('sessions').select('seats_taken').where('id', '=', session.id).executeTakeFirstOrThrow()).seats_taken, 2);
        const kinds = (await db.selectFrom('outbox').select('kind').execute()).map((m) => m.kind);
        assert.equal(kinds.filter((k) => k === 'registration.promotion').length, 1);
        assert.equal(kinds.filter((k) => k === 'registration.cancellation').length, 1);
        // the reminder's guard: the cancelled registration's reminder is stale, the promoted one's is live
        assert.equal(await registrationLive(db, { registrationId: first.registrationId, startsAt: '2099-05-05T12:00:00.000Z' }), false);
        assert.equal(await registrationLive(db, { registrationId: third.ok ? third.registrationId : 0, startsAt: '2099-05-05T12:00:00.000Z' }), true);
        assert.equal(await registrationLive(db, { registrationId: third.ok ? third.registrationId : 0, startsAt: '2099-05-06T12:00:00.000Z' }), false, 'a moved session makes the old reminder stale');
      } finally {
        await cleanup();
      }
    });

    test('a rolled-back registration leaves no e-mail; closed, cancelled and not-yet-open sessions refuse', async () => {
      const { db, session, ctx, territory, cleanup } = await setup(tier, 5);
      try {
        await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', session.id).execute();
        const cancelled = await registerParticipant(db, ctx, { sessionId: session.id, person: person(1), source: 'web' });
        assert.deepEqual({ ok: cancelled.ok, code: !cancelled.ok && cancelled.code, opensAt: !cancelled.ok && cancelled.code !== 'unknown' && cancelled.opensAt }, { ok: false, code: 'cancelled', opensAt: '2026-01-01T00:00:00.000Z' });
        await db.updateTable('sessions').set({ status: 'scheduled' }).where('id', '=', session.id).execute();
        const nowhere = await registerParticipant(db, ctx, { sessionId: session.id, person: person(1, { commune: '99999' }), source: 'web' });
        assert.equal(nowhere.ok ? 'ok' : nowhere.code, 'commune', 'a commune not of the territory is refused');
        await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', session.id).execute();
        const soon = await buildSession(db, { territoryId: territory.id, cycleId: (await db.selectFrom('cycles').select('id').executeTakeFirstOrThrow()).id, startsAt: new Date(Date.now() + 3600_000) });
        const closed = await registerParticipant(db, ctx, { sessionId: soon.id, person: person(1), source: 'web' });
        assert.equal(closed.ok ? 'ok' : closed.code, 'closed', 'closes 2 hours before');
        assert.equal((await db.selectFrom('outbox').select('id').execute()).length, 0);
        assert.equal((await db.selectFrom('participants').select('id').execute()).length, 0, 'nothing half-written');
      } finally {
        await cleanup();
      }
    });
  });
}
