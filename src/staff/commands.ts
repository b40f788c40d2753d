import type { Db } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { decoyHash, verifyPassword } from '../platform/auth/passwords.js';
import { closeStaffSession, openStaffSession, type StaffPrincipal } from '../platform/auth/sessions.js';

export type LogInResult = { ok: true; token: string; expiresAt: Date } | { ok: false; code: 'staff.bad_credentials' };

/** Checks a staff member's e-mail and password and opens a fresh session (its id renewed at each login). */
export async function logIn(db: Db, input: { email: string; password: string; ttlHours: number; userAgent?: string | undefined }): Promise<LogInResult> {
  const user = await db
    .selectFrom('staff_users')
    .select(['id', 'password_hash', 'territory_id'])
    .where('email', '=', input.email)
    .where('active', '=', 1)
    .executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  if (!user || !valid) {
    await audit(db, { territoryId: user?.territory_id ?? null, actor: 'anonymous', action: 'staff.login_failed', subject: user ? `staff:${user.id}` : null });
    return { ok: false, code: 'staff.bad_credentials' };
  }
  return db.transaction().execute(async (tx) => {
    const session = await openStaffSession(tx, { staffUserId: user.id, ttlHours: input.ttlHours, userAgent: input.userAgent });
    await tx.updateTable('staff_users').set({ last_login_at: now() }).where('id', '=', user.id).execute();
    await audit(tx, { territoryId: user.territory_id, actor: `staff:${user.id}`, action: 'staff.login', subject: `staff:${user.id}` });
    return { ok: true as const, ...session };
  });
}

export async function logOut(db: Db, staff: StaffPrincipal): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await closeStaffSession(tx, staff.sessionHash);
    await audit(tx, { territoryId: staff.territoryId, actor: `staff:${staff.id}`, action: 'staff.logout', subject: `staff:${staff.id}` });
  });
}
