import { TIME_ZONE } from './i18n/index.js';

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

/** Paris wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant, for form fields. */
export function parisDateTimeFields(instant: string | Date): { date: string; time: string } {
  const p = parisParts(new Date(instant));
  return { date: p.date, time: `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` };
}

/** Parses form values « 2026-12-01 » and « 14:30 » as Paris time; null when either is malformed or impossible. */
export function parisInstantFromFields(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null; // 31 February
  return parisTime(date, hour, minute);
}
