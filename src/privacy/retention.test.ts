import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { buildSession, buildTerritory } from '../../test/factories.js';
import { forgetInactiveParticipants } from './retention.js';

for (const tier of databaseTiers()) {
  describe(`participants are anonymised after the retention period, on ${tier.name}`, () => {
    test('only those whose last session (or registration, or creation) is older; a second run finds nothing; the audit keeps a count, no name', async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const territoryId = (await buildTerritory(db)).id;
        const at = new Date('2032-06-01T00:00:00.000Z'); // five years: the limit is 2027-06-01
        const person = async (name: string, createdAt: string) =>
          (await db.insertInto('participants').values({ territory_id: territoryId, email: `${name}@exemple.fr`, first_name: name, last_name: 'Test', created_at: createdAt }).returning('id').executeTakeFirstOrThrow()).id;
        const oldSession = await buildSession(db, { territoryId, startsAt: new Date('2027-05-20T08:00:00.000Z'), status: 'held' });
        const recentSession = await buildSession(db, { territoryId, startsAt: new Date('2027-06-10T08:00:00.000Z'), status: 'held' });
        const register = (participantId: number, sessionId: number, createdAt: string) =>
          db.insertInto('registrations').values({ session_id: sessionId, participant_id: participantId, status: 'confirmed', attendance: 'present', created_at: createdAt }).execute();

        const ancien = await person('ancien', '2026-01-01T00:00:00.000Z');
        await register(ancien, oldSession.id, '2027-05-01T00:00:00.000Z');
        const recent = await person('recent', '2026-01-01T00:00:00.000Z');
        await register(recent, oldSession.id, '2027-05-01T00:00:00.000Z');
        await register(recent, recentSession.id, '2027-05-02T00:00:00.000Z'); // a later session keeps them
        const jamais = await person('jamais', '2027-01-01T00:00:00.000Z'); // never registered: the creation date counts
        const nouveau = await person('nouveau', '2027-07-01T00:00:00.000Z');
        const inscritTard = await person('inscrittard', '2026-01-01T00:00:00.000Z');
        await register(inscritTard, oldSession.id, '2027-06-05T00:00:00.000Z'); // registered after the limit (a walk-in noted late)

        assert.equal(await forgetInactiveParticipants(db, 5, at), 2);
        const rows = await db.selectFrom('participants').select(['id', 'first_name', 'anonymised_at']).orderBy('id').execute();
        const gone = rows.filter((r) => r.anonymised_at).map((r) => r.id);
        assert.deepEqual(gone, [ancien, jamais]);
        assert.deepEqual(rows.filter((r) => !r.anonymised_at).map((r) => r.first_name), ['recent', 'nouveau', 'inscrittard']);
        assert.ok(nouveau && inscritTard);
        // the registrations stay for the statistics
        assert.equal((await db.selectFrom('registrations').select('id').where('participant_id', '=', ancien).execute()).length, 1);

        assert.equal(await forgetInactiveParticipants(db, 5, at), 0, 'idempotent');
        const logged = await db.selectFrom('audit_log').select(['action', 'actor', 'details']).where('action', 'in', ['participants.forgotten', 'participant.erased']).orderBy('id').execute();
        assert.deepEqual(logged.map((l) => l.action), ['participant.erased', 'participant.erased', 'participants.forgotten']);
        assert.deepEqual(JSON.parse(logged[2]!.details!), { count: 2, lastActivityBefore: '2027-06-01T00:00:00.000Z', years: 5 });
        assert.ok(logged.every((l) => l.actor === 'system' && !/ancien|jamais|@/.test(l.details ?? '')));
        // a longer period keeps everyone
        assert.equal(await forgetInactiveParticipants(db, 10, at), 0);
      } finally {
        await cleanup();
      }
    });
  });
}
