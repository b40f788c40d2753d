import { sql } from 'kysely';
import type { FeatureCollection } from 'geojson';
import type { Executor } from '../../platform/db/database.js';
import type { Area, ContourReport } from './contours.js';
import { NO_FILTER, onPeople, onSessions, type ResultsFilter } from '../filters.js';

/** Filters of the map's figures: the dashboard's (cycle required, the others optional). */
export type MapFilter = Pick<ResultsFilter, 'cycleId'> & Partial<ResultsFilter>;

export interface CommuneFigure {
  code: string;
  name: string;
  population: number | null;
  epciCode: string | null;
  /** Distinct leaders present at a held session, counted in their commune. */
  leaders: number;
  /** Leaders per 1,000 inhabitants; null when the population is unknown. */
  rate: number | null;
}

export interface CommuneFigures {
  /** Every commune of the territory, highest rate first. */
  communes: CommuneFigure[];
  /** The communes where nobody has been reached yet (the next campaign's targets), most populated first. */
  notReached: CommuneFigure[];
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * The people reached, as the dashboard counts them (confirmed, present, at a held session of the
 * territory), each once (a hash aggregate over the registrations' covering index), with the commune
 * they are counted in: their own, else their company's. Counting them is then count(*), the same as
 * count(distinct r.participant_id) over the registrations, without sorting a million rows.
 */
function reached(db: Executor, territoryId: number, filter: MapFilter) {
  const f = { ...NO_FILTER, ...filter };
  const people = db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select('r.participant_id')
    .where('s.territory_id', '=', territoryId)
    .where('s.status', '=', 'held')
    .where('r.status', '=', 'confirmed')
    .where('r.attendance', '=', 'present')
    .groupBy('r.participant_id');
  return db
    .selectFrom(onPeople(onSessions(people, f), f).as('x'))
    .innerJoin('participants as p', 'p.id', 'x.participant_id')
    .leftJoin('companies as co', 'co.id', 'p.company_id');
}

const communeOf = sql<string | null>`coalesce(p.commune_code, co.commune_code)`;

/**
 * Leaders reached per commune of the territory, by one grouped query (the registrations are
 * counted by the database, never loaded): every commune with its population, its EPCI, its leaders
 * and their rate per 1,000 inhabitants; the communes not reached listed apart.
 */
export async function communeFigures(db: Executor, territoryId: number, filter: MapFilter): Promise<CommuneFigures> {
  const rows = await db
    .selectFrom('communes as c')
    .leftJoin(reached(db, territoryId, filter).select([communeOf.as('commune_code'), sql<number>`count(*)`.as('leaders')]).groupBy(communeOf).as('x'), 'x.commune_code', 'c.insee_code')
    .select(['c.insee_code', 'c.name', 'c.population', 'c.epci_code', 'x.leaders'])
    .where('c.territory_id', '=', territoryId)
    .execute();
  const communes = rows.map((r): CommuneFigure => {
    const leaders = n(r.leaders);
    const population = r.population === null ? null : Number(r.population);
    return { code: r.insee_code, name: r.name, population, epciCode: r.epci_code, leaders, rate: population ? (leaders * 1000) / population : null };
  });
  const byName = (a: CommuneFigure, b: CommuneFigure) => a.name.localeCompare(b.name, 'fr');
  communes.sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.leaders - a.leaders || byName(a, b));
  const notReached = communes.filter((c) => c.leaders === 0).sort((a, b) => (b.population ?? -1) - (a.population ?? -1) || byName(a, b));
  return { communes, notReached };
}

/** Leaders reached who are counted in no commune of the territory (no commune given, or one outside it). */
export async function unlocatedLeaders(db: Executor, territoryId: number, filter: MapFilter): Promise<number> {
  const row = await reached(db, territoryId, filter)
    .select(sql<number>`count(*)`.as('leaders'))
    .where((eb) =>
      eb.or([
        eb(communeOf, 'is', null),
        eb(communeOf, 'not in', eb.selectFrom('communes').select('insee_code').where('territory_id', '=', territoryId)),
      ]),
    )
    .executeTakeFirst();
  return n(row?.leaders);
}

export interface StoredContours {
  fileName: string;
  uploadedAt: string;
  uploadedBy: string | null;
  collection: FeatureCollection<Area, { code: string; name: string }>;
  report: ContourReport;
}

/** The territory's contours as last loaded, or null. */
export async function territoryContours(db: Executor, territoryId: number): Promise<StoredContours | null> {
  const row = await db
    .selectFrom('territory_contours as tc')
    .leftJoin('staff_users as u', 'u.id', 'tc.uploaded_by')
    .select(['tc.file_name', 'tc.geojson', 'tc.report', 'tc.uploaded_at', 'u.display_name'])
    .where('tc.territory_id', '=', territoryId)
    .executeTakeFirst();
  if (!row) return null;
  return { fileName: row.file_name, uploadedAt: row.uploaded_at, uploadedBy: row.display_name, collection: JSON.parse(row.geojson), report: JSON.parse(row.report) };
}

/** The report alone (the upload page), without reading the contours themselves. */
export async function contoursReport(db: Executor, territoryId: number): Promise<Omit<StoredContours, 'collection'> | null> {
  const row = await db
    .selectFrom('territory_contours as tc')
    .leftJoin('staff_users as u', 'u.id', 'tc.uploaded_by')
    .select(['tc.file_name', 'tc.report', 'tc.uploaded_at', 'u.display_name'])
    .where('tc.territory_id', '=', territoryId)
    .executeTakeFirst();
  return row ? { fileName: row.file_name, uploadedAt: row.uploaded_at, uploadedBy: row.display_name, report: JSON.parse(row.report) } : null;
}

export interface MapVenue {
  id: number;
  name: string;
  communeCode: string;
  latitude: number | null;
  longitude: number | null;
}

export interface TerritoryMapData {
  filter: MapFilter;
  figures: CommuneFigures;
  unlocated: number;
  contours: StoredContours | null;
  venues: MapVenue[];
}

/** Everything the map section shows, for the map page or another page that embeds it. */
export async function territoryMapData(db: Executor, territoryId: number, filter: MapFilter): Promise<TerritoryMapData> {
  const [figures, unlocated, contours, venues] = await Promise.all([
    communeFigures(db, territoryId, filter),
    unlocatedLeaders(db, territoryId, filter),
    territoryContours(db, territoryId),
    db.selectFrom('venues').select(['id', 'name', 'commune_code', 'latitude', 'longitude']).where('territory_id', '=', territoryId).orderBy('name').execute(),
  ]);
  return {
    filter,
    figures,
    unlocated,
    contours,
    venues: venues.map((v) => ({ id: v.id, name: v.name, communeCode: v.commune_code, latitude: v.latitude === null ? null : Number(v.latitude), longitude: v.longitude === null ? null : Number(v.longitude) })),
  };
}
