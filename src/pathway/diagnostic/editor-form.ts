import { z } from 'zod';
import { formValues, type FormResult } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { questionnaireSchema, type Questionnaire } from './questionnaire.js';

/**
 * The editor's form: the texts, the points and the rules of the current version, field by field
 * (the questions and themes themselves stay: adding or removing them is not offered yet).
 */
export const themeField = (theme: string, part: 'label' | 'recommend' | 'beginner' | 'beyond' | 'slugs' | 'themes') => `theme_${theme}_${part}`;
export const questionField = (question: string) => `q_${question}_text`;
export const choiceField = (question: string, choice: string, part: 'label' | 'points') => `q_${question}_${choice}_${part}`;

const text = (max: number) => z.string({ error: t('validation.required') }).trim().min(1, t('validation.required')).max(max, t('validation.too_long', { max }));
const whole = (max: number, message: string) => z.string({ error: message }).trim().regex(/^\d{1,3}$/, message).transform(Number).refine((n) => n <= max, message);
const list = (value: string | undefined) => [...new Set((value ?? '').split(',').map((s) => s.trim()).filter(Boolean))];

export interface Catalogue {
  slugs: string[];
  themes: string[];
}

/** The edited questionnaire, or a French message beside each wrong field (the values kept as typed). */
export function parseEditor(current: Questionnaire, catalogue: Catalogue, body: unknown): FormResult<{ basedOn: number; questionnaire: Questionnaire }> {
  const values = formValues(body);
  const errors: FieldErrors = {};
  // a schema is taken by its safeParse only: inferring T against the whole z.ZodType cost tsc seconds
  const read = <T,>(name: string, schema: { safeParse(value: unknown): z.ZodSafeParseResult<T> }): T | undefined => {
    const r = schema.safeParse(values[name]);
    if (r.success) return r.data;
    errors[name] ??= r.error.issues[0]!.message;
    return undefined;
  };
  const score = whole(100, t('diagnostic.editor.error.score'));
  const themes = current.themes.map((th) => {
    const recommendBelow = read(themeField(th.key, 'recommend'), score);
    const beginnerBelow = read(themeField(th.key, 'beginner'), score);
    const beyondFrom = read(themeField(th.key, 'beyond'), whole(101, t('diagnostic.editor.error.score')));
    if (recommendBelow !== undefined && beginnerBelow !== undefined && beyondFrom !== undefined && !(beginnerBelow <= recommendBelow && recommendBelow <= beyondFrom)) {
      errors[themeField(th.key, 'recommend')] = t('diagnostic.editor.error.order');
    }
    const workshopSlugs = list(values[themeField(th.key, 'slugs')]);
    // a slug already in the version stays accepted (the default names the demo's workshops; a territory may lack some)
    const unknownSlugs = workshopSlugs.filter((s) => !catalogue.slugs.includes(s) && !th.workshopSlugs.includes(s));
    if (unknownSlugs.length) errors[themeField(th.key, 'slugs')] = t('diagnostic.editor.error.slugs', { slugs: unknownSlugs.join(', ') });
    const workshopThemes = list(values[themeField(th.key, 'themes')]);
    const unknownThemes = workshopThemes.filter((s) => !catalogue.themes.includes(s) && !th.workshopThemes.includes(s));
    if (unknownThemes.length) errors[themeField(th.key, 'themes')] = t('diagnostic.editor.error.themes', { themes: unknownThemes.join(', ') });
    return { key: th.key, label: read(themeField(th.key, 'label'), text(80)) ?? '', recommendBelow: recommendBelow ?? 0, beginnerBelow: beginnerBelow ?? 0, beyondFrom: beyondFrom ?? 0, workshopSlugs, workshopThemes };
  });
  const questions = current.questions.map((x) => ({
    key: x.key,
    theme: x.theme,
    text: read(questionField(x.key), text(400)) ?? '',
    choices: x.choices.map((c) => ({
      key: c.key,
      label: read(choiceField(x.key, c.key, 'label'), text(200)) ?? '',
      points: read(choiceField(x.key, c.key, 'points'), whole(10, t('diagnostic.editor.error.points'))) ?? 0,
    })),
  }));
  const basedOn = Number(values.basedOn);
  if (!Number.isSafeInteger(basedOn) || basedOn < 1) errors._form = t('diagnostic.editor.error.stale', { version: '?' });
  if (Object.keys(errors).length) return { ok: false, errors, values };
  // the stored shape's own check, behind the fields' ones
  const checked = questionnaireSchema.safeParse({ themes, questions });
  if (!checked.success) return { ok: false, errors: { _form: t('diagnostic.editor.error.order') }, values };
  return { ok: true, data: { basedOn, questionnaire: checked.data }, values };
}

/** The form's values for a version as stored (what the editor opens with). */
export function editorValues(q: Questionnaire, version: number): Record<string, string> {
  const values: Record<string, string> = { basedOn: String(version) };
  for (const th of q.themes) {
    values[themeField(th.key, 'label')] = th.label;
    values[themeField(th.key, 'recommend')] = String(th.recommendBelow);
    values[themeField(th.key, 'beginner')] = String(th.beginnerBelow);
    values[themeField(th.key, 'beyond')] = String(th.beyondFrom);
    values[themeField(th.key, 'slugs')] = th.workshopSlugs.join(', ');
    values[themeField(th.key, 'themes')] = th.workshopThemes.join(', ');
  }
  for (const x of q.questions) {
    values[questionField(x.key)] = x.text;
    for (const c of x.choices) {
      values[choiceField(x.key, c.key, 'label')] = c.label;
      values[choiceField(x.key, c.key, 'points')] = String(c.points);
    }
  }
  return values;
}
