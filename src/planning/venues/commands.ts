import type { Db } from '../../platform/db/database.js';
import { isUniqueViolation, now } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import { t } from '../../platform/i18n/index.js';
import type { CommandResult } from '../sessions/commands.js';
import type { VenueInput } from './form.js';

type Actor = { staffId: number; territoryId: number };

const columns = (v: VenueInput) => ({
  name: v.name,
  slug: v.slug,
  address: v.address,
  commune_code: v.commune,
  workstations: v.workstations,
  accessible_prm: v.accessible,
  equipment: v.equipment,
  opening_hours: v.opening_hours,
  contact_phone: v.contact_phone,
  contact_email: v.contact_email,
  website: v.website,
  pivot: v.pivot,
});

/** Adds or changes a venue of the territory; its commune must be one of the territory's. */
export async function saveVenue(db: Db, actor: Actor, input: VenueInput, id?: number): Promise<CommandResult<number>> {
  return db
    .transaction()
    .execute(async (tx): Promise<CommandResult<number>> => {
      const commune = await tx.selectFrom('communes').select('insee_code').where('territory_id', '=', actor.territoryId).where('insee_code', '=', input.commune).executeTakeFirst();
      if (!commune) return { ok: false, errors: { commune: t('planning.error.commune') } };
      const taken = await tx
        .selectFrom('venues')
        .select('id')
        .where('territory_id', '=', actor.territoryId)
        .where('slug', '=', input.slug)
        .$if(id !== undefined, (q) => q.where('id', '<>', id!))
        .executeTakeFirst();
      if (taken) return { ok: false, errors: { slug: t('planning.error.slug_taken') } };
      let venueId: number;
      if (id === undefined) {
        venueId = (await tx.insertInto('venues').values({ territory_id: actor.territoryId, ...columns(input), updated_at: now() }).returning('id').executeTakeFirstOrThrow()).id;
      } else {
        await tx.updateTable('venues').set({ ...columns(input), updated_at: now() }).where('id', '=', id).where('territory_id', '=', actor.territoryId).execute();
        venueId = id;
      }
      await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: id === undefined ? 'venue.created' : 'venue.changed', subject: `venue:${venueId}`, details: columns(input) });
      await bumpContentVersion(tx, actor.territoryId);
      return { ok: true, value: venueId };
    })
    .catch((error: unknown): CommandResult<number> => {
      if (isUniqueViolation(error)) return { ok: false, errors: { slug: t('planning.error.slug_taken') } };
      throw error;
    });
}
