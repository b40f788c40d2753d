import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { Sector } from '../platform/db/schema.js';
import { idOf } from '../platform/forms.js';
import { SECTORS } from '../registration/form.js';

/**
 * The dashboard's filters, from the query string: cycle (`session`), venue (`lieu`), workshop
 * (`atelier`), sector (`secteur`), intercommunality (`epci`). Unknown values are dropped, never
 * passed to a query. Cycle, venue and workshop select sessions; sector and intercommunality select
 * people (by their company's sector and by the intercommunality of their commune).
 */
export interface ResultsFilter {
  cycleId: number | null;
  venueId: number | null;
  workshopId: number | null;
  sector: Sector | null;
  epciCode: string | null;
}

export const NO_FILTER: ResultsFilter = { cycleId: null, venueId: null, workshopId: null, sector: null, epciCode: null };

export interface FilterOptions {
  cycles: Array<{ id: number; name: string }>;
  venues: Array<{ id: number; name: string }>;
  workshops: Array<{ id: number; title: string }>;
  epcis: Array<{ code: string; name: string }>;
}

export async function filterOptions(db: Executor, territoryId: number): Promise<FilterOptions> {
  const [cycles, venues, workshops, epcis, territory] = await Promise.all([
    db.selectFrom('cycles').select(['id', 'name']).where('territory_id', '=', territoryId).orderBy('number', 'desc').limit(24).execute(),
    db.selectFrom('venues').select(['id', 'name']).where('territory_id', '=', territoryId).orderBy('name').execute(),
    db.selectFrom('workshops').select(['id', 'title']).where('territory_id', '=', territoryId).orderBy('title').execute(),
    db.selectFrom('communes').select('epci_code').distinct().where('territory_id', '=', territoryId).where('epci_code', 'is not', null).orderBy('epci_code').execute(),
    db.selectFrom('territories').select(['epci_code', 'epci_name']).where('id', '=', territoryId).executeTakeFirst(),
  ]);
  return {
    cycles,
    venues,
    workshops,
    epcis: epcis.map((e) => ({ code: e.epci_code!, name: e.epci_code === territory?.epci_code && territory?.epci_name ? territory.epci_name : e.epci_code! })),
  };
}

export function parseFilter(query: Record<string, string>, options: FilterOptions): ResultsFilter {
  const known = <T extends { id: number }>(list: T[], value: string | undefined) => {
    const id = idOf(value);
    return id !== null && list.some((x) => x.id === id) ? id : null;
  };
  return {
    cycleId: known(options.cycles, query.session),
    venueId: known(options.venues, query.lieu),
    workshopId: known(options.workshops, query.atelier),
    sector: (SECTORS as string[]).includes(query.secteur ?? '') ? (query.secteur as Sector) : null,
    epciCode: options.epcis.some((e) => e.code === query.epci) ? query.epci! : null,
  };
}

/** The filter as a query string (links between the dashboard, the map and the report keep it). */
export function filterQuery(f: ResultsFilter): string {
  const q = new URLSearchParams();
  if (f.cycleId !== null) q.set('session', String(f.cycleId));
  if (f.venueId !== null) q.set('lieu', String(f.venueId));
  if (f.workshopId !== null) q.set('atelier', String(f.workshopId));
  if (f.sector) q.set('secteur', f.sector);
  if (f.epciCode) q.set('epci', f.epciCode);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Does the filter select people (then seats and fill rates, which belong to sessions, do not apply)? */
export const selectsPeople = (f: ResultsFilter) => f.sector !== null || f.epciCode !== null;

type Query = { where(...args: any[]): any };

/** Narrows a query over sessions aliased `s` to the filter's cycle, venue and workshop. */
export function onSessions<Q extends Query>(q: Q, f: ResultsFilter, options: { cycle?: boolean } = {}): Q {
  let out: any = q;
  if (f.cycleId !== null && options.cycle !== false) out = out.where('s.cycle_id', '=', f.cycleId);
  if (f.venueId !== null) out = out.where('s.venue_id', '=', f.venueId);
  if (f.workshopId !== null) out = out.where('s.workshop_id', '=', f.workshopId);
  return out as Q;
}

/**
 * Narrows a query to the people of the filter's sector and intercommunality, by the participant id
 * in `participantRef` (a person's commune is theirs, or else their company's).
 */
export function onPeople<Q extends Query>(q: Q, f: ResultsFilter, participantRef = 'r.participant_id'): Q {
  let out: any = q;
  const ref = sql.ref(participantRef);
  if (f.sector !== null) {
    out = out.where(sql<boolean>`exists (select 1 from participants fp join companies fc on fc.id = fp.company_id where fp.id = ${ref} and fc.sector = ${f.sector})`);
  }
  if (f.epciCode !== null) {
    out = out.where(
      sql<boolean>`exists (select 1 from participants fp left join companies fc on fc.id = fp.company_id join communes fm on fm.territory_id = fp.territory_id and fm.insee_code = coalesce(fp.commune_code, fc.commune_code) where fp.id = ${ref} and fm.epci_code = ${f.epciCode})`,
    );
  }
  return out as Q;
}
