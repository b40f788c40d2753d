import type { Db } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { hashPassword, verifyPassword } from '../platform/auth/passwords.js';
import { closeStaffSessionsOf, type StaffPrincipal } from '../platform/auth/sessions.js';
import { checkSecondFactor, confirmEnrolment, removeSecondFactor, startEnrolment } from './second-factor.js';

// The « Sécurité » page's commands: a staff member's own second factor, sessions and password.

const actorOf = (staff: StaffPrincipal) => ({ territoryId: staff.territoryId, actor: `staff:${staff.id}`, subject: `staff:${staff.id}` });

/** Starts an enrolment (a fresh secret, not in force until confirmed); returns the secret to show. */
export function beginEnrolment(db: Db, staff: StaffPrincipal, sessionSecret: string): Promise<string> {
  return db.transaction().execute((tx) => startEnrolment(tx, sessionSecret, staff.id));
}

/** Confirms the enrolment with a code from the app: returns the ten recovery codes, shown once, or null. */
export async function enableSecondFactor(db: Db, staff: StaffPrincipal, input: { sessionSecret: string; code: string }): Promise<string[] | null> {
  return db.transaction().execute(async (tx) => {
    const codes = await confirmEnrolment(tx, input.sessionSecret, staff.id, input.code);
    if (codes) await audit(tx, { ...actorOf(staff), action: 'staff.totp_enabled' });
    return codes;
  });
}

export type DisableResult = 'disabled' | 'bad_code' | 'required';

/** Turns the second factor off; needs a current code (or a recovery code); refused to an administrator when the setting requires it. */
export async function disableSecondFactor(db: Db, staff: StaffPrincipal, input: { sessionSecret: string; code: string; adminTotpRequired: boolean }): Promise<DisableResult> {
  if (staff.role === 'administrator' && input.adminTotpRequired) return 'required';
  return db.transaction().execute(async (tx) => {
    if (!(await checkSecondFactor(tx, input.sessionSecret, staff.id, input.code))) return 'bad_code';
    await removeSecondFactor(tx, staff.id);
    await audit(tx, { ...actorOf(staff), action: 'staff.totp_disabled' });
    return 'disabled';
  });
}

/** Closes one of one's own sessions (another device); false when it is not one's own or already closed. */
export async function closeOwnSession(db: Db, staff: StaffPrincipal, idHash: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const result = await tx.deleteFrom('staff_sessions').where('id_hash', '=', idHash).where('staff_user_id', '=', staff.id).executeTakeFirst();
    const closed = Number(result.numDeletedRows) === 1;
    if (closed) await audit(tx, { ...actorOf(staff), action: 'staff.session_closed', details: { current: idHash === staff.sessionHash } });
    return closed;
  });
}

export async function closeOtherSessions(db: Db, staff: StaffPrincipal): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const closed = await closeStaffSessionsOf(tx, staff.id, staff.sessionHash);
    await audit(tx, { ...actorOf(staff), action: 'staff.sessions_closed', details: { closed } });
    return closed;
  });
}

export type PasswordChange = { ok: true; closed: number } | { ok: false; errors: Record<string, string> };

/** Changes one's own password (the current one is asked); every other session of the account is closed. */
export async function changeOwnPassword(db: Db, staff: StaffPrincipal, input: { current: string; next: string; wrongCurrent: string }): Promise<PasswordChange> {
  const row = await db.selectFrom('staff_users').select('password_hash').where('id', '=', staff.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.current))) return { ok: false, errors: { current_password: input.wrongCurrent } };
  const passwordHash = await hashPassword(input.next); // outside the transaction: CPU work
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('staff_users').set({ password_hash: passwordHash }).where('id', '=', staff.id).execute();
    const closed = await closeStaffSessionsOf(tx, staff.id, staff.sessionHash);
    await audit(tx, { ...actorOf(staff), action: 'staff.password_changed', details: { sessions_closed: closed } });
    return { ok: true as const, closed };
  });
}
