// Frozen copy of the results' queries as they were before migration 0023 (the sessions' territory came through
// the workshop, the cycle or the venue): the reference that src/results/national-equivalence.test.ts compares with.
/**
 * The funder's report of one cycle, gathered by grouped SQL queries (a fixed handful, whatever the
 * number of people or sessions): never one query per row, never every registration in memory.
 * The PDF, the workbook and the CSV tables are pure functions of this data.
 */
import { sql } from 'kysely';
import type { Executor } from '../../src/platform/db/database.js';
import { SIZE_BANDS, type Sector, type SizeBand } from '../../src/platform/db/schema.js';
import { t, type MessageKey } from '../../src/platform/i18n/index.js';
import { SECTORS } from '../../src/registration/form.js';
import { programmeFigures, type Figures } from './queries.js';
import { demandIndicators, type CycleIndicators } from './demand-queries.js';
import { surveyFiguresOf } from './survey-queries.js';
import { surveySections } from '../../src/results/surveys/report-sections.js';

/** One line of a breakdown: a group of the people reached (present at a held session of the cycle). */
export interface BreakdownRow {
  /** A stable key: the sector, the size band, the INSEE or EPCI code; '' for « not given », 'outside' for out of the territory. */
  key: string;
  label: string;
  /** Distinct people reached in this group. */
  participants: number;
  /** Distinct companies of those people. */
  companies: number;
}

export interface CommuneRow extends BreakdownRow {
  /** The commune's INSEE code, null for the people outside the territory or whose commune is not known. */
  code: string | null;
  epciCode: string | null;
}

export interface EpciRow extends BreakdownRow {
  code: string | null;
}

export interface HeldSessionRow {
  id: number;
  /** ISO UTC instants. */
  startsAt: string;
  endsAt: string;
  workshop: string;
  venue: string;
  venueCommune: string | null;
  facilitator: string | null;
  /** Confirmed registrations (walk-ins included). */
  registered: number;
  present: number;
  /** The session's length in hours. */
  hours: number;
  /** present × hours */
  participantHours: number;
}

/** A section that another part of Boutic adds to the report (satisfaction, follow-up outcomes…), drawn like the others. */
export interface ExtraSection {
  title: string;
  rows: Array<[label: string, value: string | number]>;
}

export interface ReportData {
  /** When the report was made (ISO instant): its date is printed. */
  generatedAt: string;
  territory: { id: number; name: string; epciCode: string | null; epciName: string | null };
  programme: { name: string; funder: string; publisher: string };
  cycle: { id: number; number: number; name: string; startsOn: string; endsOn: string };
  figures: Figures;
  /** Ratios between 0 and 1, null when there is nothing to divide (see rates() in ../views.tsx for the shown form). */
  ratios: { attendance: number | null; noShow: number | null; fill: number | null };
  /** Every sector (zeros included), then « not given » when someone has no company. */
  bySector: BreakdownRow[];
  /** Every INSEE size band (zeros included), then « not given ». */
  bySize: BreakdownRow[];
  /** The communes reached, most people first, then « outside the territory » and « not given ». */
  byCommune: CommuneRow[];
  /** The intercommunalities reached, most people first, then « outside » and « not given ». */
  byEpci: EpciRow[];
  /** The held sessions of the cycle, in date order. */
  sessions: HeldSessionRow[];
  /** Participant × hour, summed over the presences (the same as figures.participantHours). */
  participantHours: number;
  /** Left empty here; filled by other capabilities, drawn in every format. */
  extraSections: ExtraSection[];
}

const n = (v: unknown) => Number(v ?? 0);
const collator = new Intl.Collator('fr');
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const round2 = (x: number) => Math.round(x * 100) / 100;

export const sectorLabel = (sector: string | null) => (sector ? t(`registration.sector.${sector}` as MessageKey) : t('report.unknown'));
export const sizeLabel = (band: string | null) => (band ? t(`report.size.${band}` as MessageKey) : t('report.unknown'));

/**
 * The EPCI's name: Boutic stores only the codes of the EPCIs (the official list is read at set-up
 * only), and the territory is made from one EPCI whose name it takes by default; so the
 * territory's own EPCI is called by the territory's name, any other one « Intercommunalité <code> ».
 */
export function epciLabel(code: string, territory: { name: string; epciCode: string | null; epciName?: string | null }): string {
  return code === territory.epciCode ? (territory.epciName ?? territory.name) : t('report.epci.code', { code });
}

