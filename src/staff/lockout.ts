import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';

/**
 * Lockout after repeated failures, counted per e-mail address (a keyed hash of it), known or not:
 * an unknown address is locked exactly like a known one, so the page tells nothing about which
 * addresses have an account. Wrong second-factor codes count too.
 */
export interface LockoutPolicy {
  failures: number;
  minutes: number;
}

/** The instant the address is locked until, or null when it may try. */
export async function lockedUntil(db: Executor, emailKey: string): Promise<string | null> {
  const row = await db.selectFrom('staff_login_throttles').select('locked_until').where('email_key', '=', emailKey).executeTakeFirst();
  return row?.locked_until && new Date(row.locked_until).getTime() > Date.now() ? row.locked_until : null;
}

/** Counts one more failure; at the threshold the address is locked and the count starts again. Returns true when this failure locked it. */
export async function recordFailure(tx: Executor, emailKey: string, policy: LockoutPolicy): Promise<boolean> {
  const at = now();
  await tx
    .insertInto('staff_login_throttles')
    .values({ email_key: emailKey, failures: 1, locked_until: null, updated_at: at })
    .onConflict((oc) => oc.column('email_key').doUpdateSet({ failures: sql<number>`staff_login_throttles.failures + 1`, updated_at: at }))
    .execute();
  const locked = await tx
    .updateTable('staff_login_throttles')
    .set({ failures: 0, locked_until: new Date(Date.now() + policy.minutes * 60_000).toISOString() })
    .where('email_key', '=', emailKey)
    .where('failures', '>=', policy.failures)
    .executeTakeFirst();
  return Number(locked.numUpdatedRows) > 0;
}

/** A successful sign-in forgets the failures. */
export async function resetFailures(tx: Executor, emailKey: string): Promise<void> {
  await tx.deleteFrom('staff_login_throttles').where('email_key', '=', emailKey).execute();
}
