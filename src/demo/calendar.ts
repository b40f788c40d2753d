import { TIME_ZONE } from '../platform/i18n/index.js';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});

/** The Paris calendar date, hour and weekday (0 = Sunday) of an instant. */
export function parisParts(instant: Date) {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!);
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute), weekday };
}

/** The UTC instant of a Paris wall-clock time (right on both sides of a daylight-saving change). */
export function parisTime(date: string, hour: number, minute = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let guess = Date.UTC(y, m - 1, d, hour, minute);
  for (let i = 0; i < 3; i++) {
    const p = parisParts(new Date(guess));
    const [py, pm, pd] = p.date.split('-').map(Number) as [number, number, number];
    const shownAsUtc = Date.UTC(py, pm - 1, pd, p.hour, p.minute);
    const wanted = Date.UTC(y, m - 1, d, hour, minute);
    if (shownAsUtc === wanted) break;
    guess += wanted - shownAsUtc;
  }
  return new Date(guess);
}

/** Adds whole days to a calendar date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
