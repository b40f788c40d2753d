import type { Db, Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { decoyHash, verifyPassword } from '../platform/auth/passwords.js';
import { emailKey } from '../platform/auth/totp.js';
import { belongsToTerritory } from '../platform/auth/territory-scope.js';
import { closeStaffSession, openStaffSession, type StaffPrincipal } from '../platform/auth/sessions.js';
import { lockedUntil, recordFailure, resetFailures, type LockoutPolicy } from './lockout.js';
import { checkSecondFactor, confirmEnrolment, secondFactorEnabled, startEnrolment } from './second-factor.js';

export interface SignInSettings {
  /** The territory the request is for: an account of another territory cannot sign in there. */
  territoryId: number | null;
  sessionSecret: string;
  ttlHours: number;
  lockout: LockoutPolicy;
  adminTotpRequired: boolean;
  userAgent?: string | undefined;
}

export type Refusal = { kind: 'refused'; code: 'staff.bad_credentials' | 'staff.locked' | 'staff.bad_code' };
export type Opened = { kind: 'session'; token: string; expiresAt: Date };
/** The password step's outcome: a session, or a second step (code, or enrolment) that opens none yet. */
export type LogInResult = Opened | { kind: 'second_factor'; staffUserId: number } | { kind: 'enrolment'; staffUserId: number } | Refusal;

const locked: Refusal = { kind: 'refused', code: 'staff.locked' };

/**
 * Checks a staff member's e-mail and password. Without a second factor it opens a fresh session (its
 * id renewed at each login); with one, or when an administrator must first enrol one, it opens none
 * and says which step comes next. Locked addresses are refused before the password is looked at.
 */
export async function logIn(db: Db, input: { email: string; password: string } & SignInSettings): Promise<LogInResult> {
  const key = emailKey(input.sessionSecret, input.email);
  if (await lockedUntil(db, key)) return locked;
  const user = await db
    .selectFrom('staff_users')
    .select(['id', 'password_hash', 'territory_id', 'role'])
    .where('email', '=', input.email)
    .where('active', '=', 1)
    .executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  // an account of another territory is refused like a wrong password (and counted: the lockout must not tell a right one)
  const here = !!user && belongsToTerritory({ role: user.role, territoryId: user.territory_id }, input.territoryId);
  if (!user || !valid || !here) return fail(db, key, input.lockout, { territoryId: user?.territory_id ?? null, subject: user ? `staff:${user.id}` : null, step: 'password' });
  if (await secondFactorEnabled(db, user.id)) return { kind: 'second_factor', staffUserId: user.id };
  if (user.role === 'administrator' && input.adminTotpRequired) {
    await db.transaction().execute((tx) => startEnrolment(tx, input.sessionSecret, user.id));
    return { kind: 'enrolment', staffUserId: user.id };
  }
  return db.transaction().execute((tx) => openSession(tx, user, key, input, 'password'));
}

/** The second step: a TOTP code or a recovery code of the staff member who passed the password step. */
export async function logInWithCode(db: Db, input: { staffUserId: number; code: string } & SignInSettings): Promise<Opened | Refusal> {
  const user = await activeUser(db, input.staffUserId);
  if (!user || !belongsToTerritory({ role: user.role, territoryId: user.territory_id }, input.territoryId)) return { kind: 'refused', code: 'staff.bad_code' };
  const key = emailKey(input.sessionSecret, user.email);
  if (await lockedUntil(db, key)) return locked;
  const result = await db.transaction().execute(async (tx) => {
    const method = await checkSecondFactor(tx, input.sessionSecret, user.id, input.code);
    if (!method) return null;
    if (method === 'recovery') await audit(tx, { territoryId: user.territory_id, actor: `staff:${user.id}`, action: 'staff.recovery_code_used', subject: `staff:${user.id}` });
    return openSession(tx, user, key, input, method);
  });
  return result ?? fail(db, key, input.lockout, { territoryId: user.territory_id, subject: `staff:${user.id}`, step: 'second_factor' }, 'staff.bad_code');
}

/** An administrator required to use a second factor confirms the enrolment begun after the password; the session opens then. */
export async function logInWithEnrolment(db: Db, input: { staffUserId: number; code: string } & SignInSettings): Promise<(Opened & { recoveryCodes: string[] }) | Refusal> {
  const user = await activeUser(db, input.staffUserId);
  if (!user || !belongsToTerritory({ role: user.role, territoryId: user.territory_id }, input.territoryId)) return { kind: 'refused', code: 'staff.bad_code' };
  const key = emailKey(input.sessionSecret, user.email);
  if (await lockedUntil(db, key)) return locked;
  const result = await db.transaction().execute(async (tx) => {
    const codes = await confirmEnrolment(tx, input.sessionSecret, user.id, input.code);
    if (!codes) return null;
    await audit(tx, { territoryId: user.territory_id, actor: `staff:${user.id}`, action: 'staff.totp_enabled', subject: `staff:${user.id}`, details: { at_sign_in: true } });
    return { ...(await openSession(tx, user, key, input, 'totp')), recoveryCodes: codes };
  });
  return result ?? { kind: 'refused', code: 'staff.bad_code' };
}

export async function logOut(db: Db, staff: StaffPrincipal): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await closeStaffSession(tx, staff.sessionHash);
    await audit(tx, { territoryId: staff.territoryId, actor: `staff:${staff.id}`, action: 'staff.logout', subject: `staff:${staff.id}` });
  });
}

function activeUser(db: Executor, id: number) {
  return db.selectFrom('staff_users').select(['id', 'email', 'territory_id', 'role']).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
}

async function openSession(tx: Executor, user: { id: number; territory_id: number | null }, key: string, input: SignInSettings, method: string): Promise<Opened> {
  const session = await openStaffSession(tx, { staffUserId: user.id, ttlHours: input.ttlHours, userAgent: input.userAgent });
  await resetFailures(tx, key);
  await tx.updateTable('staff_users').set({ last_login_at: now() }).where('id', '=', user.id).execute();
  await audit(tx, { territoryId: user.territory_id, actor: `staff:${user.id}`, action: 'staff.login', subject: `staff:${user.id}`, details: { method } });
  return { kind: 'session', ...session };
}

/** Counts a failure (password or code) in its own transaction; the one that reaches the threshold locks the address. */
async function fail(
  db: Db,
  key: string,
  policy: LockoutPolicy,
  who: { territoryId: number | null; subject: string | null; step: 'password' | 'second_factor' },
  code: Refusal['code'] = 'staff.bad_credentials',
): Promise<Refusal> {
  const nowLocked = await db.transaction().execute(async (tx) => {
    await audit(tx, { territoryId: who.territoryId, actor: 'anonymous', action: 'staff.login_failed', subject: who.subject, details: { step: who.step } });
    const lockedNow = await recordFailure(tx, key, policy);
    if (lockedNow) await audit(tx, { territoryId: who.territoryId, actor: 'system', action: 'staff.locked', subject: who.subject, details: { minutes: policy.minutes } });
    return lockedNow;
  });
  return nowLocked ? locked : { kind: 'refused', code };
}