/** The report of a cycle of the territory; null when the cycle does not exist or is another territory's. */
export async function reportData(db: Executor, territoryId: number, cycleId: number, options: { now?: Date } = {}): Promise<ReportData | null> {
  const head = await db
    .selectFrom('cycles as c')
    .innerJoin('territories as t', 't.id', 'c.territory_id')
    .leftJoin('programmes as p', 'p.territory_id', 't.id')
    .select(['c.id', 'c.number', 'c.name', 'c.starts_on', 'c.ends_on', 't.name as territory_name', 't.epci_code', 't.epci_name', 'p.name as programme_name', 'p.funder', 'p.publisher'])
    .where('c.id', '=', cycleId)
    .where('c.territory_id', '=', territoryId)
    .executeTakeFirst();
  if (!head) return null;
  const territory = { id: territoryId, name: head.territory_name, epciCode: head.epci_code, epciName: head.epci_name };

  // The people reached: present at a held session of this cycle, in this territory's workshops
  // (as in programmeFigures, so that the breakdowns add up to its « leaders »).
  const reachedIds = db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .select('r.participant_id')
    .where('w.territory_id', '=', territoryId)
    .where('s.cycle_id', '=', cycleId)
    .where('s.status', '=', 'held')
    .where('r.status', '=', 'confirmed')
    .where('r.attendance', '=', 'present');
  const reached = () =>
    db
      .selectFrom('participants as p')
      .leftJoin('companies as co', 'co.id', 'p.company_id')
      .where('p.id', 'in', reachedIds);
  const counts = [sql<number>`count(distinct p.id)`.as('participants'), sql<number>`count(distinct p.company_id)`.as('companies')] as const;
  // where the person is: their own commune, else their company's; « outside » when it is not one of the territory's
  const place = sql<'in' | 'outside' | 'unknown'>`case when cm.insee_code is not null then 'in' when p.outside_territory = 1 or coalesce(p.commune_code, co.commune_code) is not null then 'outside' else 'unknown' end`;
  const withCommune = () =>
    reached().leftJoin('communes as cm', (j) => j.on('cm.territory_id', '=', territoryId).on(sql`cm.insee_code`, '=', sql`coalesce(p.commune_code, co.commune_code)`));

  const [figures, sectorRows, sizeRows, communeRows, epciRows, sessionRows] = await Promise.all([
    programmeFigures(db, territoryId, cycleId),
    reached().select(['co.sector', ...counts]).groupBy('co.sector').execute(),
    reached().select(['co.size_band', ...counts]).groupBy('co.size_band').execute(),
    withCommune()
      .select(['cm.insee_code', 'cm.name', 'cm.epci_code', place.as('place'), ...counts])
      .groupBy(['cm.insee_code', 'cm.name', 'cm.epci_code', place])
      .execute(),
    withCommune().select(['cm.epci_code', place.as('place'), ...counts]).groupBy(['cm.epci_code', place]).execute(),
    heldSessions(db, territoryId, cycleId),
  ]);

  const bySector = fixedOrder<Sector>(SECTORS, sectorRows.map((r) => ({ key: r.sector, participants: n(r.participants), companies: n(r.companies) })), sectorLabel);
  const bySize = fixedOrder<SizeBand>(SIZE_BANDS, sizeRows.map((r) => ({ key: r.size_band, participants: n(r.participants), companies: n(r.companies) })), sizeLabel);

  const communes: CommuneRow[] = [];
  const outsideCommunes = { outside: emptyRow('outside', t('report.commune.outside')), unknown: emptyRow('', t('report.commune.unknown')) };
  for (const r of communeRows) {
    if (r.place === 'in' && r.insee_code) {
      communes.push({ key: r.insee_code, code: r.insee_code, label: r.name ?? r.insee_code, epciCode: r.epci_code, participants: n(r.participants), companies: n(r.companies) });
    } else addTo(outsideCommunes[r.place === 'outside' ? 'outside' : 'unknown'], r);
  }
  const epcis: EpciRow[] = [];
  const outsideEpcis = { outside: emptyRow('outside', t('report.commune.outside')), unknown: emptyRow('', t('report.commune.unknown')) };
  for (const r of epciRows) {
    if (r.place === 'in' && r.epci_code) epcis.push({ key: r.epci_code, code: r.epci_code, label: epciLabel(r.epci_code, territory), participants: n(r.participants), companies: n(r.companies) });
    // a commune of the territory without an EPCI code is counted with « not given »
    else addTo(outsideEpcis[r.place === 'outside' ? 'outside' : 'unknown'], r);
  }
  const byCount = (a: BreakdownRow, b: BreakdownRow) => b.participants - a.participants || collator.compare(a.label, b.label);
  const tail = <T>(rows: Array<T & BreakdownRow>) => rows.filter((r) => r.participants > 0);

  const marked = figures.present + figures.absent + figures.excused;
  const demand = await demandIndicators(db, territoryId, cycleId);
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    territory,
    programme: { name: head.programme_name ?? t('app.name'), funder: head.funder ?? '', publisher: head.publisher ?? head.territory_name },
    cycle: { id: head.id, number: head.number, name: head.name, startsOn: head.starts_on, endsOn: head.ends_on },
    figures,
    ratios: { attendance: ratio(figures.present, marked), noShow: ratio(figures.absent, marked), fill: ratio(figures.seatsTaken, figures.seats) },
    bySector,
    bySize,
    byCommune: [...communes.sort(byCount), ...tail([{ ...outsideCommunes.outside, code: null, epciCode: null }, { ...outsideCommunes.unknown, code: null, epciCode: null }])],
    byEpci: [...epcis.sort(byCount), ...tail([{ ...outsideEpcis.outside, code: null }, { ...outsideEpcis.unknown, code: null }])],
    sessions: sessionRows,
    participantHours: figures.participantHours,
    extraSections: [...surveySections(await surveyFiguresOf(db, territoryId, { cycleId }, options.now)), demandSection(demand.find((d) => d.cycleId === cycleId))],
  };
}

