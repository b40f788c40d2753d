import { formatDate, formatSlot, t, type MessageKey } from '../../platform/i18n/index.js';
import { CheckboxGroup, CsrfField, ErrorSummary, RadioGroup, TextAreaField, type FieldErrors } from '../../platform/layout/forms.js';
import type { FormValues } from '../../platform/forms.js';
import type { SurveyInvitation } from './commands.js';
import { MessageBody } from '../../platform/http/errors.js';
import { COMMENT_MAX, NEXT_STEPS, OUTCOMES, PACES, SCORES } from './form.js';

const scores = SCORES.map((s) => ({ value: s, label: t(`surveys.score.${s}` as MessageKey) }));

function About({ inv }: { inv: SurveyInvitation }) {
  return <p class="lead">{t('surveys.about', { workshop: inv.workshop, date: formatSlot(inv.starts_at, inv.ends_at), venue: inv.venue })}</p>;
}

/** The survey: one question per fieldset, each answered in one tap; works without JavaScript. */
export function SurveyPage({ inv, action, csrf, values, checked, errors }: { inv: SurveyInvitation; action: string; csrf: string; values: FormValues; checked: string[]; errors: FieldErrors }) {
  const satisfaction = inv.kind === 'satisfaction';
  const labels: Record<string, string> = satisfaction
    ? { usefulness: t('surveys.usefulness'), clarity: t('surveys.clarity'), pace: t('surveys.pace'), recommend: t('surveys.recommend'), next: t('surveys.next'), comment: t('surveys.comment') }
    : { outcomes: t('surveys.outcomes'), comment: t('surveys.comment') };
  return (
    <section class="narrow">
      <h1>{t(satisfaction ? 'surveys.satisfaction.title' : 'surveys.follow_up.title')}</h1>
      <About inv={inv} />
      <p>{t('surveys.anonymous')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField token={csrf} />
        {satisfaction ? (
          <>
            <RadioGroup name="usefulness" legend={labels.usefulness!} hint={t('surveys.score.hint')} options={scores} value={values.usefulness} errors={errors} required inline />
            <RadioGroup name="clarity" legend={labels.clarity!} hint={t('surveys.score.hint')} options={scores} value={values.clarity} errors={errors} required inline />
            <RadioGroup name="pace" legend={labels.pace!} options={PACES.map((p) => ({ value: p, label: t(`surveys.pace.${p}`) }))} value={values.pace} errors={errors} required inline />
            <RadioGroup name="recommend" legend={labels.recommend!} options={[{ value: 'oui', label: t('surveys.yes') }, { value: 'non', label: t('surveys.no') }]} value={values.recommend} errors={errors} required inline />
            <CheckboxGroup name="next" legend={labels.next!} hint={t('surveys.next.hint')} options={NEXT_STEPS.map((n) => ({ value: n, label: t(`surveys.next.${n}`) }))} checked={checked} errors={errors} />
          </>
        ) : (
          <CheckboxGroup name="outcomes" legend={labels.outcomes!} hint={t('surveys.outcomes.hint')} options={OUTCOMES.map((o) => ({ value: o, label: t(`surveys.outcome.${o}`) }))} checked={checked} errors={errors} required />
        )}
        <TextAreaField name="comment" label={labels.comment!} hint={t('surveys.comment.hint')} value={values.comment} errors={errors} maxLength={COMMENT_MAX} />
        <button type="submit" class="button">
          {t('surveys.submit')}
        </button>
      </form>
    </section>
  );
}

/** After answering, or a link already used, closed or unknown: a short page that says so. */
export function SurveyMessage({ state, answeredOn }: { state: 'thanks' | 'answered' | 'expired' | 'unknown'; answeredOn?: string | null }) {
  return <MessageBody title={t(`surveys.${state}.title`)} text={t(`surveys.${state}.body`, { date: answeredOn ? formatDate(`${answeredOn}T12:00:00.000Z`) : '' })} />;
}
