import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import { fields, formList, formValues, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import type { DemandDay, DemandTime } from '../../platform/db/schema.js';

export const DAYS: DemandDay[] = ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam'];
export const TIMES: DemandTime[] = ['matin', 'apres-midi', 'soir'];
/** « Another topic » in the workshop choice. */
export const OTHER_TOPIC = 'autre';
export const ANY_VENUE = 'indifferent';

const base = z.object({
  workshop: z.string({ error: t('ondemand.error.workshop') }).min(1, t('ondemand.error.workshop')),
  topic: fields.optionalText(200),
  venue: z.string().optional().transform((v) => v || ANY_VENUE),
  commune: z.string().optional().transform((v) => v || null),
  people: z.coerce.number({ error: t('ondemand.error.people') }).int(t('ondemand.error.people')).min(1, t('ondemand.error.people')).max(20, t('ondemand.error.people')),
  comment: fields.optionalText(1000),
  first_name: fields.text(80),
  last_name: fields.text(80),
  email: fields.email(),
  company: fields.optionalText(150),
});

export interface RequestInput {
  workshopId: number | null;
  topic: string | null;
  venueId: number | null;
  communeCode: string | null;
  days: DemandDay[];
  times: DemandTime[];
  people: number;
  comment: string | null;
  first_name: string;
  last_name: string;
  email: string;
  company: string | null;
}

/**
 * Reads the request form. The choices (workshop, venue, commune) are checked against the
 * territory's lists by the caller's `known` sets; days and times are repeated checkboxes.
 */
export function readRequestForm(body: unknown, known: { workshops: Set<number>; venues: Set<number>; communes: Set<string> }): { ok: true; data: RequestInput; values: FormValues; lists: Lists } | { ok: false; errors: FieldErrors; values: FormValues; lists: Lists } {
  const values = formValues(body);
  const lists = { days: formList(body, 'days'), times: formList(body, 'times') };
  const errors: FieldErrors = {};
  const parsed = base.safeParse(values);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
  const days = DAYS.filter((d) => lists.days.includes(d));
  const times = TIMES.filter((x) => lists.times.includes(x));
  if (!days.length) errors.days = t('ondemand.error.days');
  if (!times.length) errors.times = t('ondemand.error.times');
  // the choices are checked on the raw values, so that every error shows at once
  let workshopId: number | null = null;
  let venueId: number | null = null;
  const workshop = (values.workshop ?? '').trim();
  const venue = (values.venue ?? '').trim() || ANY_VENUE;
  const commune = (values.commune ?? '').trim();
  if (workshop === OTHER_TOPIC) {
    if (!(values.topic ?? '').trim()) errors.topic = t('ondemand.error.topic');
  } else if (/^\d{1,12}$/.test(workshop) && known.workshops.has(Number(workshop))) workshopId = Number(workshop);
  else errors.workshop = t('ondemand.error.workshop');
  if (venue !== ANY_VENUE) {
    if (/^\d{1,12}$/.test(venue) && known.venues.has(Number(venue))) venueId = Number(venue);
    else errors.venue = t('ondemand.error.venue');
  }
  if (commune && !known.communes.has(commune)) errors.commune = t('ondemand.error.commune');
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors, values, lists };
  const d = parsed.data;
  return {
    ok: true,
    values,
    lists,
    data: { workshopId, topic: workshopId === null ? d.topic : null, venueId, communeCode: d.commune, days, times, people: d.people, comment: d.comment, first_name: d.first_name, last_name: d.last_name, email: d.email, company: d.company },
  };
}
export type Lists = { days: string[]; times: string[] };

export function requestLabels(): Record<string, string> {
  return {
    workshop: t('ondemand.field.workshop'),
    topic: t('ondemand.field.topic'),
    venue: t('ondemand.field.venue'),
    commune: t('ondemand.field.commune'),
    days: t('ondemand.field.days'),
    times: t('ondemand.field.times'),
    people: t('ondemand.field.people'),
    comment: t('ondemand.field.comment'),
    first_name: t('registration.field.first_name'),
    last_name: t('registration.field.last_name'),
    email: t('registration.field.email'),
    company: t('ondemand.field.company'),
    _form: t('ondemand.title'),
  };
}
