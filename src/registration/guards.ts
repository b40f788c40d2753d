import type { Db } from '../platform/db/database.js';

/**
 * The reminder's guard, run by the outbox worker when the reminder is due: send only if the
 * registration is still confirmed and its session still scheduled at the time the reminder names.
 */
export async function registrationLive(db: Db, data: unknown): Promise<boolean> {
  const { registrationId, startsAt } = (data ?? {}) as { registrationId?: number; startsAt?: string };
  if (typeof registrationId !== 'number' || typeof startsAt !== 'string') return false;
  const row = await db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select(['r.status', 's.status as session_status', 's.starts_at'])
    .where('r.id', '=', registrationId)
    .executeTakeFirst();
  return !!row && row.status === 'confirmed' && row.session_status === 'scheduled' && row.starts_at === startsAt && row.starts_at > new Date().toISOString();
}
