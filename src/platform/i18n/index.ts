import { fr, type Catalogue, type MessageKey } from './messages.fr.js';

export type { MessageKey };
export const LOCALE = 'fr-FR';
export const TIME_ZONE = 'Europe/Paris';

const catalogues: Record<string, Catalogue> = { fr };

/** Looks a message up in the catalogue and fills its `{params}`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}, lang = 'fr'): string {
  const template = (catalogues[lang] ?? fr)[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined ? `{${name}}` : typeof v === 'number' ? formatNumber(v) : v;
  });
}

let collator: Intl.Collator | undefined;
/** French alphabetical order (« Étaples » between « Escalles » and « Fruges »). Made on first use: ICU's collation data is ~5 MB of memory. */
export function frenchCollator(): Intl.Collator {
  return (collator ??= new Intl.Collator(LOCALE));
}

const numberFormat = new Intl.NumberFormat(LOCALE);
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

const dateFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeParts = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });

/** « mardi 2 octobre 2012 », « jeudi 1er octobre 2026 » (French typography for the first day). */
export function formatDate(instant: string | Date): string {
  return dateFormat.format(new Date(instant)).replace(/^(\S+ )1 /, '$11er ');
}

/** « 14 h », « 16 h 30 » — the French typographic form. */
export function formatTime(instant: string | Date): string {
  const parts = timeParts.formatToParts(new Date(instant));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return minute === '00' ? `${hour} h` : `${hour} h ${minute}`;
}

/** « mardi 2 octobre 2012 de 14 h à 16 h 30 » */
export function formatSlot(startsAt: string, endsAt: string): string {
  return `${formatDate(startsAt)} de ${formatTime(startsAt)} à ${formatTime(endsAt)}`;
}

/** « mardi 2 octobre 2012 à 14 h 05 » */
export function formatDateTime(instant: string | Date): string {
  return `${formatDate(instant)} à ${formatTime(instant)}`;
}
