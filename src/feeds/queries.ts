import type { Executor } from '../platform/db/database.js';

/** Which sessions a calendar feed holds: the whole territory, or one venue's, or one workshop's. */
export type FeedScope = { kind: 'territory' } | { kind: 'venue'; slug: string } | { kind: 'workshop'; slug: string };

/**
 * The sessions of a calendar feed, in one query whatever their number: published workshops only,
 * starting at `since` or later. Held sessions stay in the feed (as confirmed) so that a subscribed
 * calendar does not lose them the day after; cancelled ones stay so that clients mark them cancelled.
 */
export function feedSessions(db: Executor, input: { territoryId: number; since: Date; scope: FeedScope }) {
  const venueSlug = input.scope.kind === 'venue' ? input.scope.slug : null;
  const workshopSlug = input.scope.kind === 'workshop' ? input.scope.slug : null;
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
    .select([
      's.id',
      's.starts_at',
      's.ends_at',
      's.status',
      's.sequence',
      's.beginner',
      's.created_at',
      's.updated_at',
      'w.title as workshop_title',
      'w.summary as workshop_summary',
      'v.name as venue_name',
      'v.address as venue_address',
      'c.name as commune_name',
      'c.postcodes',
    ])
    .where('w.territory_id', '=', input.territoryId)
    .where('v.territory_id', '=', input.territoryId)
    .where('w.published', '=', 1)
    .where('s.starts_at', '>=', input.since.toISOString())
    .$if(venueSlug !== null, (q) => q.where('v.slug', '=', venueSlug!))
    .$if(workshopSlug !== null, (q) => q.where('w.slug', '=', workshopSlug!))
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
}

/** The venue or published workshop a scoped feed is about; undefined when there is none (404). */
export async function feedScopeName(db: Executor, territoryId: number, scope: Exclude<FeedScope, { kind: 'territory' }>): Promise<string | undefined> {
  if (scope.kind === 'venue') {
    const venue = await db.selectFrom('venues').select('name').where('territory_id', '=', territoryId).where('slug', '=', scope.slug).executeTakeFirst();
    return venue?.name;
  }
  const workshop = await db
    .selectFrom('workshops')
    .select('title')
    .where('territory_id', '=', territoryId)
    .where('slug', '=', scope.slug)
    .where('published', '=', 1)
    .executeTakeFirst();
  return workshop?.title;
}

/** Every session of a cycle's published workshops, by venue then date: the printed programme, in one query. */
export function cycleProgramme(db: Executor, territoryId: number, cycleNumber: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('cycles as y', 'y.id', 's.cycle_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
    .select([
      's.id',
      's.starts_at',
      's.ends_at',
      's.status',
      's.beginner',
      'y.number as cycle_number',
      'y.name as cycle_name',
      'w.title as workshop_title',
      'v.id as venue_id',
      'v.name as venue_name',
      'v.address as venue_address',
      'c.name as commune_name',
      'c.postcodes',
    ])
    .where('y.territory_id', '=', territoryId)
    .where('y.number', '=', cycleNumber)
    .where('w.published', '=', 1)
    // by town, as people look for the cybercentre nearest to them
    .orderBy('c.name')
    .orderBy('v.name')
    .orderBy('v.id')
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
}

/** A cycle of the territory by its number, for a programme that has no session yet. */
export function cycleByNumber(db: Executor, territoryId: number, cycleNumber: number) {
  return db.selectFrom('cycles').select(['number', 'name']).where('territory_id', '=', territoryId).where('number', '=', cycleNumber).executeTakeFirst();
}

/** The territory's venues with their commune, for the open-data export (one query). */
export function openDataVenues(db: Executor, territoryId: number) {
  return db
    .selectFrom('venues as v')
    .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
    .select([
      'v.id',
      'v.slug',
      'v.name',
      'v.address',
      'v.commune_code',
      'v.workstations',
      'v.accessible_prm',
      'v.equipment',
      'v.opening_hours',
      'v.contact_phone',
      'v.contact_email',
      'v.pivot',
      'v.latitude',
      'v.longitude',
      'v.website',
      'v.created_at',
      'v.updated_at',
      'c.name as commune_name',
      'c.postcodes',
    ])
    .where('v.territory_id', '=', territoryId)
    .orderBy('c.name')
    .orderBy('v.name')
    .orderBy('v.id')
    .execute();
}

export type FeedSession = Awaited<ReturnType<typeof feedSessions>>[number];
export type ProgrammeSession = Awaited<ReturnType<typeof cycleProgramme>>[number];
export type OpenDataVenue = Awaited<ReturnType<typeof openDataVenues>>[number];
