// Frozen copy of the results' queries as they were before migration 0023 (the sessions' territory came through
// the workshop, the cycle or the venue): the reference that src/results/national-equivalence.test.ts compares with.
import { sql } from 'kysely';
import type { Executor } from '../../src/platform/db/database.js';
import { dialectOf } from '../../src/platform/db/database.js';
import { NO_FILTER, onPeople, onSessions, type ResultsFilter } from '../../src/results/filters.js';

/**
 * The programme's figures, computed by SQL aggregates (never by loading every row): per cycle and
 * overall. Definitions (also in docs/results.md):
 * - registrations: confirmed registrations at sessions not cancelled;
 * - leaders reached: distinct people present at a held session; companies reached: their companies;
 * - attendance rate: present ÷ (present + absent + excused) at held sessions; no-show rate: absent ÷ the same;
 * - fill rate: seats taken ÷ seats of the sessions not cancelled;
 * - participant-hours: for each person present, the length of the session, summed.
 */
export interface Figures {
  cycleId: number | null;
  sessionsHeld: number;
  registrations: number;
  leaders: number;
  companies: number;
  present: number;
  absent: number;
  excused: number;
  seats: number;
  seatsTaken: number;
  participantHours: number;
}

const n = (v: unknown) => Number(v ?? 0);

/** The figures of a cycle (or of all, with null), narrowed by the other filters when given. */
export async function programmeFigures(db: Executor, territoryId: number, cycleId: number | null, filter: Partial<ResultsFilter> = {}): Promise<Figures> {
  return (await figuresGrouped(db, territoryId, { ...NO_FILTER, ...filter, cycleId }, false)).get(cycleId) ?? emptyFigures(cycleId);
}

/** Every cycle's figures in the same three grouped queries (not three queries per cycle). */
export async function figuresByCycle(db: Executor, territoryId: number, filter: Partial<ResultsFilter> = {}): Promise<Map<number | null, Figures>> {
  return figuresGrouped(db, territoryId, { ...NO_FILTER, ...filter, cycleId: null }, true);
}

export const emptyFigures = (cycleId: number | null): Figures => ({ cycleId, sessionsHeld: 0, registrations: 0, leaders: 0, companies: 0, present: 0, absent: 0, excused: 0, seats: 0, seatsTaken: 0, participantHours: 0 });

async function figuresGrouped(db: Executor, territoryId: number, filter: ResultsFilter, byCycle: boolean): Promise<Map<number | null, Figures>> {
  const cycleId = filter.cycleId;
  const key = (row: { cycle_id?: unknown } | undefined) => (byCycle ? Number(row?.cycle_id) : cycleId);
  const sessions = onSessions(
    db.selectFrom('sessions as s').innerJoin('workshops as w', 'w.id', 's.workshop_id').where('w.territory_id', '=', territoryId).where('s.status', '<>', 'cancelled'),
    filter,
  );
  const group = <Q>(q: Q): Q => (byCycle ? ((q as any).select('s.cycle_id').groupBy('s.cycle_id') as Q) : q);
  const [seatRows, peopleRows] = await Promise.all([
    group(sessions)
      .select([
        sql<number>`sum(case when s.status = 'held' then 1 else 0 end)`.as('held'),
        (eb) => eb.fn.sum<number>('s.seats').as('seats'),
        (eb) => eb.fn.sum<number>('s.seats_taken').as('taken'),
      ])
      .execute(),
    onPeople(group(sessions).innerJoin('registrations as r', 'r.session_id', 's.id').innerJoin('participants as p', 'p.id', 'r.participant_id'), filter)
      .where('r.status', '=', 'confirmed')
      .select([
        (eb) => eb.fn.countAll<number>().as('registrations'),
        sql<number>`count(distinct case when s.status = 'held' and r.attendance = 'present' then r.participant_id end)`.as('leaders'),
        sql<number>`count(distinct case when s.status = 'held' and r.attendance = 'present' then p.company_id end)`.as('companies'),
        sql<number>`sum(case when s.status = 'held' and r.attendance = 'present' then 1 else 0 end)`.as('present'),
        sql<number>`sum(case when s.status = 'held' and r.attendance = 'absent' then 1 else 0 end)`.as('absent'),
        sql<number>`sum(case when s.status = 'held' and r.attendance = 'excused' then 1 else 0 end)`.as('excused'),
      ])
      .execute(),
  ]);
  // participant-hours: the sessions' lengths, computed in the database's own date arithmetic
  const hourRows = await onPeople(group(sessions).innerJoin('registrations as r', 'r.session_id', 's.id'), filter)
    .where('s.status', '=', 'held')
    .where('r.status', '=', 'confirmed')
    .where('r.attendance', '=', 'present')
    .select(
      dialectOf(db) === 'postgres'
        ? sql<number>`sum(extract(epoch from (s.ends_at - s.starts_at))) / 3600.0`.as('hours')
        : sql<number>`sum((julianday(s.ends_at) - julianday(s.starts_at)) * 24.0)`.as('hours'),
    )
    .execute();
  const out = new Map<number | null, Figures>();
  const get = (k: number | null) => out.get(k) ?? (out.set(k, emptyFigures(k)), out.get(k)!);
  for (const r of seatRows as Array<Record<string, unknown>>) Object.assign(get(key(r)), { sessionsHeld: n(r.held), seats: n(r.seats), seatsTaken: n(r.taken) });
  for (const r of peopleRows as Array<Record<string, unknown>>) {
    Object.assign(get(key(r)), { registrations: n(r.registrations), leaders: n(r.leaders), companies: n(r.companies), present: n(r.present), absent: n(r.absent), excused: n(r.excused) });
  }
  for (const r of hourRows as Array<Record<string, unknown>>) get(key(r)).participantHours = Math.round(n(r.hours) * 100) / 100;
  return out;
}

/**
 * The programme's public by cycle: distinct leaders with a confirmed registration at a session not
 * cancelled, by their company's sector (the running cycle counts too, so a shift shows as it
 * happens).
 */
export function sectorMix(db: Executor, territoryId: number, filter: Partial<ResultsFilter> = {}) {
  const f = { ...NO_FILTER, ...filter };
  const q = db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .innerJoin('companies as co', 'co.id', 'p.company_id')
    .select(['c.id as cycle_id', 'c.number', 'c.name', 'co.sector', sql<number>`count(distinct r.participant_id)`.as('leaders')])
    .where('c.territory_id', '=', territoryId)
    .where('s.status', '<>', 'cancelled')
    .where('r.status', '=', 'confirmed')
    .groupBy(['c.id', 'c.number', 'c.name', 'co.sector'])
    .orderBy('c.number');
  // every cycle is shown (the shift is between cycles): the filter's cycle is not applied here
  return onPeople(onSessions(q, f, { cycle: false }), f).execute();
}

/** Sessions held by venue (per cycle when given). */
export function sessionsByVenue(db: Executor, territoryId: number, cycleId: number | null, filter: Partial<ResultsFilter> = {}) {
  const f = { ...NO_FILTER, ...filter, cycleId };
  const q = db
    .selectFrom('sessions as s')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .select(['v.id', 'v.name', (eb) => eb.fn.countAll<number>().as('sessions'), (eb) => eb.fn.sum<number>('s.seats_taken').as('registered')])
    .where('v.territory_id', '=', territoryId)
    .where('s.status', '=', 'held')
    .groupBy(['v.id', 'v.name'])
    .orderBy('v.name');
  return onSessions(q, f).execute();
}
