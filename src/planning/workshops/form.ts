import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import { fields } from '../../platform/forms.js';
import { slugify } from '../../setup/commands.js';

export const THEMES = ['outils', 'internet', 'web', 'vente', 'communication', 'securite'] as const;
export const LEVELS = ['debutant', 'intermediaire'] as const;

const optionalText = fields.optionalText;

/** The workshop form, read with French messages; an empty slug is taken from the title. */
export const workshopForm = z
  .object({
    title: fields.text(150),
    slug: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v), t('planning.error.slug'))
      .refine((v) => !v || v.length <= 80, t('validation.too_long', { max: 80 })),
    summary: fields.text(300),
    description: optionalText(5000),
    objectives: optionalText(2000),
    level: z.enum(LEVELS, { error: t('planning.error.choose') }),
    duration: z
      .string({ error: t('validation.required') })
      .trim()
      .regex(/^\d{1,3}$/, t('planning.error.duration'))
      .transform(Number)
      .refine((n) => n >= 15 && n <= 600, t('planning.error.duration')),
    prerequisites: optionalText(1000),
    theme: z.enum(THEMES, { error: t('planning.error.choose') }),
    follow_on_partner: optionalText(120),
    follow_on_title: optionalText(200),
    follow_on_url: fields.optionalUrl(t('planning.error.url')),
    published: z.string().optional().transform((v) => (v === '1' ? (1 as const) : (0 as const))),
  })
  .transform((w) => ({ ...w, slug: w.slug || slugify(w.title) }));

export type WorkshopInput = z.output<typeof workshopForm>;

export function workshopLabels(): Record<string, string> {
  return {
    title: t('planning.field.title'),
    slug: t('planning.field.slug'),
    summary: t('planning.field.summary'),
    description: t('planning.field.description'),
    objectives: t('planning.field.objectives'),
    level: t('planning.field.level'),
    duration: t('planning.field.duration'),
    prerequisites: t('planning.field.prerequisites'),
    theme: t('planning.field.theme'),
    follow_on_partner: t('planning.field.follow_on_partner'),
    follow_on_title: t('planning.field.follow_on_title'),
    follow_on_url: t('planning.field.follow_on_url'),
    published: t('planning.field.published'),
  };
}
