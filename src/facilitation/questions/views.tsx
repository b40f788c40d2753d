import type { FormValues } from '../../platform/forms.js';
import { formatDate, formatSlot, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, TextAreaField, type FieldErrors } from '../../platform/layout/forms.js';
import { OneFilter, Pagination } from '../../planning/ui.js';
import type { FacilitationSession } from '../queries.js';
import { ANSWER_MAX, NOTES_MAX, QUESTION_MAX, questionLabels } from './form.js';
import type { PublishedQuestion, ReviewRow, SessionQuestion } from './queries.js';

function QuestionItem({ q, csrf, coordinator, from }: { q: Pick<SessionQuestion, 'id' | 'question' | 'answer' | 'published_at'>; csrf: string; coordinator: boolean; from: 'compte-rendu' | 'revue' }) {
  const editable = !q.published_at || coordinator;
  return (
    <li class="question">
      <p class="question-text">
        <strong>{q.question}</strong>
        {q.published_at ? <span class="badge">{t('questions.published')}</span> : null}
      </p>
      <p>{q.answer ?? <em>{t('questions.no_answer')}</em>}</p>
      {editable ? (
        <div class="actions">
          <a href={`/equipe/questions/${q.id}?retour=${from}`}>
            {t('questions.edit')}
            <span class="visually-hidden">{` : ${q.question}`}</span>
          </a>
          <form method="post" action={`/equipe/questions/${q.id}/suppression`}>
            <CsrfField token={csrf} />
            <input type="hidden" name="retour" value={from} />
            <button type="submit" class="link-button">
              {t('questions.delete')}
              <span class="visually-hidden">{` : ${q.question}`}</span>
            </button>
          </form>
        </div>
      ) : null}
    </li>
  );
}

export function ReportPage(props: { session: FacilitationSession; questions: SessionQuestion[]; csrf: string; coordinator: boolean; blocked: string | null; notes: { values: FormValues; errors: FieldErrors }; add: { values: FormValues; errors: FieldErrors } }) {
  const { session: s, questions, csrf } = props;
  return (
    <>
      <p class="breadcrumb">
        <a href={`/equipe/seances/${s.id}/emargement`}>{t('questions.back')}</a>
      </p>
      <h1>{t('questions.report.title', { workshop: s.workshop_title })}</h1>
      <p class="session-when">
        {formatSlot(s.starts_at, s.ends_at)} — {s.venue_name}
      </p>
      {props.blocked ? (
        <p class="notice">{props.blocked}</p>
      ) : (
        <>
          <form method="post" action={`/equipe/seances/${s.id}/compte-rendu`} novalidate>
            <CsrfField token={csrf} />
            <h2>{t('questions.notes.title')}</h2>
            <ErrorSummary errors={props.notes.errors} labels={{ notes: t('questions.field.notes'), _form: t('questions.notes.title') }} />
            <TextAreaField name="notes" label={t('questions.field.notes')} hint={t('questions.field.notes.hint')} value={props.notes.values.notes} errors={props.notes.errors} rows={6} maxLength={NOTES_MAX} />
            <button type="submit" class="button button-secondary">
              {t('questions.notes.save')}
            </button>
          </form>
          <h2>{t('questions.list.title', { count: questions.length })}</h2>
          <p>{t('questions.list.intro')}</p>
          {questions.length ? (
            <ul class="questions">
              {questions.map((q) => (
                <QuestionItem key={q.id} q={q} csrf={csrf} coordinator={props.coordinator} from="compte-rendu" />
              ))}
            </ul>
          ) : (
            <p>{t('questions.list.none')}</p>
          )}
          <form method="post" action={`/equipe/seances/${s.id}/questions`} novalidate id="ajout">
            <CsrfField token={csrf} />
            <h2>{t('questions.add.title')}</h2>
            <ErrorSummary errors={props.add.errors} labels={questionLabels()} />
            <QuestionFields values={props.add.values} errors={props.add.errors} />
            <button type="submit" class="button">
              {t('questions.add.submit')}
            </button>
          </form>
        </>
      )}
    </>
  );
}

function QuestionFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <TextAreaField name="question" label={t('questions.field.question')} hint={t('questions.field.question.hint')} value={values.question} errors={errors} required rows={2} maxLength={QUESTION_MAX} />
      <TextAreaField name="answer" label={t('questions.field.answer')} hint={t('questions.field.answer.hint')} value={values.answer} errors={errors} rows={4} maxLength={ANSWER_MAX} />
    </>
  );
}

export function EditQuestionPage(props: { id: number; from: string; back: string; csrf: string; values: FormValues; errors: FieldErrors; published: boolean }) {
  return (
    <>
      <p class="breadcrumb">
        <a href={props.back}>{t('questions.cancel')}</a>
      </p>
      <h1>{t('questions.edit.title')}</h1>
      {props.published ? <p class="notice">{t('questions.edit.published')}</p> : null}
      <ErrorSummary errors={props.errors} labels={{ ...questionLabels(), _form: t('questions.edit.title') }} />
      <form method="post" action={`/equipe/questions/${props.id}`} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="retour" value={props.from} />
        <QuestionFields values={props.values} errors={props.errors} />
        <p class="actions">
          <button type="submit" class="button">
            {t('questions.save')}
          </button>
          <a href={props.back}>{t('questions.cancel')}</a>
        </p>
      </form>
    </>
  );
}

export function ReviewPage(props: { rows: ReviewRow[]; csrf: string; workshops: Array<{ id: number; title: string }>; workshopId: number | null; page: number; pages: number; query: Record<string, string>; alert?: string | undefined }) {
  return (
    <>
      <h1>{t('questions.review.title')}</h1>
      <p>{t('questions.review.intro')}</p>
      {props.alert ? (
        <p class="error-summary" role="alert">
          {props.alert}
        </p>
      ) : null}
      <OneFilter action="/equipe/questions" name="atelier" label={t('questions.review.workshop')} allLabel={t('planning.all')} options={props.workshops.map((w) => ({ id: w.id, label: w.title }))} value={props.workshopId} />
      {props.rows.length ? (
        <ul class="questions">
          {props.rows.map((q) => (
            <li key={q.id} class="question">
              <p class="question-meta">
                {t('questions.review.asked', { workshop: q.workshop_title, date: formatDate(q.starts_at), author: q.author ?? '—' })}
              </p>
              <p class="question-text">
                <strong>{q.question}</strong>
                {q.published_at ? <span class="badge">{t('questions.published')}</span> : <span class="badge badge-quiet">{t('questions.waiting')}</span>}
              </p>
              <p>{q.answer ?? <em>{t('questions.no_answer')}</em>}</p>
              <div class="actions">
                <form method="post" action={`/equipe/questions/${q.id}/publication`}>
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="publish" value={q.published_at ? '0' : '1'} />
                  <button type="submit" class={q.published_at ? 'button button-secondary' : 'button'}>
                    {t(q.published_at ? 'questions.unpublish' : 'questions.publish')}
                    <span class="visually-hidden">{` : ${q.question}`}</span>
                  </button>
                </form>
                <a href={`/equipe/questions/${q.id}?retour=revue`}>
                  {t('questions.edit')}
                  <span class="visually-hidden">{` : ${q.question}`}</span>
                </a>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('questions.review.none')}</p>
      )}
      <Pagination path="/equipe/questions" query={props.query} page={props.page} pages={props.pages} />
    </>
  );
}

/** « Questions posées en atelier » on the workshop's public page. */
export function WorkshopFaq({ questions }: { questions: PublishedQuestion[] }) {
  if (!questions.length) return null;
  return (
    <section aria-labelledby="questions">
      <h2 id="questions">{t('questions.faq.title')}</h2>
      <dl class="faq">
        {questions.map((q) => (
          <div key={q.id}>
            <dt>{q.question}</dt>
            <dd>{q.answer}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** schema.org FAQPage for the published questions. */
export function faqJsonLd(questions: PublishedQuestion[]): Record<string, unknown> | null {
  if (!questions.length) return null;
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: questions.map((q) => ({ '@type': 'Question', name: q.question, acceptedAnswer: { '@type': 'Answer', text: q.answer } })),
  };
}
