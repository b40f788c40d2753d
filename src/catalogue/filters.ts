import type { FastifyRequest } from 'fastify';
import { t, type MessageKey } from '../platform/i18n/index.js';
import { addDays, parisParts, parisTime } from '../platform/time.js';

/**
 * The public filters of the catalogue and the calendar. They live in the URL (a GET form that
 * works without JavaScript, and a link that can be shared), so every value arrives as typed by
 * someone: a value that names nothing in the territory is dropped and reported, never a 500.
 */
export const LEVELS = ['debutant', 'intermediaire'] as const;
export type Level = (typeof LEVELS)[number];

export interface PublicFilters {
  venueSlug?: string | undefined;
  communeCode?: string | undefined;
  theme?: string | undefined;
  level?: Level | undefined;
  /** A month as YYYY-MM (Europe/Paris). */
  month?: string | undefined;
  withSeats: boolean;
}

/** What the filters may name: the territory's venues (with their commune) and its published workshops' themes. */
export interface FilterChoices {
  venues: ReadonlyArray<{ slug: string; commune_code: string }>;
  themes: readonly string[];
}

export interface ReadFilters {
  filters: PublicFilters;
  /** The URL parameters that were given but not understood, for a French message. */
  ignored: string[];
}

const PARAM_LABELS: Record<string, MessageKey> = {
  lieu: 'catalogue.filters.venue',
  commune: 'catalogue.filters.commune',
  theme: 'catalogue.filters.theme',
  niveau: 'catalogue.filters.level',
  mois: 'catalogue.filters.month',
  places: 'catalogue.filters.seats.short',
};

/** The query string as plain strings (a repeated key keeps its first value; lengths are capped). */
export function queryOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string' && first.trim() !== '') out[k] = first.trim().slice(0, 100);
  }
  return out;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** « 2026-12 » when it is a real month in a sensible range, otherwise undefined. */
export function parseMonth(value: string | undefined): string | undefined {
  const m = MONTH.exec(value ?? '');
  if (!m) return undefined;
  const [year, month] = [Number(m[1]), Number(m[2])];
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 ? value : undefined;
}

/** Reads the filters from the query, keeping only the values that name something of the territory. */
export function readFilters(query: Record<string, string>, choices: FilterChoices, options: { month: boolean }): ReadFilters {
  const ignored: string[] = [];
  const pick = <T extends string>(param: string, valid: (v: string) => boolean): T | undefined => {
    const value = query[param];
    if (value === undefined) return undefined;
    if (valid(value)) return value as T;
    ignored.push(param);
    return undefined;
  };
  const filters: PublicFilters = {
    venueSlug: pick('lieu', (v) => choices.venues.some((x) => x.slug === v)),
    communeCode: pick('commune', (v) => choices.venues.some((x) => x.commune_code === v)),
    theme: pick('theme', (v) => choices.themes.includes(v)),
    level: pick<Level>('niveau', (v) => (LEVELS as readonly string[]).includes(v)),
    month: options.month ? pick('mois', (v) => parseMonth(v) !== undefined) : undefined,
    withSeats: pick('places', (v) => v === '1') === '1',
  };
  return { filters, ignored };
}

/** « Ces critères n’ont pas été reconnus… : lieu, mois. », or undefined when all were understood. */
export function ignoredMessage(ignored: string[]): string | undefined {
  if (ignored.length === 0) return undefined;
  return t('catalogue.filters.ignored', { names: ignored.map((p) => t(PARAM_LABELS[p]!).toLowerCase()).join(', ') });
}

/** The filters as URL parameters, in a fixed order, for links that keep them (pagination, list ⇄ calendar). */
export function filterParams(f: PublicFilters, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    lieu: f.venueSlug,
    commune: f.communeCode,
    theme: f.theme,
    niveau: f.level,
    mois: f.month,
    places: f.withSeats ? '1' : undefined,
    ...extra,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

export function hrefWith(path: string, params: Record<string, string>): string {
  const qs = new URLSearchParams(params).toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * The page number of a list: absent or malformed (« abc », « 0 », « -2 », « 1.5 ») reads as page 1,
 * the friendliest answer to a hand-edited URL; a page past the last one is a 404 (see routes).
 */
export function pageNumber(value: string | undefined): number {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return 1;
  return Math.max(1, Number(value));
}

/** « 2026-12 » → « 2027-01 » (delta +1) or « 2026-11 » (delta −1). */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The UTC instants that bound a Paris month, [from, to): midnight in Paris on the 1st, which is
 * 23:00 or 22:00 UTC the day before depending on daylight saving time.
 */
export function parisMonthRange(month: string): { from: string; to: string } {
  return { from: parisTime(`${month}-01`, 0).toISOString(), to: parisTime(`${shiftMonth(month, 1)}-01`, 0).toISOString() };
}

/** The Paris month of an instant, as YYYY-MM. */
export function parisMonthOf(instant: Date): string {
  return parisParts(instant).date.slice(0, 7);
}

/** Every date (YYYY-MM-DD) of a month, in weeks from Monday to Sunday; null outside the month. */
export function monthWeeks(month: string): Array<Array<string | null>> {
  const first = `${month}-01`;
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const days: Array<string | null> = Array.from({ length: lead }, () => null);
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  while (days.length % 7 !== 0) days.push(null);
  return Array.from({ length: days.length / 7 }, (_, i) => days.slice(i * 7, i * 7 + 7));
}
