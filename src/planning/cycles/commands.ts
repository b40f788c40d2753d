import type { Db } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import { t } from '../../platform/i18n/index.js';
import type { CommandResult } from '../sessions/commands.js';
import type { CycleInput } from './form.js';

type Actor = { staffId: number; territoryId: number };

/** Adds or changes a cycle; its number is unique in the territory (the database says so too). */
export async function saveCycle(db: Db, actor: Actor, input: CycleInput, id?: number): Promise<CommandResult<number>> {
  const columns = { number: input.number, name: input.name, starts_on: input.starts_on, ends_on: input.ends_on, registration_opens_at: input.registrationOpensAt };
  return db
    .transaction()
    .execute(async (tx): Promise<CommandResult<number>> => {
      const taken = await tx
        .selectFrom('cycles')
        .select('id')
        .where('territory_id', '=', actor.territoryId)
        .where('number', '=', input.number)
        .$if(id !== undefined, (q) => q.where('id', '<>', id!))
        .executeTakeFirst();
      if (taken) return { ok: false, errors: { number: t('planning.error.number_taken') } };
      let cycleId: number;
      if (id === undefined) cycleId = (await tx.insertInto('cycles').values({ territory_id: actor.territoryId, ...columns }).returning('id').executeTakeFirstOrThrow()).id;
      else {
        await tx.updateTable('cycles').set(columns).where('id', '=', id).where('territory_id', '=', actor.territoryId).execute();
        cycleId = id;
      }
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: id === undefined ? 'cycle.created' : 'cycle.changed', subject: `cycle:${cycleId}`, details: columns });
      await bumpContentVersion(tx, actor.territoryId);
      return { ok: true, value: cycleId };
    })
    .catch((error: unknown): CommandResult<number> => {
      if (isUniqueViolation(error)) return { ok: false, errors: { number: t('planning.error.number_taken') } };
      throw error;
    });
}
