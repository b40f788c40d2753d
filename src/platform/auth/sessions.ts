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

/**
 * The staff member of a live session: not past its expiry, used within `idleMinutes`, account active.
 * Its last use is written at most once a minute (a page's requests do not each write).
 */
export async function findStaffBySession(db: Executor, token: string, options: { idleMinutes: number }): Promise<StaffPrincipal | null> {
  if (!token || token.length > 100) return null;
  const hash = sha256(token);
  const current = Date.now();
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.territory_id', 's.last_seen_at'])
    .where('s.id_hash', '=', hash)
    .where('s.expires_at', '>', new Date(current).toISOString())
    .where('s.last_seen_at', '>', new Date(current - options.idleMinutes * 60_000).toISOString())
    .where('u.active', '=', 1)
    .executeTakeFirst();
  if (!row) return null;
  if (new Date(row.last_seen_at).getTime() < current - 60_000) {
    await db.updateTable('staff_sessions').set({ last_seen_at: new Date(current).toISOString() }).where('id_hash', '=', hash).execute();
  }
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, territoryId: row.territory_id, sessionHash: hash };
}

export interface StaffSessionSummary {
  idHash: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}

/** A staff member's live sessions, the most recently used first. */
export async function listStaffSessions(db: Executor, staffUserId: number, options: { idleMinutes: number }): Promise<StaffSessionSummary[]> {
  const current = Date.now();
  const rows = await db
    .selectFrom('staff_sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
    .where('staff_user_id', '=', staffUserId)
    .where('expires_at', '>', new Date(current).toISOString())
    .where('last_seen_at', '>', new Date(current - options.idleMinutes * 60_000).toISOString())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({ idHash: r.id_hash, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, userAgent: r.user_agent }));
}

/** Closes every session of a staff member but `keep` (when given); returns how many were closed. */
export async function closeStaffSessionsOf(db: Executor, staffUserId: number, keep?: string): Promise<number> {
  let query = db.deleteFrom('staff_sessions').where('staff_user_id', '=', staffUserId);
  if (keep) query = query.where('id_hash', '<>', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function closeStaffSession(db: Executor, sessionHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id_hash', '=', sessionHash).execute();
}
