import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import { fields } from '../../platform/forms.js';
import { parisInstantFromFields } from '../../platform/time.js';

const date = () =>
  z
    .string({ error: t('validation.required') })
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !!parisInstantFromFields(v, '12:00'), t('planning.error.date_invalid'));

/** A cycle (« 4e session »): number, name, first and last days, when registration opens (Paris time). */
export const cycleForm = z
  .object({
    number: z
      .string({ error: t('validation.required') })
      .trim()
      .regex(/^\d{1,4}$/, t('planning.error.number'))
      .transform(Number)
      .refine((n) => n >= 1, t('planning.error.number')),
    name: fields.text(120),
    starts_on: date(),
    ends_on: date(),
    opens_on: date(),
    opens_at: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || '00:00')
      .refine((v) => !!parisInstantFromFields('2000-01-03', v), t('planning.error.time_invalid')),
  })
  .refine((c) => c.ends_on >= c.starts_on, { path: ['ends_on'], message: t('planning.error.ends_before') })
  .transform((c) => ({ ...c, registrationOpensAt: parisInstantFromFields(c.opens_on, c.opens_at)!.toISOString() }));

export type CycleInput = z.output<typeof cycleForm>;

export function cycleLabels(): Record<string, string> {
  return {
    number: t('planning.field.number'),
    name: t('planning.field.name'),
    starts_on: t('planning.field.starts_on'),
    ends_on: t('planning.field.ends_on'),
    opens_on: t('planning.field.opens_on'),
    opens_at: t('planning.field.opens_at'),
  };
}
