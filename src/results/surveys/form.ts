import { z } from 'zod';
import { fields, formList, formValues, type FormResult } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';

export const SCORES = ['1', '2', '3', '4', '5'] as const;
export const PACES = ['trop_lent', 'adapte', 'trop_rapide'] as const;
export const NEXT_STEPS = ['practice', 'workshop', 'chamber', 'provider', 'nothing'] as const;
export const OUTCOMES = ['website', 'online_sales', 'social_page', 'tool_adopted', 'chamber_training', 'nothing_yet'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];
export type Outcome = (typeof OUTCOMES)[number];
export const COMMENT_MAX = 2000;

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: t('surveys.validation.choose') });

const satisfactionSchema = z.object({
  usefulness: choice(SCORES).transform(Number),
  clarity: choice(SCORES).transform(Number),
  pace: choice(PACES),
  recommend: choice(['oui', 'non'] as const).transform((v) => v === 'oui'),
  comment: fields.optionalText(COMMENT_MAX),
});

export type SatisfactionInput = z.output<typeof satisfactionSchema> & { next: NextStep[] };
export type FollowUpInput = { outcomes: Outcome[]; comment: string | null };

/** A list of checkboxes: only known values, and « nothing » alone (it contradicts the others). */
function checked<T extends string>(body: unknown, name: string, allowed: readonly T[], nothing: T, errors: FieldErrors, required: boolean): T[] {
  const list = [...new Set(formList(body, name))];
  const known = list.filter((v): v is T => (allowed as readonly string[]).includes(v));
  if (known.length !== list.length) errors[name] = t('surveys.validation.choose');
  else if (known.includes(nothing) && known.length > 1) errors[name] = t('surveys.validation.nothing_alone');
  else if (required && known.length === 0) errors[name] = t('surveys.validation.at_least_one');
  return known;
}

/** The day-after survey: four questions answered in one tap each, what comes next, a comment. */
export function parseSatisfaction(body: unknown): FormResult<SatisfactionInput> {
  const values = formValues(body);
  const errors: FieldErrors = {};
  const parsed = satisfactionSchema.safeParse(values);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const next = checked(body, 'next', NEXT_STEPS, 'nothing', errors, false);
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, data: { ...parsed.data, next }, values };
}

/** The follow-up three months on: what was put in place (at least one answer, « nothing yet » alone). */
export function parseFollowUp(body: unknown): FormResult<FollowUpInput> {
  const values = formValues(body);
  const errors: FieldErrors = {};
  const comment = fields.optionalText(COMMENT_MAX).safeParse(values.comment);
  if (!comment.success) errors.comment = comment.error.issues[0]!.message;
  const outcomes = checked(body, 'outcomes', OUTCOMES, 'nothing_yet', errors, true);
  if (!comment.success || Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, data: { outcomes, comment: comment.data }, values };
}
