import type { Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';
import { decryptSecret, encryptSecret, hashRecoveryCode, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpStep } from '../platform/auth/totp.js';

/** Queries and writes of the TOTP second factor, shared by the sign-in and the « Sécurité » page. */

export async function secondFactorEnabled(db: Executor, staffUserId: number): Promise<boolean> {
  const row = await db.selectFrom('staff_second_factors').select('enabled_at').where('staff_user_id', '=', staffUserId).executeTakeFirst();
  return !!row?.enabled_at;
}

/** Starts (or restarts) an enrolment: a fresh secret, kept encrypted until a first code confirms it. */
export async function startEnrolment(tx: Executor, sessionSecret: string, staffUserId: number): Promise<string> {
  const base32 = newTotpSecret();
  const pending = encryptSecret(sessionSecret, staffUserId, base32);
  await tx
    .insertInto('staff_second_factors')
    .values({ staff_user_id: staffUserId, pending_secret: pending, updated_at: now() })
    .onConflict((oc) => oc.column('staff_user_id').doUpdateSet({ pending_secret: pending, updated_at: now() }))
    .execute();
  return base32;
}

export async function pendingSecret(db: Executor, sessionSecret: string, staffUserId: number): Promise<string | null> {
  const row = await db.selectFrom('staff_second_factors').select('pending_secret').where('staff_user_id', '=', staffUserId).executeTakeFirst();
  return row?.pending_secret ? decryptSecret(sessionSecret, staffUserId, row.pending_secret) : null;
}

/**
 * Confirms the pending secret with a valid code: the factor is on, ten new recovery codes replace
 * any old ones. Returns the codes in clear (shown once), or null when the code is wrong.
 */
export async function confirmEnrolment(tx: Executor, sessionSecret: string, staffUserId: number, code: string): Promise<string[] | null> {
  const base32 = await pendingSecret(tx, sessionSecret, staffUserId);
  const step = base32 ? totpStep(base32, code) : null;
  if (!base32 || step === null) return null;
  const confirmed = await tx
    .updateTable('staff_second_factors')
    .set({ secret: encryptSecret(sessionSecret, staffUserId, base32), pending_secret: null, enabled_at: now(), last_step: step, updated_at: now() })
    .where('staff_user_id', '=', staffUserId)
    .where('pending_secret', 'is not', null)
    .executeTakeFirst();
  if (Number(confirmed.numUpdatedRows) !== 1) return null;
  const codes = newRecoveryCodes();
  await tx.deleteFrom('staff_recovery_codes').where('staff_user_id', '=', staffUserId).execute();
  await tx
    .insertInto('staff_recovery_codes')
    .values(codes.map((c) => ({ staff_user_id: staffUserId, code_hash: hashRecoveryCode(sessionSecret, c) })))
    .execute();
  return codes;
}

/**
 * Checks a code of an enabled factor: a TOTP code of a time step later than the last one used (a
 * code is never accepted twice), or an unused recovery code (then spent). The step or the code is
 * claimed by a conditional UPDATE, so two requests racing with one code cannot both pass.
 */
export async function checkSecondFactor(tx: Executor, sessionSecret: string, staffUserId: number, code: string): Promise<'totp' | 'recovery' | null> {
  const row = await tx.selectFrom('staff_second_factors').select(['secret', 'enabled_at']).where('staff_user_id', '=', staffUserId).executeTakeFirst();
  if (!row?.enabled_at || !row.secret) return null;
  const base32 = decryptSecret(sessionSecret, staffUserId, row.secret);
  const step = base32 ? totpStep(base32, code) : null;
  if (step !== null) {
    const claimed = await tx
      .updateTable('staff_second_factors')
      .set({ last_step: step })
      .where('staff_user_id', '=', staffUserId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? 'totp' : null;
  }
  const recovery = normaliseRecoveryCode(code);
  if (!recovery) return null;
  const spent = await tx
    .updateTable('staff_recovery_codes')
    .set({ used_at: now() })
    .where('staff_user_id', '=', staffUserId)
    .where('code_hash', '=', hashRecoveryCode(sessionSecret, recovery))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1 ? 'recovery' : null;
}

export async function removeSecondFactor(tx: Executor, staffUserId: number): Promise<void> {
  await tx.deleteFrom('staff_recovery_codes').where('staff_user_id', '=', staffUserId).execute();
  await tx.deleteFrom('staff_second_factors').where('staff_user_id', '=', staffUserId).execute();
}

export async function unusedRecoveryCodes(db: Executor, staffUserId: number): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_user_id', '=', staffUserId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
