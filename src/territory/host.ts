import { z } from 'zod';
import type { Db, Executor } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { t } from '../platform/i18n/index.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { bumpContentVersion } from '../platform/programme.js';
import { hostField } from './add.js';

/** The form that changes the host name a territory's site is served at. */
export const hostForm = z.object({ host: hostField });

/** The territory an administrator may change: any for a national administrator, their own otherwise; else none (404). */
export async function editableTerritory(db: Executor, staff: { territoryId: number | null }, id: number) {
  if (staff.territoryId !== null && staff.territoryId !== id) return null;
  return (await db.selectFrom('territories').select(['id', 'name', 'slug', 'host']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export type ChangeHostResult = { ok: true; changed: boolean } | { ok: false; errors: FieldErrors };

/**
 * Serves a territory at another host name. The content version is bumped in the same transaction,
 * so every process reads the territory again on its next request (links in mails and calendars,
 * the page cache); the old name then serves the default territory, as any host no territory claims.
 */
export async function changeTerritoryHost(db: Db, actor: { staffId: number; territoryId: number | null }, territoryId: number, host: string): Promise<ChangeHostResult> {
  const taken = () => ({ ok: false as const, errors: { host: t('territories.error.host_taken') } });
  try {
    return await db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('territories').select('host').where('id', '=', territoryId).executeTakeFirstOrThrow();
      if (current.host === host) return { ok: true as const, changed: false };
      if (await tx.selectFrom('territories').select('id').where('host', '=', host).where('id', '<>', territoryId).executeTakeFirst()) return taken();
      await tx.updateTable('territories').set({ host }).where('id', '=', territoryId).execute();
      await bumpContentVersion(tx, territoryId);
      const details = { from: current.host, to: host };
      await audit(tx, { territoryId, actor: `staff:${actor.staffId}`, action: 'territory.host_changed', subject: `territory:${territoryId}`, details });
      return { ok: true as const, changed: true };
    });
  } catch (error) {
    // two administrators claiming one name at once: the unique index decides
    if (isUniqueViolation(error)) return taken();
    throw error;
  }
}
