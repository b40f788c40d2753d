import type { Executor } from '../../platform/db/database.js';
import { publicSessions } from '../../catalogue/queries.js';

/** More than a poster ever shows: enough to know whether to say « et d’autres dates ». */
export const POSTER_SESSION_CAP = 40;

/** The territory's cycles, newest first, for the choice of the poster's cycle. */
export function printableCycles(db: Executor, territoryId: number) {
  return db
    .selectFrom('cycles')
    .select(['id', 'number', 'name', 'starts_on', 'ends_on'])
    .where('territory_id', '=', territoryId)
    .orderBy('number', 'desc')
    .execute();
}
export type PrintableCycle = Awaited<ReturnType<typeof printableCycles>>[number];

/** The cycle running on `today` (Paris date), else the next one to start, else the latest. */
export function defaultCycle(cycles: PrintableCycle[], today: string): PrintableCycle | undefined {
  const current = cycles.filter((c) => c.ends_on >= today).sort((a, b) => a.starts_on.localeCompare(b.starts_on))[0];
  return current ?? cycles[0];
}

/**
 * What a poster may advertise: the cycle's scheduled sessions still to come, as the public
 * catalogue shows them (published workshops of the territory, its venues), and open to everyone
 * (no priority period running). Soonest first, one query.
 */
export function posterSessions(db: Executor, input: { territoryId: number; cycleId: number; now: Date; limit?: number }) {
  const now = input.now.toISOString();
  return publicSessions(db, input.territoryId, { from: now })
    .where('s.cycle_id', '=', input.cycleId)
    .where('s.status', '=', 'scheduled')
    .where((eb) => eb.or([eb('s.public_from', 'is', null), eb('s.public_from', '<=', now)]))
    .select(['s.id', 's.starts_at', 's.ends_at', 'w.title as workshop_title', 'v.id as venue_id', 'v.name as venue_name', 'c.name as commune_name'])
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(input.limit ?? POSTER_SESSION_CAP + 1)
    .execute();
}
export type PosterSession = Awaited<ReturnType<typeof posterSessions>>[number];
