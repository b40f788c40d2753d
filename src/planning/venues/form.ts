import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import { fields } from '../../platform/forms.js';
import { slugify } from '../../setup/commands.js';

const optionalText = fields.optionalText;

/** The venue form; the commune is checked against the territory's communes by the command. */
export const venueForm = z
  .object({
    name: fields.text(150),
    slug: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v), t('planning.error.slug')),
    address: fields.text(250),
    commune: z.string({ error: t('planning.error.commune') }).regex(/^[0-9][0-9AB][0-9]{3}$/, t('planning.error.commune')),
    workstations: z
      .string({ error: t('validation.required') })
      .trim()
      .regex(/^\d{1,3}$/, t('planning.error.workstations'))
      .transform(Number)
      .refine((n) => n >= 1 && n <= 200, t('planning.error.workstations')),
    accessible: z.string().optional().transform((v) => (v === '1' ? (1 as const) : (0 as const))),
    equipment: optionalText(1000),
    opening_hours: optionalText(500),
    contact_phone: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^(\+33 ?|0)[1-9]([ .-]?\d{2}){4}$/.test(v), t('planning.error.phone'))
      .transform((v) => (v ? v : null)),
    contact_email: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || z.email().safeParse(v).success, t('validation.email'))
      .transform((v) => (v ? v.toLowerCase() : null)),
    website: fields.optionalUrl(t('planning.error.url')),
    pivot: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.replace(/\s/g, '') : ''))
      .refine((v) => !v || /^(\d{9}|\d{14})$/.test(v), t('planning.error.pivot'))
      .transform((v) => (v ? v : null)),
  })
  .transform((v) => ({ ...v, slug: v.slug || slugify(v.name) }));

export type VenueInput = z.output<typeof venueForm>;

export function venueLabels(): Record<string, string> {
  return {
    name: t('planning.field.name'),
    slug: t('planning.field.slug'),
    address: t('planning.field.address'),
    commune: t('planning.field.commune'),
    workstations: t('planning.field.workstations'),
    accessible: t('planning.field.accessible'),
    equipment: t('planning.field.equipment'),
    opening_hours: t('planning.field.opening_hours'),
    contact_phone: t('planning.field.contact_phone'),
    contact_email: t('planning.field.contact_email'),
    website: t('planning.field.website'),
    pivot: t('planning.field.pivot'),
  };
}
