import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import { fields } from '../platform/forms.js';
import type { Sector } from '../platform/db/schema.js';
import { isValidSiret, normaliseSiret, toE164 } from './identity.js';

export const SECTORS: Sector[] = ['agriculture', 'commerce', 'tourisme', 'artisanat', 'services', 'industrie', 'autre'];
export const LEVELS = ['debutant', 'intermediaire', 'avance'] as const;
export const OUTSIDE = 'autre';

const optional = fields.optionalText;

/**
 * The registration form. Text is stored as typed (and escaped when shown); the commune is
 * checked against the territory's communes by the command ('autre' = outside the territory).
 */
export const registrationForm = z.object({
  first_name: fields.text(80),
  last_name: fields.text(80),
  email: fields.email(),
  phone: z
    .string()
    .trim()
    .max(40, t('registration.error.phone'))
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const e164 = toE164(v);
      if (!e164) ctx.addIssue({ code: 'custom', message: t('registration.error.phone') });
      return e164;
    }),
  company: fields.text(150),
  siret: z
    .string()
    .max(40, t('registration.error.siret'))
    .optional()
    .transform((v, ctx) => {
      const siret = normaliseSiret(v ?? '');
      if (siret !== null && !isValidSiret(siret)) ctx.addIssue({ code: 'custom', message: t('registration.error.siret') });
      return siret;
    }),
  sector: z.enum(SECTORS as [Sector, ...Sector[]], { error: t('registration.error.sector') }),
  commune: z.string({ error: t('registration.error.commune') }).regex(/^([0-9][0-9AB][0-9]{3}|autre)$/, t('registration.error.commune')),
  role: optional(120),
  level: z.enum(LEVELS, { error: t('registration.error.level') }),
  heard_from: optional(200),
  /** For the facilitator: expectations, a need (accessibility…). Optional in the type too (staff forms have none). */
  notes: optional(500).optional(),
  consent_news: z
    .string()
    .optional()
    .transform((v) => v === '1'),
});

export type RegistrationInput = z.output<typeof registrationForm>;

export function registrationLabels(): Record<string, string> {
  return {
    first_name: t('registration.field.first_name'),
    last_name: t('registration.field.last_name'),
    email: t('registration.field.email'),
    phone: t('registration.field.phone'),
    company: t('registration.field.company'),
    siret: t('registration.field.siret'),
    sector: t('registration.field.sector'),
    commune: t('registration.field.commune'),
    role: t('registration.field.role'),
    level: t('registration.field.level'),
    heard_from: t('registration.field.heard_from'),
    notes: t('registration.field.notes'),
    consent_news: t('registration.field.consent_news'),
    _form: t('registration.title'),
  };
}
