import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import type { Db } from '../platform/db/database.js';
import { figuresByCycle, programmeFigures, sectorMix } from '../results/queries.js';
import { communeFigures } from '../results/map/queries.js';
import { surveyFigures } from '../results/surveys/queries.js';
import { reportData } from '../results/report/data.js';
import { erasePerson, erasedEmail } from './erase.js';
import { exportPersonData } from './export.js';
import { findAnywhere } from './schema-scan.js';
import { buildPersonEverywhere, SECRETS } from './testing.js';
import { buildSession, buildTerritory } from '../../test/factories.js';
import { registerParticipant } from '../registration/commands.js';
import { syncConsentingParticipants } from '../campaigns/messages/segment.js';

/** Every figure the dashboard and the funder's report show, computed the way they compute them. */
async function allFigures(db: Db, territoryId: number, cycleId: number) {
  const at = new Date('2030-01-01T00:00:00.000Z');
  const survey = await surveyFigures(db, territoryId, {}, at);
  return JSON.stringify({
    all: await programmeFigures(db, territoryId, null),
    cycle: await programmeFigures(db, territoryId, cycleId),
    byCycle: [...(await figuresByCycle(db, territoryId)).entries()],
    sectors: await sectorMix(db, territoryId),
    communes: await communeFigures(db, territoryId, { cycleId: null }),
    survey: { all: survey.all, byCycle: [...survey.byCycle.entries()] },
    report: await reportData(db, territoryId, cycleId, { now: at }),
  });
}

const FIXED = new Date('2030-01-01T00:00:00.000Z');
const needles = [SECRETS.first, SECRETS.last, SECRETS.email, SECRETS.phone, SECRETS.company, SECRETS.siret, ...SECRETS.texts];