const emptyRow = (key: string, label: string): BreakdownRow => ({ key, label, participants: 0, companies: 0 });
const addTo = (row: BreakdownRow, r: { participants: unknown; companies: unknown }) => {
  // Outside and unknown places come as one grouped row each; only a commune of the territory
  // without an EPCI code joins « not given » in the EPCI table (then a company could count twice there).
  row.participants += n(r.participants);
  row.companies += n(r.companies);
};

/** Every known value in its fixed order (zeros included), then « not given » when anyone is in it. */
function fixedOrder<K extends string>(keys: readonly K[], rows: Array<{ key: K | null; participants: number; companies: number }>, label: (key: K | null) => string): BreakdownRow[] {
  const found = new Map(rows.map((r) => [r.key, r]));
  const out = keys.map((k) => ({ key: k as string, label: label(k), participants: found.get(k)?.participants ?? 0, companies: found.get(k)?.companies ?? 0 }));
  const unknown = found.get(null);
  if (unknown && unknown.participants > 0) out.push({ key: '', label: label(null), participants: unknown.participants, companies: unknown.companies });
  return out;
}

/** The held sessions of the cycle with their registrations and presences: one grouped query. */
async function heldSessions(db: Executor, territoryId: number, cycleId: number): Promise<HeldSessionRow[]> {
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .leftJoin('communes as vc', (j) => j.onRef('vc.territory_id', '=', 'v.territory_id').onRef('vc.insee_code', '=', 'v.commune_code'))
    .leftJoin('staff_users as f', 'f.id', 's.facilitator_id')
    .leftJoin('registrations as r', (j) => j.onRef('r.session_id', '=', 's.id').on('r.status', '=', 'confirmed'))
    .select([
      's.id',
      's.starts_at',
      's.ends_at',
      'w.title',
      'v.name as venue',
      'vc.name as venue_commune',
      'f.display_name as facilitator',
      sql<number>`count(r.id)`.as('registered'),
      sql<number>`sum(case when r.attendance = 'present' then 1 else 0 end)`.as('present'),
    ])
    .where('w.territory_id', '=', territoryId)
    .where('s.cycle_id', '=', cycleId)
    .where('s.status', '=', 'held')
    .groupBy(['s.id', 's.starts_at', 's.ends_at', 'w.title', 'v.name', 'vc.name', 'f.display_name'])
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => {
    const hours = round2((Date.parse(r.ends_at) - Date.parse(r.starts_at)) / 3600_000);
    const present = n(r.present);
    return {
      id: r.id,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      workshop: r.title,
      venue: r.venue,
      venueCommune: r.venue_commune,
      facilitator: r.facilitator,
      registered: n(r.registered),
      present,
      hours,
      participantHours: round2(present * hours),
    };
  });
}

/** The cycle's requests on demand (docs/on-demand.md) as a section of the report. */
function demandSection(d: CycleIndicators | undefined): ExtraSection {
  return {
    title: t('results.demand'),
    rows: [
      [t('results.demand.received'), d?.received ?? 0],
      [t('results.demand.scheduled'), d?.scheduled ?? 0],
      [t('results.demand.sessions'), d?.onDemandSessions ?? 0],
      [t('results.demand.waitlisted'), d?.waitlisted ?? 0],
      [t('report.demand.median_days'), d?.medianDays ?? '—'],
    ],
  };
}
