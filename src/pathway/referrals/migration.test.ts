import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTiers } from '../../../test/databases.js';
import { buildTerritory } from '../../../test/factories.js';
import { migrateToLatest } from '../../platform/db/migrate.js';

for (const tier of databaseTiers()) {
  describe(`migration 0016 (partners and referrals) on ${tier.name}`, () => {
    test('keeps every staff account (partner_id null) and the database refuses what the code never writes', async () => {
      const { database, cleanup } = await tier.create({ upTo: '20261129_0015_networking' });
      const db = database.db;
      try {
        const territory = await sql<{ id: number }>`insert into territories (slug, name) values ('avant-0016', 'Avant 0016') returning id`.execute(db).then((r) => r.rows[0]!);
        await sql`insert into staff_users (territory_id, email, display_name, role, password_hash) values (${territory.id}, 'cci@example.fr', 'CCI', 'partner', 'x')`.execute(db);
        await migrateToLatest(db);
        const kept = await db.selectFrom('staff_users').select(['email', 'role', 'partner_id']).execute();
        assert.deepEqual(kept, [{ email: 'cci@example.fr', role: 'partner', partner_id: null }]);

        const t = (await buildTerritory(db)).id;
        await assert.rejects(db.insertInto('partners').values({ territory_id: t, kind: 'bank' as never, name: 'Banque' }).execute());
        const partner = await db.insertInto('partners').values({ territory_id: t, kind: 'cci', name: 'CCI' }).returning('id').executeTakeFirstOrThrow();
        await assert.rejects(db.insertInto('partners').values({ territory_id: t, kind: 'cma', name: 'CCI' }).execute(), 'one name per territory');
        await assert.rejects(db.insertInto('partner_offers').values({ partner_id: partner.id, title: 'X', level: 'expert' as never }).execute());
        const participant = await db.insertInto('participants').values({ territory_id: t, email: 'p@example.fr', first_name: 'P', last_name: 'Q' }).returning('id').executeTakeFirstOrThrow();
        const referral = (status: string, requestedBy = 'staff') =>
          db
            .insertInto('referrals')
            .values({ territory_id: t, participant_id: participant.id, partner_id: partner.id, requested_by: requestedBy as never, consent_text: 'oui', consent_text_version: 'v1', consent_at: new Date().toISOString(), shared_fields: '[]', status: status as never, status_at: new Date().toISOString() })
            .execute();
        await assert.rejects(referral('hired'));
        await assert.rejects(referral('sent', 'robot'));
        await referral('sent');
        await assert.rejects(db.insertInto('referrals').values({ territory_id: t, participant_id: participant.id, partner_id: 999_999, requested_by: 'staff', consent_text: 'oui', consent_text_version: 'v1', consent_at: new Date().toISOString(), shared_fields: '[]', status_at: new Date().toISOString() }).execute(), 'a partner that exists');
      } finally {
        await cleanup();
      }
    });
  });
}
