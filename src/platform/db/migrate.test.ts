import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTiers } from '../../../test/databases.js';
import { buildSession, buildTerritory } from '../../../test/factories.js';
import { migrateToLatest, MigrationError } from './migrate.js';

for (const tier of databaseTiers()) {
  describe(`migrations on ${tier.name}`, () => {
    test('run from an empty database, then again as a no-op', async () => {
      const { database, cleanup } = await tier.create();
      try {
        assert.deepEqual(await migrateToLatest(database.db), []);
        const tables = (await database.db.introspection.getTables()).map((t) => t.name);
        for (const name of ['territories', 'communes', 'venues', 'workshops', 'cycles', 'sessions', 'staff_users', 'staff_sessions', 'participants', 'registrations', 'outbox', 'audit_log', 'tokens', 'consents']) {
          assert.ok(tables.includes(name), `table ${name}`);
        }
      } finally {
        await cleanup();
      }
    });

    test('the database refuses more confirmed seats than the session has, and two live registrations of one person', async () => {
      const { database, cleanup } = await tier.create();
      const db = database.db;
      try {
        const territory = await buildTerritory(db);
        const session = await buildSession(db, { territoryId: territory.id, seats: 2 });
        await assert.rejects(db.updateTable('sessions').set({ seats_taken: 3 }).where('id', '=', session.id).execute());
        const participant = await db
          .insertInto('participants')
          .values({ territory_id: territory.id, email: 'a@example.fr', first_name: 'Alice', last_name: 'Martin' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const reg = { session_id: session.id, participant_id: participant.id, status: 'confirmed' as const };
        await db.insertInto('registrations').values(reg).execute();
        await assert.rejects(db.insertInto('registrations').values({ ...reg, status: 'waitlisted' }).execute());
        // a cancelled registration does not block a new one
        await db.updateTable('registrations').set({ status: 'cancelled' }).execute();
        await db.insertInto('registrations').values(reg).execute();
        // an instant written as ISO reads back as the same ISO string on both databases
        const row = await db.selectFrom('sessions').select('starts_at').where('id', '=', session.id).executeTakeFirstOrThrow();
        assert.equal(row.starts_at, session.starts_at);
        assert.match(row.starts_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      } finally {
        await cleanup();
      }
    });

    test('0006 lets the elected role in, keeps every staff account and its links, and refuses an unknown role', async () => {
      const { database, cleanup } = await tier.create({ upTo: '20261128_0005_on_demand' });
      const db = database.db;
      try {
        // written as the schema of 0005 has it (today's territory builder writes later columns)
        const territory = await sql<{ id: number }>`insert into territories (slug, name) values ('avant-0006', 'Avant 0006') returning id`.execute(db).then((r) => r.rows[0]!);
        const staff = await db
          .insertInto('staff_users')
          .values({ territory_id: territory.id, email: 'coord@example.fr', display_name: 'Coord', role: 'coordinator', password_hash: 'x' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.insertInto('staff_sessions').values({ id_hash: 'h1', staff_user_id: staff.id, expires_at: '2999-01-01T00:00:00.000Z', last_seen_at: '2026-01-01T00:00:00.000Z' }).execute();
        await assert.rejects(db.insertInto('staff_users').values({ territory_id: territory.id, email: 'elu@example.fr', display_name: 'Élu', role: 'elected', password_hash: 'x' }).execute());
        await migrateToLatest(db);
        const kept = await db.selectFrom('staff_users').select(['id', 'email', 'role']).execute();
        assert.deepEqual(kept, [{ id: staff.id, email: 'coord@example.fr', role: 'coordinator' }]);
        const elected = await db
          .insertInto('staff_users')
          .values({ territory_id: territory.id, email: 'elu@example.fr', display_name: 'Élu', role: 'elected', password_hash: 'x' })
          .returning('id')
          .executeTakeFirstOrThrow();
        assert.ok(elected.id > staff.id, 'ids keep increasing after the rebuild');
        await assert.rejects(db.insertInto('staff_users').values({ territory_id: territory.id, email: 'x@example.fr', display_name: 'X', role: 'boss' as never, password_hash: 'x' }).execute());
        // the foreign keys still point at the rebuilt table: deleting the account deletes its sessions
        await db.deleteFrom('staff_users').where('id', '=', staff.id).execute();
        assert.equal((await db.selectFrom('staff_sessions').select('id_hash').execute()).length, 0);
        await assert.rejects(db.insertInto('staff_sessions').values({ id_hash: 'h2', staff_user_id: 999_999, expires_at: '2999-01-01T00:00:00.000Z', last_seen_at: '2026-01-01T00:00:00.000Z' }).execute());
      } finally {
        await cleanup();
      }
    });

    test('start-up refuses a database migrated by a newer Boutic', async () => {
      const { database, cleanup } = await tier.create();
      try {
        await sql`insert into kysely_migration (name, timestamp) values ('29991231_9999_from_the_future', '2999-12-31T00:00:00.000Z')`.execute(database.db);
        await assert.rejects(migrateToLatest(database.db), (e: unknown) => e instanceof MigrationError && /version plus récente de Boutic \(migration inconnue : 29991231_9999_from_the_future\)/.test(e.message));
      } finally {
        await cleanup();
      }
    });
  });
}
