import { HorizontalBars } from '../../platform/charts/HorizontalBars.js';
import type { FormValues } from '../../platform/forms.js';
import { formatDate, formatNumber, formatSlot, t } from '../../platform/i18n/index.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { CsrfField, ErrorSummary, RadioGroup, SelectField, TextField, type FieldErrors } from '../../platform/layout/forms.js';
import type { Questionnaire, Scores } from './questionnaire.js';
import type { Recommendations, RecommendedWorkshop } from './queries.js';

type Commune = { insee_code: string; name: string };

/** All the questions on one page, grouped by theme: one fieldset of radios per question, no JavaScript needed. */
export function DiagnosticFormPage({ q, communes, csrf, values, errors }: { q: Questionnaire; communes: Commune[]; csrf: string; values: FormValues; errors: FieldErrors }) {
  const labels: Record<string, string> = Object.fromEntries(q.questions.map((x) => [x.key, x.text]));
  labels.commune = t('diagnostic.commune');
  return (
    <section class="narrow">
      <h1>{t('diagnostic.title')}</h1>
      <p class="lead">{t('diagnostic.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action="/diagnostic" novalidate>
        <CsrfField token={csrf} />
        {q.themes.map((theme) => {
          const questions = q.questions.filter((x) => x.theme === theme.key);
          if (questions.length === 0) return null;
          return (
            <section key={theme.key} aria-labelledby={`theme-${theme.key}`}>
              <h2 id={`theme-${theme.key}`}>{theme.label}</h2>
              {questions.map((x) => (
                <RadioGroup key={x.key} name={x.key} legend={x.text} options={x.choices.map((c) => ({ value: c.key, label: c.label }))} value={values[x.key]} errors={errors} required />
              ))}
            </section>
          );
        })}
        <SelectField
          name="commune"
          label={t('diagnostic.commune')}
          hint={t('diagnostic.commune.hint')}
          placeholder={t('diagnostic.commune.none')}
          options={communes.map((c) => ({ value: c.insee_code, label: c.name }))}
          value={values.commune}
          errors={errors}
        />
        <button type="submit" class="button">
          {t('diagnostic.submit')}
        </button>
      </form>
    </section>
  );
}

export interface ResultView {
  token: string;
  takenAt: string;
  q: Questionnaire;
  scores: Scores;
  previous: { takenAt: string; scores: Scores } | null;
  recommendations: Recommendations;
}

const delta = (n: number) => t('diagnostic.result.progress', { delta: n > 0 ? `+${formatNumber(n)}` : formatNumber(n) });

/** The profile per theme (bars and the same figures in a table), the workshops with their sessions, the chambers beyond, and keeping the result. */
export function ResultPage({ view, csrf, email, errors, sent, attached }: { view: ResultView; csrf: string; email: string | undefined; errors: FieldErrors; sent: boolean; attached: boolean }) {
  const { q, scores, previous, recommendations } = view;
  const themes = q.themes.filter((th) => scores[th.key] !== undefined);
  const rows = themes.map((th) => ({ id: th.key, label: th.label, value: scores[th.key]!, previous: previous?.scores[th.key] }));
  const labelOf = new Map(q.themes.map((th) => [th.key, th.label]));
  return (
    <section>
      <h1>{t('diagnostic.result.title')}</h1>
      <p class="lead">{t('diagnostic.result.date', { date: formatDate(view.takenAt) })}</p>
      {attached ? (
        <p class="notice" role="status">
          {t('diagnostic.keep.attached')}
        </p>
      ) : null}
      <section aria-labelledby="profil">
        <h2 id="profil">{t('diagnostic.result.profile')}</h2>
        <HorizontalBars id="profil-barres" title={t('diagnostic.result.chart.title')} description={t('diagnostic.result.chart.desc')} rows={rows.map((r) => ({ label: r.label, value: r.value, display: formatNumber(r.value) }))} width={480} />
        {previous ? <p>{t('diagnostic.result.previous_of', { date: formatDate(previous.takenAt) })}</p> : null}
        <DataTable
          caption={t('diagnostic.result.table.caption')}
          rows={rows}
          columns={[
            { header: t('diagnostic.result.col.theme'), cell: (r) => r.label },
            { header: t('diagnostic.result.col.score'), cell: (r) => formatNumber(r.value) },
            ...(previous
              ? [
                  { header: t('diagnostic.result.col.previous'), cell: (r: (typeof rows)[number]) => (r.previous === undefined ? '—' : formatNumber(r.previous)) },
                  { header: t('diagnostic.result.col.progress'), cell: (r: (typeof rows)[number]) => (r.previous === undefined ? '—' : delta(r.value - r.previous)) },
                ]
              : []),
          ]}
        />
      </section>
      <section aria-labelledby="ateliers-recommandes">
        <h2 id="ateliers-recommandes">{t('diagnostic.result.workshops')}</h2>
        {recommendations.workshops.length === 0 ? <p>{t('diagnostic.result.workshops.none')}</p> : <ul class="session-list">{recommendations.workshops.map((w) => <Workshop key={w.slug} w={w} />)}</ul>}
        <p>
          <a href="/ateliers">{t('diagnostic.result.catalogue')}</a>
        </p>
      </section>
      {recommendations.beyondProgramme.length ? (
        <section aria-labelledby="aller-plus-loin">
          <h2 id="aller-plus-loin">{t('diagnostic.result.beyond.title')}</h2>
          <p>{t('diagnostic.result.beyond.body', { themes: recommendations.beyondProgramme.map((k) => labelOf.get(k) ?? k).join(', ') })}</p>
        </section>
      ) : null}
      <section aria-labelledby="garder" class="narrow">
        <h2 id="garder">{t('diagnostic.keep.title')}</h2>
        {sent ? (
          <p role="status" class="notice">
            {t('diagnostic.keep.sent')}
          </p>
        ) : null}
        <p>{t('diagnostic.keep.intro')}</p>
        <ErrorSummary errors={errors} labels={{ email: t('diagnostic.keep.email') }} />
        <form method="post" action={`/diagnostic/resultat/${encodeURIComponent(view.token)}/garder`} novalidate>
          <CsrfField token={csrf} />
          <TextField name="email" type="email" autocomplete="email" label={t('diagnostic.keep.email')} value={email} errors={errors} required />
          <button type="submit" class="button">
            {t('diagnostic.keep.submit')}
          </button>
        </form>
      </section>
      <p>
        <a href="/diagnostic">{t('diagnostic.result.again')}</a>
      </p>
    </section>
  );
}

function Workshop({ w }: { w: RecommendedWorkshop }) {
  return (
    <li class="session-card">
      <h3>
        <a href={`/ateliers/${encodeURIComponent(w.slug)}`}>{w.title}</a>
      </h3>
      <p class="session-meta">{t('diagnostic.result.for_theme', { theme: w.themeLabel })}</p>
      <p>{w.summary}</p>
      {w.sessions.length === 0 ? (
        <p>
          {t('diagnostic.result.sessions.none')}
          <a href={`/ateliers/${encodeURIComponent(w.slug)}`}>{t('diagnostic.result.sessions.ask')}</a>
        </p>
      ) : (
        <ul>
          {w.sessions.map((s) => (
            <li key={s.id}>
              <a href={`/seances/${s.id}/inscription`}>{t('diagnostic.result.session.register', { date: formatDate(s.starts_at) })}</a>
              <br />
              {formatSlot(s.starts_at, s.ends_at)} — {t('diagnostic.result.session.where', { venue: s.venue_name, commune: s.commune_name })} — {t('diagnostic.result.session.seats', { count: s.seats - s.seats_taken })}
              {s.beginner ? <span class="badge badge-beginner">{t('diagnostic.result.session.beginner')}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
