import type { Executor } from '../platform/db/database.js';
import type { PublicFilters } from './filters.js';

/**
 * The public catalogue's reads. Every query is scoped to the territory through the workshop and
 * the venue, shows published workshops only, and runs once per page whatever the number of
 * sessions (one query per list, joins instead of a query per row).
 */

export const PAGE_SIZE = 20;
/** Sessions listed on a workshop's or a venue's page before the link to the full list. */
export const SHORT_LIST = 12;
/** A safety cap on one month of the calendar (a territory holds a few dozen sessions a month). */
const MONTH_CAP = 1000;

/** What the filter forms offer: the territory's venues with their commune, and its published workshops. */
export async function catalogueChoices(db: Executor, territoryId: number) {
  const [venues, workshops] = await Promise.all([
    db
      .selectFrom('venues as v')
      .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
      .select(['v.slug', 'v.name', 'v.commune_code', 'c.name as commune_name'])
      .where('v.territory_id', '=', territoryId)
      .execute(),
    db
      .selectFrom('workshops')
      .select(['slug', 'title', 'summary', 'theme', 'level', 'duration_minutes'])
      .where('territory_id', '=', territoryId)
      .where('published', '=', 1)
      .execute(),
  ]);
  // French order (« Cybercentre d’Auxi » before « Cybercentre de Frévent »), which SQL's binary collation does not give
  venues.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  workshops.sort((a, b) => a.title.localeCompare(b.title, 'fr'));
  return { venues, workshops, themes: [...new Set(workshops.map((w) => w.theme))] };
}
export type CatalogueChoices = Awaited<ReturnType<typeof catalogueChoices>>;
export type WorkshopSummary = CatalogueChoices['workshops'][number];

/** Sessions of the territory's published workshops, with the joins every list needs, narrowed by the filters. */
export function publicSessions(db: Executor, territoryId: number, f: Partial<PublicFilters> & { from?: string; to?: string; workshopId?: number; venueId?: number }) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
    .where('w.territory_id', '=', territoryId)
    .where('v.territory_id', '=', territoryId)
    .where('w.published', '=', 1)
    .$if(f.from !== undefined, (q) => q.where('s.starts_at', '>=', f.from!))
    .$if(f.to !== undefined, (q) => q.where('s.starts_at', '<', f.to!))
    .$if(f.venueSlug !== undefined, (q) => q.where('v.slug', '=', f.venueSlug!))
    .$if(f.communeCode !== undefined, (q) => q.where('v.commune_code', '=', f.communeCode!))
    .$if(f.theme !== undefined, (q) => q.where('w.theme', '=', f.theme!))
    .$if(f.level !== undefined, (q) => q.where('w.level', '=', f.level!))
    .$if(f.workshopId !== undefined, (q) => q.where('s.workshop_id', '=', f.workshopId!))
    .$if(f.venueId !== undefined, (q) => q.where('s.venue_id', '=', f.venueId!))
    // « places » keeps the sessions one can still register for: scheduled, with a seat free
    .$if(!!f.withSeats, (q) => q.where('s.status', '=', 'scheduled').whereRef('s.seats_taken', '<', 's.seats'));
}

const SESSION_COLUMNS = [
  's.id',
  's.starts_at',
  's.ends_at',
  's.seats',
  's.seats_taken',
  's.status',
  's.beginner',
  'w.slug as workshop_slug',
  'w.title as workshop_title',
  'v.slug as venue_slug',
  'v.name as venue_name',
  'c.name as commune_name',
] as const;

/**
 * One page of the coming sessions (scheduled, and cancelled ones so that nobody travels for
 * nothing), soonest first, with the total for the pagination: two queries.
 */
export async function comingSessions(db: Executor, input: { territoryId: number; filters: PublicFilters; from: string; to?: string | undefined; page: number }) {
  const base = publicSessions(db, input.territoryId, { ...input.filters, from: input.from, to: input.to }).where('s.status', 'in', ['scheduled', 'cancelled']);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    base
      .select(SESSION_COLUMNS)
      .orderBy('s.starts_at')
      .orderBy('s.id')
      .limit(PAGE_SIZE)
      .offset((input.page - 1) * PAGE_SIZE)
      .execute(),
  ]);
  const total = Number(count.n);
  return { rows, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
export type SessionSummary = Awaited<ReturnType<typeof comingSessions>>['rows'][number];

/** The next sessions of one workshop or one venue; one more than shown, to know whether to link to the rest. */
export function nextSessionsOf(db: Executor, input: { territoryId: number; workshopId?: number; venueId?: number; from: string }) {
  return publicSessions(db, input.territoryId, { workshopId: input.workshopId, venueId: input.venueId, from: input.from })
    .where('s.status', 'in', ['scheduled', 'cancelled'])
    .select(SESSION_COLUMNS)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(SHORT_LIST + 1)
    .execute();
}

/** The coming sessions one can still register for (scheduled, a seat free), soonest first: a campaign's block. */
export function openSessions(db: Executor, input: { territoryId: number; from: string; limit: number }) {
  return publicSessions(db, input.territoryId, { from: input.from, withSeats: true })
    .where((eb) => eb.or([eb('s.public_from', 'is', null), eb('s.public_from', '<=', input.from)]))
    .select([...SESSION_COLUMNS, 'v.commune_code', 'v.latitude', 'v.longitude'])
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(input.limit)
    .execute();
}

/** Every session of a Paris month, whatever its status (the calendar shows the past of the month too). */
export function monthSessions(db: Executor, input: { territoryId: number; filters: PublicFilters; from: string; to: string }) {
  return publicSessions(db, input.territoryId, { ...input.filters, from: input.from, to: input.to })
    .select(SESSION_COLUMNS)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(MONTH_CAP)
    .execute();
}

export function findPublishedWorkshop(db: Executor, territoryId: number, slug: string) {
  return db
    .selectFrom('workshops')
    .select([
      'id',
      'slug',
      'title',
      'summary',
      'description',
      'objectives',
      'level',
      'duration_minutes',
      'prerequisites',
      'theme',
      'follow_on_partner',
      'follow_on_title',
      'follow_on_url',
    ])
    .where('territory_id', '=', territoryId)
    .where('slug', '=', slug)
    .where('published', '=', 1)
    .executeTakeFirst();
}
export type WorkshopDetails = NonNullable<Awaited<ReturnType<typeof findPublishedWorkshop>>>;

/** One session of a published workshop of the territory, with what its page shows; undefined otherwise (404). */
export function findPublicSession(db: Executor, territoryId: number, id: number) {
  return publicSessions(db, territoryId, {})
    .where('s.id', '=', id)
    .select([
      ...SESSION_COLUMNS,
      'w.summary as workshop_summary',
      'w.level as workshop_level',
      'w.duration_minutes',
      'v.address as venue_address',
      'v.accessible_prm',
      'c.postcodes',
    ])
    .executeTakeFirst();
}
export type SessionDetails = NonNullable<Awaited<ReturnType<typeof findPublicSession>>>;

export function findVenue(db: Executor, territoryId: number, slug: string) {
  return db
    .selectFrom('venues as v')
    .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
    .select([
      'v.id',
      'v.slug',
      'v.name',
      'v.address',
      'v.workstations',
      'v.accessible_prm',
      'v.equipment',
      'v.opening_hours',
      'v.contact_phone',
      'v.contact_email',
      'v.website',
      'c.name as commune_name',
      'c.postcodes',
    ])
    .where('v.territory_id', '=', territoryId)
    .where('v.slug', '=', slug)
    .executeTakeFirst();
}
export type VenueDetails = NonNullable<Awaited<ReturnType<typeof findVenue>>>;
