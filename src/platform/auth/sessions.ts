import crypto from 'node:crypto';
import type { Executor } from '../db/database.js';
import { now } from '../db/database.js';
import type { Role } from '../db/schema.js';

export const STAFF_COOKIE = 'boutic_equipe';

export interface StaffPrincipal {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  territoryId: number | null;
  sessionHash: string;
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/** Opens a staff session: a fresh random id (so login renews it); only its hash is stored. */
export async function openStaffSession(
  tx: Executor,
  input: { staffUserId: number; ttlHours: number; userAgent?: string | undefined },
): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.ttlHours * 3600_000);
  await tx
    .insertInto('staff_sessions')
    .values({
      id_hash: sha256(token),
      staff_user_id: input.staffUserId,
      expires_at: expiresAt.toISOString(),
      last_seen_at: now(),
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, expiresAt };
}

export async function findStaffBySession(db: Executor, token: string): Promise<StaffPrincipal | null> {
  if (!token || token.length > 100) return null;
  const hash = sha256(token);
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.territory_id'])
    .where('s.id_hash', '=', hash)
    .where('s.expires_at', '>', now())
    .where('u.active', '=', 1)
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, displayName: row.display_name, role: row.role, territoryId: row.territory_id, sessionHash: hash }
    : null;
}

export async function closeStaffSession(db: Executor, sessionHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', sessionHash).execute();
}
