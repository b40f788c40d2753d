/**
 * The results' queries timed on the national database: each function that the dashboard
 * (/equipe/bilan) and the funder's report (/equipe/bilan/rapport…) call, with the filters a person
 * picks, for one territory. Median of 3 runs after one warm-up.
 */
import type { Db } from '../src/platform/db/database.js';
import { NO_FILTER, filterOptions, type ResultsFilter } from '../src/results/filters.js';
import { figuresByCycle, programmeFigures, sectorMix, sessionsByVenue } from '../src/results/queries.js';
import { surveyFigures } from '../src/results/surveys/queries.js';
import { demandIndicators } from '../src/on-demand/indicators/queries.js';
import { territoryMapData } from '../src/results/map/queries.js';
import { referralFigures } from '../src/pathway/referrals/queries.js';
import { reportData } from '../src/results/report/data.js';

export interface QueryTime {
  query: string;
  rows: number;
  /** Milliseconds: the median of the runs, and every run. */
  median: number;
  runs: number[];
}

/** What a call answers, counted as rows (a list's length; a map's entries; 1 for a single figure). */
function rowsOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('figures' in v && v.figures && typeof v.figures === 'object' && 'communes' in (v.figures as object)) return (v.figures as { communes: unknown[] }).communes.length;
    if ('byCycle' in v) return (v.byCycle as Map<unknown, unknown>).size;
    if ('sessions' in v && Array.isArray(v.sessions)) return (v.sessions as unknown[]).length;
  }
  return 1;
}

export async function timeCall(name: string, call: () => Promise<unknown>, runs = 3): Promise<QueryTime> {
  const rows = rowsOf(await call()); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { query: name, rows, median: sorted[Math.floor(runs / 2)]!, runs: times };
}

/** The dashboard's calls for one filter, as the route makes them (each timed alone, not in parallel). */
export function dashboardCalls(db: Db, territoryId: number, filter: ResultsFilter): Array<[string, () => Promise<unknown>]> {
  return [
    ['filterOptions', () => filterOptions(db, territoryId)],
    ['programmeFigures', () => programmeFigures(db, territoryId, filter.cycleId, filter)],
    ['figuresByCycle', () => figuresByCycle(db, territoryId, filter)],
    ['sectorMix', () => sectorMix(db, territoryId, filter)],
    ['sessionsByVenue', () => sessionsByVenue(db, territoryId, filter.cycleId, filter)],
    ['surveyFigures', () => surveyFigures(db, territoryId, { ...filter, cycleId: null })],
    ['demandIndicators', () => demandIndicators(db, territoryId)],
    ['territoryMapData', () => territoryMapData(db, territoryId, filter)],
    ['referralFigures', () => referralFigures(db, territoryId, filter.cycleId)],
  ];
}

/** The funder's report of a cycle: its data (every table of the PDF, workbook and CSV) and its map's data. */
export function reportCalls(db: Db, territoryId: number, cycleId: number): Array<[string, () => Promise<unknown>]> {
  return [
    ['reportData', () => reportData(db, territoryId, cycleId)],
    ['territoryMapData (report map)', () => territoryMapData(db, territoryId, { cycleId })],
  ];
}

/** The filters timed: none (all cycles, the dashboard's default), one cycle, one cycle and one sector. */
export function filtersFor(cycleId: number): Array<[string, ResultsFilter]> {
  return [
    ['all cycles', NO_FILTER],
    ['cycle', { ...NO_FILTER, cycleId }],
    ['cycle + sector', { ...NO_FILTER, cycleId, sector: 'commerce' }],
  ];
}

export async function timeResults(db: Db, territoryId: number, cycles: { current: number; reported: number }, label: string): Promise<QueryTime[]> {
  const out: QueryTime[] = [];
  for (const [filterName, filter] of filtersFor(cycles.current)) {
    for (const [name, call] of dashboardCalls(db, territoryId, filter)) {
      // the calls that the chosen cycle and sector do not change (the route passes neither) are timed once
      if (filterName !== 'all cycles' && ['filterOptions', 'demandIndicators', 'surveyFigures'].includes(name)) continue;
      out.push(await timeCall(`${label} · dashboard · ${name} (${filterName})`, call));
    }
  }
  for (const [name, call] of reportCalls(db, territoryId, cycles.reported)) out.push(await timeCall(`${label} · report · ${name}`, call));
  return out;
}
