import type { FormValues } from '../../platform/forms.js';
import { formatDate, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, TextAreaField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import { PlanningNav } from '../../planning/ui.js';
import { choiceField, questionField, themeField, type Catalogue } from './editor-form.js';
import type { Questionnaire } from './questionnaire.js';

export interface EditorView {
  q: Questionnaire;
  version: number;
  publishedAt: string;
  answered: number;
  catalogue: Catalogue;
}

/** The current questionnaire as a form: each theme's rules, then each question's text and choices with their points. */
export function EditorPage({ view, csrf, values, errors, notice }: { view: EditorView; csrf: string; values: FormValues; errors: FieldErrors; notice?: string | undefined }) {
  const { q } = view;
  const labels: Record<string, string> = {};
  const themeLabel = new Map(q.themes.map((th) => [th.key, th.label]));
  for (const th of q.themes) {
    labels[themeField(th.key, 'label')] = `${th.label} — ${t('diagnostic.editor.theme.label')}`;
    labels[themeField(th.key, 'recommend')] = `${th.label} — ${t('diagnostic.editor.theme.recommend')}`;
    labels[themeField(th.key, 'beginner')] = `${th.label} — ${t('diagnostic.editor.theme.beginner')}`;
    labels[themeField(th.key, 'beyond')] = `${th.label} — ${t('diagnostic.editor.theme.beyond')}`;
    labels[themeField(th.key, 'slugs')] = `${th.label} — ${t('diagnostic.editor.theme.slugs')}`;
    labels[themeField(th.key, 'themes')] = `${th.label} — ${t('diagnostic.editor.theme.themes')}`;
  }
  q.questions.forEach((x, i) => {
    const n = i + 1;
    labels[questionField(x.key)] = `${t('diagnostic.editor.question', { n, theme: themeLabel.get(x.theme) ?? x.theme })} — ${t('diagnostic.editor.question.text')}`;
    x.choices.forEach((c, j) => {
      labels[choiceField(x.key, c.key, 'label')] = `${t('diagnostic.editor.question', { n, theme: themeLabel.get(x.theme) ?? x.theme })} — ${t('diagnostic.editor.choice', { n: j + 1 })}`;
      labels[choiceField(x.key, c.key, 'points')] = `${t('diagnostic.editor.question', { n, theme: themeLabel.get(x.theme) ?? x.theme })} — ${t('diagnostic.editor.points', { n: j + 1 })}`;
    });
  });
  return (
    <>
      <PlanningNav current="/equipe/diagnostic" />
      <h1>{t('diagnostic.editor.title')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>{t('diagnostic.editor.version', { version: view.version, date: formatDate(view.publishedAt), count: view.answered })}</p>
      <p>{t('diagnostic.editor.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/equipe/diagnostic" novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="basedOn" value={values.basedOn ?? String(view.version)} />
        <h2>{t('diagnostic.editor.themes')}</h2>
        {q.themes.map((th) => (
          <fieldset key={th.key}>
            <legend>{th.label}</legend>
            <TextField name={themeField(th.key, 'label')} label={t('diagnostic.editor.theme.label')} value={values[themeField(th.key, 'label')]} errors={errors} required maxLength={80} />
            <TextField name={themeField(th.key, 'recommend')} label={t('diagnostic.editor.theme.recommend')} inputMode="numeric" value={values[themeField(th.key, 'recommend')]} errors={errors} required />
            <TextField name={themeField(th.key, 'beginner')} label={t('diagnostic.editor.theme.beginner')} inputMode="numeric" value={values[themeField(th.key, 'beginner')]} errors={errors} required />
            <TextField name={themeField(th.key, 'beyond')} label={t('diagnostic.editor.theme.beyond')} inputMode="numeric" value={values[themeField(th.key, 'beyond')]} errors={errors} required />
            <TextField name={themeField(th.key, 'slugs')} label={t('diagnostic.editor.theme.slugs')} hint={t('diagnostic.editor.theme.slugs.hint', { slugs: view.catalogue.slugs.join(', ') })} value={values[themeField(th.key, 'slugs')]} errors={errors} />
            <TextField name={themeField(th.key, 'themes')} label={t('diagnostic.editor.theme.themes')} hint={t('diagnostic.editor.theme.themes.hint', { themes: view.catalogue.themes.join(', ') })} value={values[themeField(th.key, 'themes')]} errors={errors} />
          </fieldset>
        ))}
        <h2>{t('diagnostic.editor.questions')}</h2>
        {q.questions.map((x, i) => (
          <fieldset key={x.key}>
            <legend>{t('diagnostic.editor.question', { n: i + 1, theme: themeLabel.get(x.theme) ?? x.theme })}</legend>
            <TextAreaField name={questionField(x.key)} label={t('diagnostic.editor.question.text')} value={values[questionField(x.key)]} errors={errors} required rows={2} maxLength={400} />
            {x.choices.map((c, j) => (
              <div key={c.key} class="field-row">
                <TextField name={choiceField(x.key, c.key, 'label')} label={t('diagnostic.editor.choice', { n: j + 1 })} value={values[choiceField(x.key, c.key, 'label')]} errors={errors} required maxLength={200} />
                <TextField name={choiceField(x.key, c.key, 'points')} label={t('diagnostic.editor.points', { n: j + 1 })} inputMode="numeric" value={values[choiceField(x.key, c.key, 'points')]} errors={errors} required />
              </div>
            ))}
          </fieldset>
        ))}
        <button type="submit" class="button">
          {t('diagnostic.editor.submit')}
        </button>
      </form>
    </>
  );
}
