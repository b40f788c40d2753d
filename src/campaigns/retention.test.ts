import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { databaseTiers } from '../../test/databases.js';
import { buildSession, buildTerritory } from '../../test/factories.js';
import { startJobs } from '../platform/jobs.js';
import { forgetStaleContacts } from './retention.js';
import { isUnsubscribed, unsubscribe } from './unsubscribe.js';

for (const tier of databaseTiers()) {
  describe(`contacts are forgotten three years after the last contact, on ${tier.name}`, () => {
    test('the stale ones go (their unsubscribe stays), the others stay; a second run finds nothing; the audit keeps a count', async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const territoryId = (await buildTerritory(db)).id;
        const at = new Date('2029-06-01T00:00:00.000Z');
        const add = (email: string, last: string) => db.insertInto('contacts').values({ territory_id: territoryId, email, lawful_basis: 'interet_legitime', source: 'x.csv', last_contact_at: last }).execute();
        await add('ancien@example.fr', '2026-05-31T23:59:59.000Z');
        await add('limite@example.fr', '2026-06-01T00:00:00.000Z');
        await add('recent@example.fr', '2028-01-01T00:00:00.000Z');
        await add('inscrit@example.fr', '2025-01-01T00:00:00.000Z');
        await add('inscrit-avant@example.fr', '2025-01-01T00:00:00.000Z');
        // a registration is a contact from the person: within three years it keeps the contact; before, it does not
        const session = await buildSession(db, { territoryId });
        for (const [email, when] of [['inscrit@example.fr', '2027-03-01T10:00:00.000Z'], ['inscrit-avant@example.fr', '2026-01-01T10:00:00.000Z']] as const) {
          const participant = await db.insertInto('participants').values({ territory_id: territoryId, email, first_name: 'I', last_name: 'N' }).returning('id').executeTakeFirstOrThrow();
          await db.insertInto('registrations').values({ session_id: session.id, participant_id: participant.id, status: 'confirmed', created_at: when }).execute();
        }
        await unsubscribe(db, territoryId, 'ancien@example.fr');
        assert.equal(await forgetStaleContacts(db, 3, at), 2);
        assert.deepEqual((await db.selectFrom('contacts').select('email').orderBy('email').execute()).map((c) => c.email), ['inscrit@example.fr', 'limite@example.fr', 'recent@example.fr']);
        assert.equal(await isUnsubscribed(db, territoryId, 'ancien@example.fr'), true, 'an unsubscribe outlives the contact');
        assert.equal(await forgetStaleContacts(db, 3, at), 0);
        const logged = await db.selectFrom('audit_log').select('details').where('action', '=', 'contacts.forgotten').execute();
        assert.equal(logged.length, 1);
        assert.equal(JSON.parse(logged[0]!.details!).count, 2);
        assert.doesNotMatch(logged[0]!.details!, /ancien@/);
      } finally {
        await cleanup();
      }
    });
  });
}

test('the jobs run after start-up and at their interval; a failure is logged and retried; stop waits', async () => {
  let runs = 0;
  let failures = 0;
  const logger = pino({ level: 'silent' });
  const jobs = startJobs(
    [
      { name: 'ok', everyMs: 20, run: async () => runs++ },
      { name: 'ko', everyMs: 20, run: async () => { failures++; throw new Error('boom'); } },
    ],
    logger,
    5,
  );
  await new Promise((r) => setTimeout(r, 120));
  await jobs.stop();
  const after = runs;
  assert.ok(runs >= 3, `${runs} runs`);
  assert.ok(failures >= 3, 'a failing job is tried again');
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(runs, after, 'nothing runs after stop');
});
