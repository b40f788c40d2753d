import type { Executor } from './db/database.js';

/** The territory served by this instance and its programme (one per instance until multi-territory lands). */
export async function currentTerritory(db: Executor) {
  return (
    (await db
      .selectFrom('territories as t')
      .leftJoin('programmes as p', 'p.territory_id', 't.id')
      .select([
        't.id',
        't.slug',
        't.name',
        't.epci_code',
        't.content_version',
        'p.name as programme_name',
        'p.funder',
        'p.tagline',
        'p.contact_email',
        'p.contact_phone',
        'p.publisher',
        'p.accessibility_status',
      ])
      .orderBy('t.id')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export type CurrentTerritory = NonNullable<Awaited<ReturnType<typeof currentTerritory>>>;

/** Marks the territory's public pages as changed; called in the same transaction as the write (DESIGN.md, cache). */
export async function bumpContentVersion(tx: Executor, territoryId: number): Promise<void> {
  await tx.updateTable('territories').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', territoryId).execute();
}
