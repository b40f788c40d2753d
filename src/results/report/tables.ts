/**
 * The report as tables of typed cells: what the workbook (one sheet per table) and the CSV files
 * (one per table, `?table=<slug>`) are made of, so that both always carry the same figures.
 */
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { asciiSlug } from '../../platform/pdf/text.js';
import type { ReportData } from './data.js';

export type Cell =
  | { kind: 'text'; value: string }
  | { kind: 'integer'; value: number }
  /** hours: a number with decimals */
  | { kind: 'decimal'; value: number }
  /** a ratio between 0 and 1; null when there is nothing to divide */
  | { kind: 'percent'; value: number | null }
  /** a calendar date, YYYY-MM-DD */
  | { kind: 'date'; value: string }
  /** an ISO instant, shown at its Paris wall-clock time */
  | { kind: 'datetime'; value: string };

export interface ReportColumn {
  header: string;
  /** width in characters, for the workbook */
  width: number;
}

export interface ReportTable {
  /** the CSV's `?table=` and the file name's end: plain ASCII */
  slug: string;
  /** the sheet's name (31 characters at most, none of : \ / ? * [ ]) */
  sheet: string;
  columns: ReportColumn[];
  rows: Cell[][];
}

export const text = (value: string | null | undefined): Cell => ({ kind: 'text', value: value ?? '' });
export const integer = (value: number): Cell => ({ kind: 'integer', value });
export const decimal = (value: number): Cell => ({ kind: 'decimal', value });
export const percent = (value: number | null): Cell => ({ kind: 'percent', value });
const valueCell = (value: string | number): Cell => (typeof value === 'number' ? (Number.isInteger(value) ? integer(value) : decimal(value)) : text(value));

const col = (key: MessageKey, width: number): ReportColumn => ({ header: t(key), width });
const share = (part: number, whole: number) => percent(whole > 0 ? part / whole : null);

/** The slugs of the fixed tables, in order; extra sections follow with slugs made from their titles. */
export const FIXED_TABLES = ['synthese', 'secteurs', 'communes', 'intercommunalites', 'tailles', 'seances'] as const;

