import type { FeatureCollection } from 'geojson';
import type { Db } from '../../platform/db/database.js';
import { now } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import type { Area, ContourReport } from './contours.js';

type Actor = { staffId: number; territoryId: number };

/** Keeps the contours a coordinator loaded, in place of the previous ones, in one transaction. */
export async function saveTerritoryContours(db: Db, actor: Actor, input: { fileName: string; collection: FeatureCollection<Area>; report: ContourReport }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('territory_contours').where('territory_id', '=', actor.territoryId).execute();
    await tx
      .insertInto('territory_contours')
      .values({
        territory_id: actor.territoryId,
        file_name: input.fileName,
        geojson: JSON.stringify(input.collection),
        report: JSON.stringify(input.report),
        uploaded_at: now(),
        uploaded_by: actor.staffId,
      })
      .execute();
    const r = input.report;
    await audit(tx, {
      territoryId: actor.territoryId,
      actor: `staff:${actor.staffId}`,
      action: 'contours.uploaded',
      subject: `territory:${actor.territoryId}`,
      details: { fileName: input.fileName, features: r.features, matched: r.matched, outside: r.outsideCount, withoutCode: r.withoutCodeCount, missing: r.missing.length, merged: r.merged.length },
    });
  });
}

/** Removes the territory's contours (the map falls back to the table and the bars); false when there were none. */
export async function removeTerritoryContours(db: Db, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const removed = await tx.deleteFrom('territory_contours').where('territory_id', '=', actor.territoryId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'contours.removed', subject: `territory:${actor.territoryId}` });
    return true;
  });
}
