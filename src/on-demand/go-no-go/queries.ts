import type { Executor } from '../../platform/db/database.js';

const DAY = 86400_000;
/** The board is short by nature (a few sessions a week); these caps keep a region's board bounded. */
export const BOARD_LIMIT = 100;
export const LATER_LIMIT = 20;

/** Scheduled sessions of the territory under their minimum (a minimum of 0 is none), not kept. */
function thinSessions(db: Executor, territoryId: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .where('c.territory_id', '=', territoryId)
    .where('s.status', '=', 'scheduled')
    .where('s.min_seats', '>', 0)
    .where((eb) => eb('s.seats_taken', '<', eb.ref('s.min_seats')))
    .where('s.kept_at', 'is', null)
    .select(['s.id', 's.workshop_id', 's.starts_at', 's.ends_at', 's.seats', 's.seats_taken', 's.min_seats', 'w.title as workshop_title', 'v.name as venue_name']);
}

/**
 * What the coordinator must decide on: thin sessions starting between now and now + `days`,
 * soonest first; then, for information, the thin sessions further ahead.
 */
export async function goNoGoBoard(db: Executor, territoryId: number, days: number, at = new Date()) {
  const from = at.toISOString();
  const until = new Date(at.getTime() + days * DAY).toISOString();
  const [due, later, laterCount] = await Promise.all([
    thinSessions(db, territoryId).where('s.starts_at', '>', from).where('s.starts_at', '<=', until).orderBy('s.starts_at').orderBy('s.id').limit(BOARD_LIMIT).execute(),
    thinSessions(db, territoryId).where('s.starts_at', '>', until).orderBy('s.starts_at').orderBy('s.id').limit(LATER_LIMIT).execute(),
    thinSessions(db, territoryId)
      .clearSelect()
      .select((eb) => eb.fn.countAll().as('n'))
      .where('s.starts_at', '>', until)
      .executeTakeFirstOrThrow(),
  ]);
  const targets = await mergeTargets(db, territoryId, [...new Set(due.map((s) => s.workshop_id))], at);
  return { due, later, laterTotal: Number(laterCount.n), targets };
}
export type BoardSession = Awaited<ReturnType<typeof goNoGoBoard>>['due'][number];

/** The upcoming scheduled dates of these workshops (where a thin session may be merged), one query. */
export async function mergeTargets(db: Executor, territoryId: number, workshopIds: number[], at = new Date()) {
  if (workshopIds.length === 0) return [];
  return db
    .selectFrom('sessions as s')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .select(['s.id', 's.workshop_id', 's.starts_at', 's.ends_at', 's.seats', 's.seats_taken', 'v.name as venue_name'])
    .where('c.territory_id', '=', territoryId)
    .where('s.workshop_id', 'in', workshopIds)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>', at.toISOString())
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
}
export type MergeTarget = Awaited<ReturnType<typeof mergeTargets>>[number];
