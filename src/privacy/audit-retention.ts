import type { Db } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';

/**
 * The audit log's own retention (AUDIT_RETENTION_MONTHS): entries older than that are deleted, in
 * one statement, whatever became of the data they name. Logged with a count when some went.
 * Idempotent: several processes may run it. Returns how many entries went.
 */
export async function forgetOldAuditEntries(db: Db, months: number, at = new Date()): Promise<number> {
  const limit = new Date(at);
  limit.setUTCMonth(limit.getUTCMonth() - months);
  const cutoff = limit.toISOString();
  return db.transaction().execute(async (tx) => {
    const gone = Number((await tx.deleteFrom('audit_log').where('at', '<', cutoff).executeTakeFirst()).numDeletedRows);
    if (gone > 0) await audit(tx, { territoryId: null, actor: 'system', action: 'audit_log.forgotten', details: { count: gone, before: cutoff, months } });
    return gone;
  });
}