export function reportTables(data: ReportData): ReportTable[] {
  const f = data.figures;
  const leaders = f.leaders;
  const percentLabel = (key: MessageKey) => t('report.row.percent', { label: t(key) });
  const summary: Array<[string, Cell]> = [
    [t('report.row.programme'), text(data.programme.name)],
    [t('report.row.funder'), text(data.programme.funder)],
    [t('report.row.territory'), text(data.territory.name)],
    [t('report.row.cycle'), text(data.cycle.name)],
    [t('report.row.starts'), { kind: 'date', value: data.cycle.startsOn }],
    [t('report.row.ends'), { kind: 'date', value: data.cycle.endsOn }],
    [t('report.row.made_on'), { kind: 'date', value: data.generatedAt.slice(0, 10) }],
    [t('results.leaders'), integer(f.leaders)],
    [t('results.companies'), integer(f.companies)],
    [t('results.registrations'), integer(f.registrations)],
    [t('results.sessions_held'), integer(f.sessionsHeld)],
    [t('report.row.present'), integer(f.present)],
    [t('report.row.absent'), integer(f.absent)],
    [t('report.row.excused'), integer(f.excused)],
    [t('report.row.seats'), integer(f.seats)],
    [t('report.row.seats_taken'), integer(f.seatsTaken)],
    [percentLabel('results.attendance_rate'), percent(data.ratios.attendance)],
    [percentLabel('results.no_show_rate'), percent(data.ratios.noShow)],
    [percentLabel('results.fill_rate'), percent(data.ratios.fill)],
    [t('results.participant_hours'), decimal(data.participantHours)],
  ];
  const breakdown = (firstHeader: MessageKey, rows: ReportData['bySector']) => ({
    columns: [col(firstHeader, 28), col('report.col.participants', 18), col('report.col.share_percent', 10), col('report.col.companies', 12)],
    rows: rows.map((r) => [text(r.label), integer(r.participants), share(r.participants, leaders), integer(r.companies)]),
  });
  const tables: ReportTable[] = [
    { slug: 'synthese', sheet: t('report.table.synthese'), columns: [col('report.col.indicator', 44), col('report.col.value', 40)], rows: summary.map(([label, cell]) => [text(label), cell]) },
    { slug: 'secteurs', sheet: t('report.table.secteurs'), ...breakdown('report.col.sector', data.bySector) },
    {
      slug: 'communes',
      sheet: t('report.table.communes'),
      columns: [col('report.col.insee', 11), col('report.col.commune', 30), col('report.col.epci_code', 14), col('report.col.epci', 30), col('report.col.participants', 18), col('report.col.share_percent', 10), col('report.col.companies', 12)],
      rows: data.byCommune.map((r) => [
        text(r.code),
        text(r.label),
        text(r.epciCode),
        text(r.epciCode ? data.byEpci.find((e) => e.code === r.epciCode)?.label : ''),
        integer(r.participants),
        share(r.participants, leaders),
        integer(r.companies),
      ]),
    },
    {
      slug: 'intercommunalites',
      sheet: t('report.table.intercommunalites'),
      columns: [col('report.col.epci_code', 14), col('report.col.epci', 34), col('report.col.participants', 18), col('report.col.share_percent', 10), col('report.col.companies', 12)],
      rows: data.byEpci.map((r) => [text(r.code), text(r.label), integer(r.participants), share(r.participants, leaders), integer(r.companies)]),
    },
    { slug: 'tailles', sheet: t('report.table.tailles'), ...breakdown('report.col.size', data.bySize) },
    {
      slug: 'seances',
      sheet: t('report.table.seances'),
      columns: [
        col('report.col.date', 17),
        col('report.col.workshop', 36),
        col('report.col.venue', 26),
        col('report.col.venue_commune', 22),
        col('report.col.facilitator', 22),
        col('report.col.registered', 9),
        col('report.col.present', 9),
        col('report.col.duration', 10),
        col('report.col.participant_hours', 12),
      ],
      rows: data.sessions.map((s) => [
        { kind: 'datetime', value: s.startsAt },
        text(s.workshop),
        text(s.venue),
        text(s.venueCommune),
        text(s.facilitator ?? t('report.facilitator.none')),
        integer(s.registered),
        integer(s.present),
        decimal(s.hours),
        decimal(s.participantHours),
      ]),
    },
  ];
  const slugs = new Set<string>(FIXED_TABLES);
  const sheets = new Set(tables.map((x) => x.sheet.toLowerCase()));
  for (const section of data.extraSections) {
    const slug = unique(asciiSlug(section.title, 40) || 'section', slugs, (base, i) => `${base}-${i}`);
    const sheet = unique(sheetName(section.title), sheets, (base, i) => `${[...base].slice(0, 28).join('').trim()} ${i}`);
    tables.push({ slug, sheet, columns: [col('report.col.label', 48), col('report.col.value', 24)], rows: section.rows.map(([label, value]) => [text(label), valueCell(value)]) });
  }
  return tables;
}

/** A worksheet's name: 31 characters at most (cut between words when it can), without the characters Excel refuses, never empty. */
export function sheetName(title: string): string {
  const cleaned = title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').replace(/^'+|'+$/g, '').trim();
  const chars = [...(cleaned || 'Section')];
  if (chars.length <= 31) return chars.join('');
  // cut between words when that keeps most of the title
  const cut = chars.slice(0, 32).join('').lastIndexOf(' ');
  return (cut >= 16 ? chars.slice(0, cut) : chars.slice(0, 31)).join('').trim();
}

/** `base`, else `next(base, 2)`, `next(base, 3)`… the first not yet in `taken` (case-insensitive); marks it taken. */
function unique(base: string, taken: Set<string>, next: (base: string, i: number) => string): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = next(base, i);
  taken.add(name.toLowerCase());
  return name;
}
