import { z } from 'zod';
import type { Db, Tx } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { fields } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { CommandResult } from '../sessions/commands.js';

type Actor = { staffId: number; territoryId: number };

export const facilitatorForm = z.object({
  name: fields.text(120),
  email: fields.email(),
  password: z
    .string()
    .optional()
    .refine((v) => !v || v.length >= 12, t('validation.password_short'))
    .refine((v) => !v || v.length <= 500, t('validation.too_long', { max: 500 })),
  active: z.string().optional().transform((v) => (v === '1' ? (1 as const) : (0 as const))),
});
export type FacilitatorInput = z.output<typeof facilitatorForm>;

export function facilitatorLabels(): Record<string, string> {
  return {
    name: t('planning.field.name'),
    email: t('planning.facilitators.col.email'),
    password: t('planning.field.password.initial'),
    active: t('planning.field.active'),
    workshops: t('planning.field.workshops'),
  };
}

async function setWorkshops(tx: Tx, territoryId: number, staffUserId: number, workshopIds: number[]) {
  const valid = workshopIds.length
    ? (await tx.selectFrom('workshops').select('id').where('territory_id', '=', territoryId).where('id', 'in', workshopIds).execute()).map((w) => w.id)
    : [];
  await tx.deleteFrom('facilitator_workshops').where('staff_user_id', '=', staffUserId).execute();
  if (valid.length) await tx.insertInto('facilitator_workshops').values(valid.map((id) => ({ staff_user_id: staffUserId, workshop_id: id }))).execute();
}

/** Creates a facilitator account (a password is needed) or changes one; sets the workshops they can lead. */
export async function saveFacilitator(db: Db, actor: Actor, input: FacilitatorInput, workshopIds: number[], id?: number): Promise<CommandResult<number>> {
  if (id === undefined && !input.password) return { ok: false, errors: { password: t('validation.required') } };
  const passwordHash = input.password ? await hashPassword(input.password) : null; // outside the transaction: CPU work
  return db
    .transaction()
    .execute(async (tx): Promise<CommandResult<number>> => {
      let userId: number;
      if (id === undefined) {
        userId = (
          await tx
            .insertInto('staff_users')
            .values({ territory_id: actor.territoryId, email: input.email, display_name: input.name, role: 'facilitator', password_hash: passwordHash!, active: input.active })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } else {
        await tx
          .updateTable('staff_users')
          .set({ email: input.email, display_name: input.name, active: input.active, ...(passwordHash ? { password_hash: passwordHash } : {}) })
          .where('id', '=', id)
          .where('role', '=', 'facilitator')
          .where('territory_id', '=', actor.territoryId)
          .execute();
        if (!input.active) await tx.deleteFrom('staff_sessions').where('staff_user_id', '=', id).execute();
        userId = id;
      }
      await setWorkshops(tx, actor.territoryId, userId, workshopIds);
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: id === undefined ? 'facilitator.created' : 'facilitator.changed', subject: `staff:${userId}`, details: { workshops: workshopIds, active: input.active } });
      return { ok: true, value: userId };
    })
    .catch((error: unknown): CommandResult<number> => {
      if (isUniqueViolation(error)) return { ok: false, errors: { email: t('validation.email_taken') } };
      throw error;
    });
}
