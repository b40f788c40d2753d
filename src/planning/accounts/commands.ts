import { z } from 'zod';
import type { Db, Tx } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { fields } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { CommandResult } from '../sessions/commands.js';
import { ACCOUNT_KINDS, type AccountKind } from './kinds.js';

type Actor = { staffId: number; territoryId: number };

export const accountForm = z.object({
  name: fields.text(120),
  email: fields.email(),
  password: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 12, t('validation.password_short'))
    .refine((v) => !v || v.length <= 500, t('validation.too_long', { max: 500 })),
  active: z.string().optional().transform((v) => (v === '1' ? (1 as const) : (0 as const))),
});
export type AccountInput = z.output<typeof accountForm>;

export function accountLabels(): Record<string, string> {
  return {
    name: t('planning.field.name'),
    email: t('planning.accounts.col.email'),
    password: t('planning.field.password.initial'),
    active: t('planning.field.active'),
    workshops: t('planning.field.workshops'),
    partner: t('planning.field.partner'),
  };
}

interface AccountChange {
  kind: AccountKind;
  input: AccountInput;
  /** The workshops a facilitator can lead; ignored for a kind without workshops. */
  workshopIds: number[];
  /** The partner a partner account is bound to; ignored for the other kinds. */
  partnerId?: number | null;
}

/** The partner of a partner account, checked in the actor's territory; undefined when none is valid. */
async function partnerOf(tx: Tx, territoryId: number, change: AccountChange): Promise<number | null | undefined> {
  if (!ACCOUNT_KINDS[change.kind].partner) return null;
  if (change.partnerId === null || change.partnerId === undefined) return undefined;
  const row = await tx.selectFrom('partners').select('id').where('id', '=', change.partnerId).where('territory_id', '=', territoryId).executeTakeFirst();
  return row?.id;
}
const partnerMissing: CommandResult<number> = { ok: false, errors: { partner: t('referrals.error.partner') } };

async function setWorkshops(tx: Tx, territoryId: number, staffUserId: number, workshopIds: number[]) {
  const valid = workshopIds.length
    ? (await tx.selectFrom('workshops').select('id').where('territory_id', '=', territoryId).where('id', 'in', workshopIds).execute()).map((w) => w.id)
    : [];
  await tx.deleteFrom('facilitator_workshops').where('staff_user_id', '=', staffUserId).execute();
  if (valid.length) await tx.insertInto('facilitator_workshops').values(valid.map((id) => ({ staff_user_id: staffUserId, workshop_id: id }))).execute();
}

/** 'partner.created' names a new chamber (pathway/referrals); its accounts are 'partner_account.*'. */
const auditName = (kind: AccountKind) => (kind === 'partner' ? 'partner_account' : kind);

function auditDetails(change: AccountChange) {
  if (ACCOUNT_KINDS[change.kind].partner) return { partner: change.partnerId ?? null, active: change.input.active };
  return ACCOUNT_KINDS[change.kind].workshops ? { workshops: change.workshopIds, active: change.input.active } : { active: change.input.active };
}

const emailTaken = (error: unknown): CommandResult<number> => {
  if (isUniqueViolation(error)) return { ok: false, errors: { email: t('validation.email_taken') } };
  throw error;
};

/** Creates a staff account of this kind in the actor's territory (an initial password is needed); for a facilitator, the workshops they can lead. */
export async function createStaffAccount(db: Db, actor: Actor, change: AccountChange): Promise<CommandResult<number>> {
  const { kind, input } = change;
  if (!input.password) return { ok: false, errors: { password: t('validation.required') } };
  const passwordHash = await hashPassword(input.password); // outside the transaction: CPU work
  return db
    .transaction()
    .execute(async (tx): Promise<CommandResult<number>> => {
      const partnerId = await partnerOf(tx, actor.territoryId, change);
      if (partnerId === undefined) return partnerMissing;
      const { id } = await tx
        .insertInto('staff_users')
        .values({ territory_id: actor.territoryId, email: input.email, display_name: input.name, role: ACCOUNT_KINDS[kind].role, password_hash: passwordHash, active: input.active, partner_id: partnerId })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (ACCOUNT_KINDS[kind].workshops) await setWorkshops(tx, actor.territoryId, id, change.workshopIds);
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: `${auditName(kind)}.created`, subject: `staff:${id}`, details: auditDetails(change) });
      return { ok: true, value: id };
    })
    .catch(emailTaken);
}

/**
 * Changes a staff account of this kind in the actor's territory (the password only when a new one
 * is given). Deactivating it, or resetting its password, signs it out at once: its staff sessions are deleted.
 */
export async function changeStaffAccount(db: Db, actor: Actor, change: AccountChange & { id: number }): Promise<CommandResult<number>> {
  const { kind, input, id } = change;
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db
    .transaction()
    .execute(async (tx): Promise<CommandResult<number>> => {
      const partnerId = await partnerOf(tx, actor.territoryId, change);
      if (partnerId === undefined) return partnerMissing;
      const changed = await tx
        .updateTable('staff_users')
        .set({ email: input.email, display_name: input.name, active: input.active, partner_id: partnerId, ...(passwordHash ? { password_hash: passwordHash } : {}) })
        .where('id', '=', id)
        .where('role', '=', ACCOUNT_KINDS[kind].role)
        .where('territory_id', '=', actor.territoryId)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) return { ok: false, errors: { _form: t('error.404.text') } };
      // deactivated, or its password reset by an administrator: signed out everywhere at once
      if (!input.active || passwordHash) await tx.deleteFrom('staff_sessions').where('staff_user_id', '=', id).execute();
      if (ACCOUNT_KINDS[kind].workshops) await setWorkshops(tx, actor.territoryId, id, change.workshopIds);
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: `${auditName(kind)}.changed`, subject: `staff:${id}`, details: auditDetails(change) });
      return { ok: true, value: id };
    })
    .catch(emailTaken);
}
