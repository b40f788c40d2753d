import { LOCALE, t, type MessageKey } from '../platform/i18n/index.js';
import { parisParts } from '../platform/time.js';

/** « 2 h 30 », « 3 h », « 45 min » */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

const monthFormat = new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** « 2026-12 » → « décembre 2026 » */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return monthFormat.format(new Date(Date.UTC(y, m - 1, 1)));
}

const THEME_KEYS: Record<string, MessageKey> = {
  outils: 'catalogue.theme.outils',
  internet: 'catalogue.theme.internet',
  web: 'catalogue.theme.web',
  vente: 'catalogue.theme.vente',
  communication: 'catalogue.theme.communication',
  securite: 'catalogue.theme.securite',
};

/** The French name of a theme; a theme the catalogue does not know yet is shown as stored. */
export function themeLabel(theme: string): string {
  const key = THEME_KEYS[theme];
  return key ? t(key) : theme;
}

export function levelLabel(level: 'debutant' | 'intermediaire'): string {
  return t(level === 'debutant' ? 'catalogue.level.debutant' : 'catalogue.level.intermediaire');
}

export function seatsLeft(s: { seats: number; seats_taken: number }): number {
  return Math.max(0, s.seats - s.seats_taken);
}

/** An instant in ISO 8601 with the Paris offset, « 2026-12-01T14:00:00+01:00 » (schema.org wants local time). */
export function parisIso(instant: string): string {
  const date = new Date(instant);
  const p = parisParts(date);
  const [y, mo, d] = p.date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, p.hour, p.minute, date.getUTCSeconds());
  const offset = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.date}T${two(p.hour)}:${two(p.minute)}:${two(date.getUTCSeconds())}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** Only web addresses become links: a stored « javascript: » URL must never reach an href. */
export function safeWebUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** « 03 21 00 00 01 » → « tel:+33321000001 » for a French number, otherwise the digits as typed. */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return `tel:${/^0\d{9}$/.test(digits) ? `+33${digits.slice(1)}` : digits}`;
}
