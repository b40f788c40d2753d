import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

/** One request with what its page shows: workshop, venue, the session it became. */
export function requestDetails(db: Executor, territoryId: number, requestId: number) {
  return db
    .selectFrom('demand_requests as d')
    .leftJoin('workshops as w', 'w.id', 'd.workshop_id')
    .leftJoin('venues as v', 'v.id', 'd.venue_id')
    .leftJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'd.commune_code').onRef('c.territory_id', '=', 'd.territory_id'))
    .leftJoin('sessions as s', 's.id', 'd.session_id')
    .select(['d.id', 'd.status', 'd.topic', 'd.days', 'd.times', 'd.people', 'd.comment', 'd.first_name', 'd.last_name', 'd.email', 'd.company', 'd.created_at', 'd.withdrawn_at', 'd.session_id', 'w.title as workshop_title', 'w.slug as workshop_slug', 'v.name as venue_name', 'c.name as commune_name', 's.starts_at as session_starts_at', 's.ends_at as session_ends_at'])
    .where('d.id', '=', requestId)
    .where('d.territory_id', '=', territoryId)
    .executeTakeFirst();
}
export type RequestDetails = NonNullable<Awaited<ReturnType<typeof requestDetails>>>;

/** What the form offers: published workshops, venues, communes. */
export async function requestChoices(db: Executor, territoryId: number) {
  const [workshops, venues, communes] = await Promise.all([
    db.selectFrom('workshops').select(['id', 'slug', 'title']).where('territory_id', '=', territoryId).where('published', '=', 1).orderBy('title').execute(),
    db.selectFrom('venues').select(['id', 'slug', 'name']).where('territory_id', '=', territoryId).orderBy('name').execute(),
    db.selectFrom('communes').select(['insee_code', 'name', 'postcodes']).where('territory_id', '=', territoryId).orderBy('name').execute(),
  ]);
  return { workshops, venues, communes };
}
export type RequestChoices = Awaited<ReturnType<typeof requestChoices>>;

/**
 * The demand board, by SQL aggregates over the open requests: one row per (workshop, venue) with
 * the number of requests, of people, the oldest request; the preferred days and times as counts per
 * combination (expanded into a small table by the view); the waitlists of the workshops' upcoming
 * sessions (people who could not get a seat are demand too).
 */
export async function demandBoard(db: Executor, territoryId: number, now: string) {
  const [groups, slots, waitlists, topics] = await Promise.all([
    db
      .selectFrom('demand_requests as d')
      .innerJoin('workshops as w', 'w.id', 'd.workshop_id')
      .leftJoin('venues as v', 'v.id', 'd.venue_id')
      .select([
        'd.workshop_id',
        'd.venue_id',
        'w.title as workshop_title',
        'w.demand_threshold',
        'v.name as venue_name',
        (eb) => eb.fn.countAll<number>().as('requests'),
        (eb) => eb.fn.sum<number>('d.people').as('people'),
        (eb) => eb.fn.min<string>('d.created_at').as('oldest'),
      ])
      .where('d.territory_id', '=', territoryId)
      .where('d.status', '=', 'open')
      .groupBy(['d.workshop_id', 'd.venue_id', 'w.title', 'w.demand_threshold', 'v.name'])
      .orderBy(sql`sum(d.people)`, 'desc')
      .orderBy('w.title')
      .limit(500)
      .execute(),
    db
      .selectFrom('demand_requests as d')
      .select(['d.workshop_id', 'd.venue_id', 'd.days', 'd.times', (eb) => eb.fn.sum<number>('d.people').as('people')])
      .where('d.territory_id', '=', territoryId)
      .where('d.status', '=', 'open')
      .where('d.workshop_id', 'is not', null)
      .groupBy(['d.workshop_id', 'd.venue_id', 'd.days', 'd.times'])
      .execute(),
    db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .innerJoin('workshops as w', 'w.id', 's.workshop_id')
      .select(['s.workshop_id', 'w.title as workshop_title', 'w.demand_threshold', (eb) => eb.fn.countAll<number>().as('waiting')])
      .where('w.territory_id', '=', territoryId)
      .where('r.status', '=', 'waitlisted')
      .where('s.status', '=', 'scheduled')
      .where('s.starts_at', '>', now)
      .groupBy(['s.workshop_id', 'w.title', 'w.demand_threshold'])
      .execute(),
    db
      .selectFrom('demand_requests as d')
      .leftJoin('venues as v', 'v.id', 'd.venue_id')
      .select(['d.id', 'd.topic', 'd.people', 'd.created_at', 'd.comment', 'v.name as venue_name'])
      .where('d.territory_id', '=', territoryId)
      .where('d.status', '=', 'open')
      .where('d.workshop_id', 'is', null)
      .orderBy('d.created_at')
      .limit(200)
      .execute(),
  ]);
  return { groups, slots, waitlists, topics };
}
export type DemandBoard = Awaited<ReturnType<typeof demandBoard>>;
