import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import { fields } from '../../platform/forms.js';
import type { Sector } from '../../platform/db/schema.js';
import { LEVELS, SECTORS } from '../../registration/form.js';

/**
 * Someone who came without registering, as the facilitator types them on the tablet: the e-mail
 * is required because the certificate is sent there (and it finds the person if already known).
 */
export const walkInForm = z.object({
  first_name: fields.text(80),
  last_name: fields.text(80),
  email: fields.email(),
  company: fields.text(150),
  sector: z.enum(SECTORS as [Sector, ...Sector[]], { error: t('registration.error.sector') }),
  level: z
    .enum(LEVELS, { error: t('registration.error.level') })
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((v) => v ?? null),
});
export type WalkInInput = z.output<typeof walkInForm>;

export const attendanceValue = z.enum(['present', 'absent', 'excused']);

export function walkInLabels(): Record<string, string> {
  return {
    first_name: t('registration.field.first_name'),
    last_name: t('registration.field.last_name'),
    email: t('registration.field.email'),
    company: t('registration.field.company'),
    sector: t('registration.field.sector'),
    level: t('facilitation.walk_in.level'),
    _form: t('facilitation.walk_in.title'),
  };
}
