import { z } from 'zod';
import { t } from './i18n/index.js';
import type { FieldErrors } from './layout/forms.js';

export type FormValues = Record<string, string>;

export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** The submitted fields as typed (strings only; repeated fields keep the first), for showing the form again. */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === '_csrf') continue;
      const first = Array.isArray(v) ? v[0] : v;
      if (typeof first === 'string') values[k] = first;
    }
  }
  return values;
}

/** Validates a submitted form; errors are French and keyed by field, one per field. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formValues(body);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** Field builders with French messages. */
export const fields = {
  text: (max = 200) =>
    z
      .string({ error: t('validation.required') })
      .trim()
      .min(1, t('validation.required'))
      .max(max, t('validation.too_long', { max })),
  email: () =>
    z
      .string({ error: t('validation.required') })
      .trim()
      .min(1, t('validation.required'))
      .max(254, t('validation.too_long', { max: 254 }))
      .pipe(z.email(t('validation.email')))
      .transform((v) => v.toLowerCase()),
  /** Optional free text, trimmed; empty becomes null. */
  optionalText: (max: number) =>
    z
      .string()
      .trim()
      .max(max, t('validation.too_long', { max }))
      .optional()
      .transform((v) => (v ? v : null)),
  /** An optional web address (http or https); empty becomes null. */
  optionalUrl: (message: string) =>
    z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^https?:\/\/[^\s<>"]+\.[^\s<>"]+$/.test(v), message)
      .transform((v) => (v ? v : null)),
  password: () => z.string({ error: t('validation.required') }).min(1, t('validation.required')).max(500, t('validation.too_long', { max: 500 })),
};

/** Every value of a repeated field (checkboxes), as strings. */
export function formList(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const v = (body as Record<string, unknown>)[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').slice(0, 100);
}

/** A positive id from a URL segment or a select, or null: never a NaN reaching a query. */
export function idOf(value: string | undefined): number | null {
  if (!value || !/^\d{1,12}$/.test(value)) return null;
  return Number(value);
}
