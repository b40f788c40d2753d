import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { dialectOf } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { createTerritoryFromEpci } from '../territory/commands.js';

export class SetupAlreadyDoneError extends Error {
  readonly code = 'setup.already_done';
}

export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'territoire';
}

/** First run: the territory from an official EPCI, its communes, the programme and the first administrator, all or nothing. */
export async function completeSetup(
  db: Db,
  input: { epciCode: string; programmeName: string; funder: string; adminName: string; adminEmail: string; password: string },
) {
  const passwordHash = await hashPassword(input.password); // outside the transaction: ~50 ms of CPU
  return db.transaction().execute(async (tx) => {
    if (dialectOf(tx) === 'postgres') await sql`select pg_advisory_xact_lock(4242001)`.execute(tx);
    const existing = await tx.selectFrom('staff_users').select('id').limit(1).executeTakeFirst();
    if (existing) throw new SetupAlreadyDoneError();
    const territory = await createTerritoryFromEpci(tx, { epciCode: input.epciCode, slug: 'x' });
    await tx.updateTable('territories').set({ slug: slugify(territory.name) }).where('id', '=', territory.id).execute();
    await tx
      .insertInto('programmes')
      .values({ territory_id: territory.id, name: input.programmeName, funder: input.funder, publisher: territory.name, accessibility_status: 'non_conforme' })
      .execute();
    const admin = await tx
      .insertInto('staff_users')
      .values({ territory_id: territory.id, email: input.adminEmail, display_name: input.adminName, role: 'administrator', password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { territoryId: territory.id, actor: `staff:${admin.id}`, action: 'setup.completed', subject: `territory:${territory.id}`, details: { epci: input.epciCode, communes: territory.communeCount } });
    return { territoryId: territory.id, territoryName: territory.name, communeCount: territory.communeCount, adminId: admin.id };
  });
}
