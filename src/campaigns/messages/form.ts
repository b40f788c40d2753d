import { z } from 'zod';
import { fields, formList, formValues, type FormResult } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { SECTORS } from '../../registration/form.js';
import { segmentSchema, type Segment } from './segment.js';

export const BODY_MAX = 20_000;

const base = z.object({
  name: fields.text(120),
  subject: fields.text(150),
  body: fields.text(BODY_MAX),
  per_minute: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, t('campaigns.error.per_minute'))
    .transform(Number)
    .refine((n) => n >= 1 && n <= 10_000, t('campaigns.error.per_minute')),
  audience: z.enum(['all', 'past', 'never'], { error: t('surveys.validation.choose') }),
  epci: z.string().optional(),
  workshop: z.string().optional(),
});

export interface CampaignInput {
  name: string;
  subject: string;
  body: string;
  perMinute: number;
  segment: Segment;
}

/** The campaign form: its texts, its pace and its segment, checked against the territory's lists. */
export function parseCampaignForm(body: unknown, known: { epcis: string[]; workshops: number[]; communes: string[] }): FormResult<CampaignInput> {
  const values = formValues(body);
  const errors: FieldErrors = {};
  const parsed = base.safeParse(values);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const sectors = [...new Set(formList(body, 'sectors'))];
  if (sectors.some((s) => !(SECTORS as string[]).includes(s))) errors.sectors = t('surveys.validation.choose');
  const communes = [...new Set(formList(body, 'communes'))];
  if (communes.some((c) => !known.communes.includes(c))) errors.communes = t('surveys.validation.choose');
  const epci = values.epci ? values.epci : null;
  if (epci !== null && !known.epcis.includes(epci)) errors.epci = t('surveys.validation.choose');
  const workshop = values.workshop ? Number(values.workshop) : null;
  if (workshop !== null && !known.workshops.includes(workshop)) errors.workshop = t('surveys.validation.choose');
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors, values };
  const segment = segmentSchema.parse({ sectors, communes, epci, audience: parsed.data.audience, workshopId: workshop });
  return { ok: true, values, data: { name: parsed.data.name, subject: parsed.data.subject, body: parsed.data.body, perMinute: parsed.data.per_minute, segment } };
}

/** A campaign's reference for its links: its name in lower-case ASCII, dashes, and its number. */
export function campaignRef(name: string, id: number): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${slug || 'campagne'}-${id}`;
}