for (const tier of databaseTiers()) {
  describe(`erasure anonymises the person and keeps the statistics, on ${tier.name}`, () => {
    test('afterwards the name, address, phone, company and free texts appear nowhere in the database; every figure is unchanged; twice is harmless', async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const fx = await buildPersonEverywhere(db);
        const before = await allFigures(db, fx.territoryId, fx.cycleId);
        assert.match(before, /"leaders":1/, 'the figures count the person');
        const seen = await findAnywhere(db, needles);
        assert.ok(seen.length >= 25, `the fixture puts the person in many places (${seen.length})`);
        const otherBefore = await exportPersonData(db, fx.otherId, FIXED);

        const result = await db.transaction().execute((tx) => erasePerson(tx, fx.participantId, 'participant:' + fx.participantId, { kind: 'own_request' }));
        assert.deepEqual(result, { ok: true, already: false });

        assert.deepEqual(await findAnywhere(db, needles), [], 'nothing of the person is left anywhere');
        assert.equal(await allFigures(db, fx.territoryId, fx.cycleId), before, 'the dashboard and report figures are the same');

        const person = await db.selectFrom('participants').selectAll().where('id', '=', fx.participantId).executeTakeFirstOrThrow();
        assert.equal(person.email, erasedEmail(fx.participantId));
        assert.ok(person.anonymised_at);
        assert.equal(person.commune_code, '62767', 'the commune stays (a statistic)');
        assert.equal((await db.selectFrom('registrations').select('id').where('participant_id', '=', fx.participantId).execute()).length, 2, 'registrations stay');
        const consents = await db.selectFrom('consents').select('withdrawn_at').where('participant_id', '=', fx.participantId).execute();
        assert.ok(consents.length === 2 && consents.every((c) => c.withdrawn_at), 'consents are withdrawn, not deleted');
        const mails = await db.selectFrom('outbox').select(['recipient', 'status', 'idempotency_key']).orderBy('id').execute();
        assert.deepEqual(mails.map((m) => m.status), ['sent', 'skipped', 'skipped', 'pending'], 'pending mails to or about them are cancelled; the other leader’s stays');
        assert.equal((await db.selectFrom('tokens').select('id').execute()).length, 1, 'their links and invitations are gone, the other leader’s stays');
        assert.equal((await db.selectFrom('contacts').select('id').execute()).length, 0, 'the campaign contact is deleted');
        assert.equal((await db.selectFrom('unsubscribes').select('id').execute()).length, 1, 'the unsubscribe (a hash) stays');
        const referral = await db.selectFrom('referrals').select(['status', 'note']).executeTakeFirstOrThrow();
        assert.deepEqual(referral, { status: 'training_started', note: null }, 'the referral outcome stays');
        const log = await db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'participant.erased').execute();
        assert.equal(log.length, 1);
        assert.doesNotMatch(log[0]!.details ?? '', /@|Zéphyrine/);
        // the other leader is untouched (their data in the shared conversation included)
        assert.deepEqual(await exportPersonData(db, fx.otherId, FIXED), otherBefore, 'the other leader’s data is the same, row for row');

        const snapshot = await findAnywhere(db, ['anonymisée']);
        const again = await db.transaction().execute((tx) => erasePerson(tx, fx.participantId, 'system', { kind: 'own_request' }));
        assert.deepEqual(again, { ok: true, already: true });
        assert.deepEqual(await findAnywhere(db, ['anonymisée']), snapshot);
        assert.equal((await db.selectFrom('audit_log').select('id').where('action', '=', 'participant.erased').execute()).length, 1, 'a second erasure writes nothing');
        assert.equal(await allFigures(db, fx.territoryId, fx.cycleId), before);
        assert.deepEqual(await db.transaction().execute((tx) => erasePerson(tx, 999999, 'system', { kind: 'own_request' })), { ok: false });
      } finally {
        await cleanup();
      }
    });

    test('a person registered by the real command (its mails, reminder, consent, contact sync) leaves no trace either', async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const territory = await buildTerritory(db);
        const cycle = await db.insertInto('cycles').values({ territory_id: territory.id, number: 1, name: '1re session', starts_on: '2026-01-01', ends_on: '2099-12-31', registration_opens_at: '2026-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
        const session = await buildSession(db, { territoryId: territory.id, seats: 5, cycleId: cycle.id, startsAt: new Date('2099-05-05T12:00:00Z') });
        const ctx = { baseUrl: 'http://localhost:3000', programmeName: 'Boutic', territoryId: territory.id, closesHours: 2, reminderDays: 2 };
        const person = { first_name: 'Anaïs-Gwladys', last_name: 'D’Ortoli-Xqz', email: 'anais.dortoli@exemple-xqz.fr', phone: '+33655443322', company: 'Atelier D’Ortoli-Xqz', siret: null, sector: 'artisanat' as const, commune: '62767', role: 'cogérante Xqzrole', level: 'debutant' as const, heard_from: 'affiche Xqzheard', notes: 'fauteuil roulant Xqznotes', consent_news: true };
        const done = await registerParticipant(db, ctx, { sessionId: session.id, person, source: 'web' });
        assert.ok(done.ok);
        await db.transaction().execute((tx) => syncConsentingParticipants(tx, territory.id));
        const needles = ['Anaïs-Gwladys', 'Ortoli', 'anais.dortoli', '655443322', 'Xqzrole', 'Xqzheard', 'Xqznotes'];
        const seen = await findAnywhere(db, needles);
        assert.ok(seen.some((s) => s.startsWith('outbox.payload')) && seen.some((s) => s.startsWith('contacts.')), seen.join('\n'));
        const participantId = done.ok ? done.participantId : 0;
        await db.transaction().execute((tx) => erasePerson(tx, participantId, 'system', { kind: 'own_request' }));
        assert.deepEqual(await findAnywhere(db, needles), []);
        const mails = await db.selectFrom('outbox').select('status').execute();
        assert.ok(mails.length >= 2 && mails.every((m) => m.status === 'skipped'), 'the confirmation and the reminder, not yet sent, are cancelled');
        assert.equal((await db.selectFrom('registrations').select('status').executeTakeFirstOrThrow()).status, 'confirmed', 'the registration stays');
      } finally {
        await cleanup();
      }
    });

    test('an erasure that fails half-way writes nothing (one transaction)', async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const fx = await buildPersonEverywhere(db);
        const seen = await findAnywhere(db, needles);
        await assert.rejects(
          db.transaction().execute(async (tx) => {
            await erasePerson(tx, fx.participantId, 'system', { kind: 'own_request' });
            throw new Error('the caller fails after');
          }),
        );
        assert.deepEqual(await findAnywhere(db, needles), seen);
        const person = await db.selectFrom('participants').select(['email', 'anonymised_at']).where('id', '=', fx.participantId).executeTakeFirstOrThrow();
        assert.deepEqual(person, { email: SECRETS.email, anonymised_at: null });
      } finally {
        await cleanup();
      }
    });
  });
}
