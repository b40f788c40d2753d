import type { Db } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';

/**
 * Forgets the contacts whose last contact is older than the retention period (CNIL: three years
 * for B2B prospecting): deleted with their campaign rows, in one transaction per territory, logged
 * in the audit with a count (never the addresses). Their unsubscribe hashes stay. Returns how many.
 */
export async function forgetStaleContacts(db: Db, years: number, at = new Date()): Promise<number> {
  const limit = new Date(at);
  limit.setUTCFullYear(limit.getUTCFullYear() - years);
  const cutoff = limit.toISOString();
  const territories = await db.selectFrom('contacts').select('territory_id').distinct().where('last_contact_at', '<', cutoff).execute();
  let total = 0;
  for (const { territory_id } of territories) {
    total += await db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('contacts').where('territory_id', '=', territory_id).where('last_contact_at', '<', cutoff).executeTakeFirst();
      const n = Number(gone.numDeletedRows);
      await audit(tx, { territoryId: territory_id, actor: 'system', action: 'contacts.forgotten', details: { count: n, lastContactBefore: cutoff, years } });
      return n;
    });
  }
  return total;
}
