import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from './databases.js';
import { buildTerritory } from './factories.js';
import { openDatabase } from '../src/platform/db/database.js';
import { forgetInactiveParticipants } from '../src/privacy/retention.js';
import { forgetStaleContacts } from '../src/campaigns/retention.js';
import { forgetOldAuditEntries } from '../src/privacy/audit-retention.js';

const postgres = databaseTiers().find((tier) => tier.name === 'postgres');
const PEOPLE = 40;
const CONTACTS = 30;

/**
 * The retention jobs of several processes (each process of a cluster on another host runs them)
 * at the same instant, each on its own connection pool as a process has: every person is erased
 * once with one audit entry, the contacts' forgetting is logged once with its count, nothing fails.
 */
test('the retention jobs run by two processes at once do their work once', { skip: !postgres && 'needs TEST_POSTGRES_URL (npm test sets it)' }, async () => {
  const { database, settings, cleanup } = await postgres!.create();
  const other = openDatabase(settings, { poolSize: 5 });
  try {
    const db = database.db;
    const territoryId = (await buildTerritory(db)).id;
    const at = new Date('2040-01-01T00:00:00.000Z');
    await db
      .insertInto('participants')
      .values(Array.from({ length: PEOPLE }, (_, i) => ({ territory_id: territoryId, email: `ancien${i}@exemple.fr`, first_name: `Ancien${i}`, last_name: 'Test', created_at: '2030-01-01T00:00:00.000Z' })))
      .execute();
    await db
      .insertInto('contacts')
      .values(Array.from({ length: CONTACTS }, (_, i) => ({ territory_id: territoryId, email: `vieux${i}@exemple.fr`, lawful_basis: 'interet_legitime' as const, source: 'vieux.csv', last_contact_at: '2030-01-01T00:00:00.000Z' })))
      .execute();

    // the audit log's own retention runs at today's date: at `at` (2040) it would delete, in a race, the
    // entries the other two jobs are writing (a flaky failure in CI)
    const run = (d: typeof db) => Promise.all([forgetInactiveParticipants(d, 5, at), forgetStaleContacts(d, 3, at), forgetOldAuditEntries(d, 120, new Date())]);
    const [a, b] = await Promise.all([run(db), run(other.db)]);

    assert.equal(a[0] + b[0], PEOPLE, 'each person counted by one process');
    assert.equal(a[1] + b[1], CONTACTS, 'each contact deleted by one process');
    const erased = await db.selectFrom('audit_log').select('subject').where('action', '=', 'participant.erased').execute();
    assert.equal(erased.length, PEOPLE, 'one erasure entry per person');
    assert.equal(new Set(erased.map((e) => e.subject)).size, PEOPLE);
    const forgotten = await db.selectFrom('audit_log').select('details').where('action', '=', 'contacts.forgotten').execute();
    assert.deepEqual(forgotten.map((f) => JSON.parse(f.details!).count).reduce((s: number, n: number) => s + n, 0), CONTACTS);
    assert.ok(forgotten.every((f) => JSON.parse(f.details!).count > 0), 'no entry for a run that found nothing');
    const counts = await db.selectFrom('audit_log').select('details').where('action', '=', 'participants.forgotten').execute();
    assert.equal(counts.map((c) => JSON.parse(c.details!).count as number).reduce((s, n) => s + n, 0), PEOPLE);
    assert.equal((await db.selectFrom('participants').select('id').where('anonymised_at', 'is', null).execute()).length, 0);
  } finally {
    await other.destroy();
    await cleanup();
  }
});
