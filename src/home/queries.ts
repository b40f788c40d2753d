import type { Executor } from '../platform/db/database.js';
import { now } from '../platform/db/database.js';

/** The next scheduled sessions of published workshops, soonest first. */
export function nextSessions(db: Executor, territoryId: number, limit = 12) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .select([
      's.id',
      's.starts_at',
      's.ends_at',
      's.seats',
      's.seats_taken',
      's.beginner',
      'w.title as workshop_title',
      'w.slug as workshop_slug',
      'v.name as venue_name',
    ])
    .where('w.territory_id', '=', territoryId)
    .where('w.published', '=', 1)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>', now())
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

export function venuesOf(db: Executor, territoryId: number) {
  return db
    .selectFrom('venues as v')
    .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
    .select(['v.id', 'v.slug', 'v.name', 'v.address', 'v.workstations', 'v.accessible_prm', 'c.name as commune_name', 'c.postcodes'])
    .where('v.territory_id', '=', territoryId)
    .orderBy('v.name')
    .execute();
}

export type NextSession = Awaited<ReturnType<typeof nextSessions>>[number];
export type VenueSummary = Awaited<ReturnType<typeof venuesOf>>[number];
