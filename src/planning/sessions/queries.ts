import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

export const PAGE_SIZE = 25;

/** The lists the session forms choose from, all scoped to the territory. */
export async function planningOptions(db: Executor, territoryId: number) {
  const [workshops, cycles, venues, facilitators] = await Promise.all([
    db.selectFrom('workshops').select(['id', 'title', 'duration_minutes']).where('territory_id', '=', territoryId).orderBy('title').execute(),
    db.selectFrom('cycles').select(['id', 'number', 'name', 'starts_on', 'ends_on']).where('territory_id', '=', territoryId).orderBy('number', 'desc').execute(),
    db.selectFrom('venues').select(['id', 'name', 'workstations']).where('territory_id', '=', territoryId).orderBy('name').execute(),
    db
      .selectFrom('staff_users')
      .select(['id', 'display_name'])
      .where('territory_id', '=', territoryId)
      .where('role', '=', 'facilitator')
      .where('active', '=', 1)
      .orderBy('display_name')
      .execute(),
  ]);
  return { workshops, cycles, venues, facilitators };
}
export type PlanningOptions = Awaited<ReturnType<typeof planningOptions>>;

export interface SessionFilters {
  cycleId?: number | undefined;
  venueId?: number | undefined;
  workshopId?: number | undefined;
  status?: 'scheduled' | 'cancelled' | 'held' | undefined;
  sort: 'date' | 'workshop' | 'venue' | 'fill';
  page: number;
}

/** One page of sessions with the total, filtered and sorted in SQL. */
export async function listSessions(db: Executor, territoryId: number, f: SessionFilters) {
  const base = db
    .selectFrom('sessions as s')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .leftJoin('staff_users as f', 'f.id', 's.facilitator_id')
    .where('c.territory_id', '=', territoryId)
    .$if(f.cycleId !== undefined, (q) => q.where('s.cycle_id', '=', f.cycleId!))
    .$if(f.venueId !== undefined, (q) => q.where('s.venue_id', '=', f.venueId!))
    .$if(f.workshopId !== undefined, (q) => q.where('s.workshop_id', '=', f.workshopId!))
    .$if(f.status !== undefined, (q) => q.where('s.status', '=', f.status!));
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  let q = base.select([
    's.id',
    's.starts_at',
    's.ends_at',
    's.seats',
    's.seats_taken',
    's.status',
    's.beginner',
    'w.title as workshop_title',
    'v.name as venue_name',
    'f.display_name as facilitator_name',
    'c.number as cycle_number',
  ]);
  q =
    f.sort === 'workshop'
      ? q.orderBy('w.title').orderBy('s.starts_at')
      : f.sort === 'venue'
        ? q.orderBy('v.name').orderBy('s.starts_at')
        : f.sort === 'fill'
          ? q.orderBy(sql`s.seats_taken * 1.0 / s.seats`, 'desc').orderBy('s.starts_at')
          : q.orderBy('s.starts_at');
  const rows = await q.orderBy('s.id').limit(PAGE_SIZE).offset((f.page - 1) * PAGE_SIZE).execute();
  return { rows, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
export type SessionRow = Awaited<ReturnType<typeof listSessions>>['rows'][number];

export function findSession(db: Executor, territoryId: number, id: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .selectAll('s')
    .select(['w.title as workshop_title'])
    .where('s.id', '=', id)
    .where('c.territory_id', '=', territoryId)
    .executeTakeFirst();
}

export async function liveRegistrationCount(db: Executor, sessionId: number): Promise<number> {
  const r = await db.selectFrom('registrations').select((eb) => eb.fn.countAll().as('n')).where('session_id', '=', sessionId).where('status', '<>', 'cancelled').executeTakeFirstOrThrow();
  return Number(r.n);
}
