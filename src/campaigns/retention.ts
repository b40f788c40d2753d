import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';

/**
 * Forgets the contacts whose last contact is older than the retention period (CNIL: three years
 * from the last contact *coming from the person* for B2B prospecting). That last contact is the
 * latest of `last_contact_at` (when the contact was collected: the import, or the participant's
 * consent) and of a registration made with the same address; the messages Boutic sent do not
 * count. Deleted with their campaign rows, in one transaction per territory, logged in the audit
 * with a count (never the addresses). Their unsubscribe hashes stay. Returns how many.
 * Idempotent: several processes may run it at once (a second run deletes and logs nothing).
 */
export async function forgetStaleContacts(db: Db, years: number, at = new Date()): Promise<number> {
  const limit = new Date(at);
  limit.setUTCFullYear(limit.getUTCFullYear() - years);
  const cutoff = limit.toISOString();
  const registeredSince = sql<boolean>`exists (select 1 from registrations r join participants p on p.id = r.participant_id
    where p.territory_id = contacts.territory_id and p.email = contacts.email and r.created_at >= ${cutoff})`;
  const territories = await db.selectFrom('contacts').select('territory_id').distinct().where('last_contact_at', '<', cutoff).where((eb) => eb.not(registeredSince)).execute();
  let total = 0;
  for (const { territory_id } of territories) {
    total += await db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('contacts').where('territory_id', '=', territory_id).where('last_contact_at', '<', cutoff).where((eb) => eb.not(registeredSince)).executeTakeFirst();
      const n = Number(gone.numDeletedRows);
      // another process's run got there first: nothing to log
      if (n > 0) await audit(tx, { territoryId: territory_id, actor: 'system', action: 'contacts.forgotten', details: { count: n, lastContactBefore: cutoff, years } });
      return n;
    });
  }
  return total;
}
