// Frozen copy of the results' queries as they were before migration 0023 (the sessions' territory came through
// the workshop, the cycle or the venue): the reference that src/results/national-equivalence.test.ts compares with.
import type { Executor } from '../../src/platform/db/database.js';
import { addDays, parisTime } from '../../src/platform/time.js';

export interface CycleIndicators {
  cycleId: number;
  name: string;
  received: number;
  scheduled: number;
  withdrawn: number;
  /** Median days from a request to the session made for it (null: none yet). */
  medianDays: number | null;
  onDemandSessions: number;
  waitlisted: number;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The funder's evidence, per cycle: requests received during the cycle (Paris dates), those
 * turned into sessions and withdrawn (grouped counts), the median time from a request to its
 * session, the sessions held on demand and the people waiting on full sessions of the cycle.
 */
export async function demandIndicators(db: Executor, territoryId: number, onlyCycleId?: number): Promise<CycleIndicators[]> {
  const cycles = await db
    .selectFrom('cycles')
    .select(['id', 'name', 'starts_on', 'ends_on'])
    .where('territory_id', '=', territoryId)
    .$if(onlyCycleId !== undefined, (q) => q.where('id', '=', onlyCycleId!))
    .orderBy('number', 'desc')
    .limit(12)
    .execute();
  return Promise.all(
    cycles.map(async (c) => {
      const from = parisTime(c.starts_on, 0).toISOString();
      const to = parisTime(addDays(c.ends_on, 1), 0).toISOString();
      const [byStatus, durations, sessions] = await Promise.all([
        db
          .selectFrom('demand_requests')
          .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
          .where('territory_id', '=', territoryId)
          .where('created_at', '>=', from)
          .where('created_at', '<', to)
          .groupBy('status')
          .execute(),
        db
          .selectFrom('demand_requests as d')
          .innerJoin('sessions as s', 's.id', 'd.session_id')
          .select(['d.created_at', 's.starts_at'])
          .where('d.territory_id', '=', territoryId)
          .where('d.created_at', '>=', from)
          .where('d.created_at', '<', to)
          .where('d.status', '=', 'scheduled')
          .limit(10_000)
          .execute(),
        db
          .selectFrom('sessions as s')
          .select([
            (eb) => eb.fn.sum<number>(eb.case().when('s.origin', '=', 'on_demand').then(1).else(0).end()).as('on_demand'),
            (eb) =>
              eb
                .selectFrom('registrations as r')
                .innerJoin('sessions as s2', 's2.id', 'r.session_id')
                .select(eb.fn.countAll<number>().as('n'))
                .where('s2.cycle_id', '=', c.id)
                .where('r.status', '=', 'waitlisted')
                .as('waitlisted'),
          ])
          .where('s.cycle_id', '=', c.id)
          .where('s.status', '<>', 'cancelled')
          .executeTakeFirst(),
      ]);
      const count = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
      const days = durations.map((d) => (Date.parse(d.starts_at) - Date.parse(d.created_at)) / 86400_000);
      return {
        cycleId: c.id,
        name: c.name,
        received: count('open') + count('scheduled') + count('withdrawn'),
        scheduled: count('scheduled'),
        withdrawn: count('withdrawn'),
        medianDays: median(days),
        onDemandSessions: Number(sessions?.on_demand ?? 0),
        waitlisted: Number(sessions?.waitlisted ?? 0),
      };
    }),
  );
}
