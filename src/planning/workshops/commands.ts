import type { Db } from '../../platform/db/database.js';
import { isUniqueViolation, now } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import { t } from '../../platform/i18n/index.js';
import type { CommandResult } from '../sessions/commands.js';
import type { WorkshopInput } from './form.js';

type Actor = { staffId: number; territoryId: number };

const columns = (w: WorkshopInput) => ({
  slug: w.slug,
  title: w.title,
  summary: w.summary,
  description: w.description,
  objectives: w.objectives,
  level: w.level,
  duration_minutes: w.duration,
  prerequisites: w.prerequisites,
  theme: w.theme,
  follow_on_partner: w.follow_on_partner,
  follow_on_title: w.follow_on_title,
  follow_on_url: w.follow_on_url,
  published: w.published,
});

/** Adds a workshop to the catalogue, or changes one (`id`); the slug is unique in the territory. */
export async function saveWorkshop(db: Db, actor: Actor, input: WorkshopInput, id?: number): Promise<CommandResult<number>> {
  return db.transaction().execute(async (tx): Promise<CommandResult<number>> => {
    const taken = await tx
      .selectFrom('workshops')
      .select('id')
      .where('territory_id', '=', actor.territoryId)
      .where('slug', '=', input.slug)
      .$if(id !== undefined, (q) => q.where('id', '<>', id!))
      .executeTakeFirst();
    if (taken) return { ok: false, errors: { slug: t('planning.error.slug_taken') } };
    let workshopId: number;
    if (id === undefined) {
      workshopId = (await tx.insertInto('workshops').values({ territory_id: actor.territoryId, ...columns(input), updated_at: now() }).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      const res = await tx.updateTable('workshops').set({ ...columns(input), updated_at: now() }).where('id', '=', id).where('territory_id', '=', actor.territoryId).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return { ok: false, errors: { _form: t('error.404.text') } };
      workshopId = id;
    }
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: id === undefined ? 'workshop.created' : 'workshop.changed', subject: `workshop:${workshopId}`, details: columns(input) });
    await bumpContentVersion(tx, actor.territoryId);
    return { ok: true, value: workshopId };
  }).catch((error: unknown): CommandResult<number> => {
    if (isUniqueViolation(error)) return { ok: false, errors: { slug: t('planning.error.slug_taken') } };
    throw error;
  });
}
