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
