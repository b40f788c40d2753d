import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

/**
 * A no-show: a confirmed registration marked absent (not excused) at a session that was held
 * (closed). Counted per participant and per workshop, by SQL aggregates, within one territory.
 */
export const NO_SHOW_THRESHOLD_DEFAULT = 2;

/** No-shows of the given people, one grouped query (none for an empty list). */
export async function noShowCounts(db: Executor, territoryId: number, participantIds: number[]): Promise<Map<number, number>> {
  const ids = [...new Set(participantIds)];
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .select(['r.participant_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('p.territory_id', '=', territoryId)
    .where('r.participant_id', 'in', ids)
    .where('r.status', '=', 'confirmed')
    .where('r.attendance', '=', 'absent')
    .where('s.status', '=', 'held')
    .groupBy('r.participant_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.participant_id), Number(r.n)]));
}

type FlaggedFilter = { threshold: number; cycleId: number | null };

/** People at or above the threshold (absent without excuse at held sessions), most no-shows first. */
function flaggedQuery(db: Executor, territoryId: number, input: FlaggedFilter) {
  const absent = sql<number>`sum(case when r.attendance = 'absent' then 1 else 0 end)`;
  return db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .leftJoin('communes as cm', (j) => j.onRef('cm.insee_code', '=', 'p.commune_code').onRef('cm.territory_id', '=', 'p.territory_id'))
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'p.email',
      'p.phone',
      'c.name as company_name',
      'cm.name as commune_name',
      absent.as('absent'),
      sql<number>`sum(case when r.attendance = 'excused' then 1 else 0 end)`.as('excused'),
      sql<number>`sum(case when r.attendance = 'present' then 1 else 0 end)`.as('present'),
      sql<string>`max(case when r.attendance = 'absent' then s.starts_at end)`.as('last_absent_at'),
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('p.territory_id', '=', territoryId)
    .where('p.anonymised_at', 'is', null)
    .where('r.status', '=', 'confirmed')
    .where('s.status', '=', 'held')
    .$if(input.cycleId !== null, (q) => q.where('s.cycle_id', '=', input.cycleId!))
    .groupBy(['p.id', 'p.first_name', 'p.last_name', 'p.email', 'p.phone', 'c.name', 'cm.name'])
    .having(absent, '>=', input.threshold)
    .orderBy(absent, 'desc')
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .orderBy('p.id');
}

/** One page of the flagged people; `total` is the whole list's size (a window over the groups, same query). */
export function flaggedParticipants(db: Executor, territoryId: number, input: FlaggedFilter & { page: number; perPage: number }) {
  return flaggedQuery(db, territoryId, input)
    .limit(input.perPage)
    .offset((input.page - 1) * input.perPage)
    .execute();
}

/** The whole flagged list, for the CSV export (one query; a territory's flagged people are few). */
export function allFlaggedParticipants(db: Executor, territoryId: number, input: FlaggedFilter) {
  return flaggedQuery(db, territoryId, input).execute();
}
export type FlaggedParticipant = Awaited<ReturnType<typeof flaggedParticipants>>[number];

/** Per workshop: held sessions, confirmed registrations at them, present, absent, excused, walk-ins. */
export function workshopNoShows(db: Executor, territoryId: number, cycleId: number | null) {
  const count = (condition: ReturnType<typeof sql>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .leftJoin('registrations as r', (j) => j.onRef('r.session_id', '=', 's.id').on('r.status', '=', 'confirmed'))
    .select([
      'w.id',
      'w.title',
      sql<number>`count(distinct s.id)`.as('sessions'),
      sql<number>`count(r.id)`.as('confirmed'),
      count(sql`r.attendance = 'present'`).as('present'),
      count(sql`r.attendance = 'absent'`).as('absent'),
      count(sql`r.attendance = 'excused'`).as('excused'),
      count(sql`r.walk_in = 1`).as('walk_ins'),
    ])
    .where('w.territory_id', '=', territoryId)
    .where('s.status', '=', 'held')
    .$if(cycleId !== null, (q) => q.where('s.cycle_id', '=', cycleId!))
    .groupBy(['w.id', 'w.title'])
    .orderBy('w.title')
    .execute();
}
export type WorkshopNoShows = Awaited<ReturnType<typeof workshopNoShows>>[number];
