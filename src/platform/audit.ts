import type { Executor } from './db/database.js';
import { now } from './db/database.js';

/** Records a staff or system action (dotted name: 'staff.login'); written in the command's transaction. */
export async function audit(
  tx: Executor,
  entry: { territoryId: number | null; actor: string; action: string; subject?: string | null; details?: unknown },
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      territory_id: entry.territoryId,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      at: now(),
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    })
    .execute();
}

/** What a staff member did with personal data without changing it: looked at a list, or took a copy. */
export type AccessAction = `read.${string}` | `export.${string}`;

/**
 * Records a staff member's read of a list, or export, holding personal data (RGPD accountability:
 * who saw whom, when). Only identifiers and counts go in: the details accept numbers and booleans,
 * so a name, an address or a search text cannot be copied into the log by mistake.
 */
export async function auditAccess(
  db: Executor,
  entry: { territoryId: number | null; staffId: number; action: AccessAction; subject?: string | null; rows: number; details?: Record<string, number | boolean | null> },
): Promise<void> {
  await audit(db, { territoryId: entry.territoryId, actor: `staff:${entry.staffId}`, action: entry.action, subject: entry.subject ?? null, details: { rows: entry.rows, ...entry.details } });
}
