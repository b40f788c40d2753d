import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

/** A poll of the territory, with its workshop and venue. */
export function pollInTerritory(db: Executor, territoryId: number, pollId: number) {
  return db
    .selectFrom('demand_polls as p')
    .innerJoin('workshops as w', 'w.id', 'p.workshop_id')
    .innerJoin('venues as v', 'v.id', 'p.venue_id')
    .select(['p.id', 'p.status', 'p.workshop_id', 'p.venue_id', 'p.created_at', 'p.closes_at', 'p.closed_at', 'p.session_id', 'w.title as workshop_title', 'w.duration_minutes', 'v.name as venue_name', 'v.workstations'])
    .where('p.id', '=', pollId)
    .where('p.territory_id', '=', territoryId)
    .executeTakeFirst();
}
export type Poll = NonNullable<Awaited<ReturnType<typeof pollInTerritory>>>;

/** Each date of a poll with its tally: answers and people for yes, if needed, no (one grouped query). */
export function pollTally(db: Executor, pollId: number) {
  const sum = (answer: string, what: 'n' | 'people') =>
    what === 'n' ? sql<number>`sum(case when a.answer = ${answer} then 1 else 0 end)` : sql<number>`sum(case when a.answer = ${answer} then d.people else 0 end)`;
  return db
    .selectFrom('demand_poll_options as o')
    .leftJoin('demand_poll_answers as a', 'a.option_id', 'o.id')
    .leftJoin('demand_requests as d', 'd.id', 'a.request_id')
    .select(['o.id', 'o.starts_at', 'o.ends_at', sum('yes', 'n').as('yes'), sum('maybe', 'n').as('maybe'), sum('no', 'n').as('no'), sum('yes', 'people').as('yes_people'), sum('maybe', 'people').as('maybe_people')])
    .where('o.poll_id', '=', pollId)
    .groupBy(['o.id', 'o.starts_at', 'o.ends_at'])
    .orderBy('o.starts_at')
    .execute();
}
export type TallyRow = Awaited<ReturnType<typeof pollTally>>[number];

/** The requests a poll was sent to, with how many answered. */
export async function pollRequests(db: Executor, pollId: number) {
  return db
    .selectFrom('demand_requests as d')
    .select(['d.id', 'd.first_name', 'd.last_name', 'd.people', 'd.status'])
    .select((eb) => eb.exists(eb.selectFrom('demand_poll_answers as a').select('a.option_id').whereRef('a.request_id', '=', 'd.id')).as('answered'))
    .where('d.poll_id', '=', pollId)
    .orderBy('d.id')
    .execute();
}

/** The open polls of the territory, for the board. */
export function openPolls(db: Executor, territoryId: number) {
  return db
    .selectFrom('demand_polls as p')
    .innerJoin('workshops as w', 'w.id', 'p.workshop_id')
    .innerJoin('venues as v', 'v.id', 'p.venue_id')
    .select(['p.id', 'p.closes_at', 'p.created_at', 'w.title as workshop_title', 'v.name as venue_name'])
    .select((eb) => eb.selectFrom('demand_requests as d').select(eb.fn.countAll<number>().as('n')).whereRef('d.poll_id', '=', 'p.id').as('requests'))
    .where('p.territory_id', '=', territoryId)
    .where('p.status', '=', 'open')
    .orderBy('p.created_at')
    .execute();
}
export type OpenPoll = Awaited<ReturnType<typeof openPolls>>[number];

/** The poll a requester may answer (their request's), its dates and their answers so far. */
export async function pollForRequest(db: Executor, requestId: number) {
  const poll = await db
    .selectFrom('demand_requests as d')
    .innerJoin('demand_polls as p', 'p.id', 'd.poll_id')
    .select(['p.id', 'p.status', 'p.closes_at', 'p.closed_at'])
    .where('d.id', '=', requestId)
    .executeTakeFirst();
  if (!poll) return null;
  const options = await db
    .selectFrom('demand_poll_options as o')
    .leftJoin('demand_poll_answers as a', (j) => j.onRef('a.option_id', '=', 'o.id').on('a.request_id', '=', requestId))
    .select(['o.id', 'o.starts_at', 'o.ends_at', 'a.answer'])
    .where('o.poll_id', '=', poll.id)
    .orderBy('o.starts_at')
    .execute();
  return { ...poll, options };
}
export type RequestPoll = NonNullable<Awaited<ReturnType<typeof pollForRequest>>>;
