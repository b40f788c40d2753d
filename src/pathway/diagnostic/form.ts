import { fields, formValues, type FormResult } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import type { Answers, Questionnaire } from './questionnaire.js';

export interface DiagnosticInput {
  answers: Answers;
  /** an INSEE code as sent; the route checks it is one of the territory's communes */
  commune: string | null;
}

/** Every question answered by one of its own choices; the commune optional. One message beside each question missed. */
export function parseDiagnostic(q: Questionnaire, body: unknown): FormResult<DiagnosticInput> {
  const values = formValues(body);
  const errors: FieldErrors = {};
  const answers: Answers = {};
  for (const question of q.questions) {
    const value = values[question.key];
    if (value !== undefined && question.choices.some((c) => c.key === value)) answers[question.key] = value;
    else errors[question.key] = t('diagnostic.error.choose');
  }
  const commune = values.commune?.trim() ?? '';
  if (commune && !/^[0-9][0-9AB][0-9]{3}$/.test(commune)) errors.commune = t('diagnostic.error.commune');
  if (Object.keys(errors).length) return { ok: false, errors, values };
  return { ok: true, data: { answers, commune: commune || null }, values };
}

/** The « keep this result » form: one address. */
export function parseKeep(body: unknown): FormResult<{ email: string }> {
  const values = formValues(body);
  const parsed = fields.email().safeParse(values.email ?? '');
  if (!parsed.success) return { ok: false, errors: { email: parsed.error.issues[0]!.message }, values };
  return { ok: true, data: { email: parsed.data }, values };
}
