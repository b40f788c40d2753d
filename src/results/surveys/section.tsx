import { formatNumber, t, type MessageKey } from '../../platform/i18n/index.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { NEXT_STEPS, OUTCOMES, PACES } from './form.js';
import { emptyFollowUp, emptySurvey, type FollowUpFigures, type SurveyFigures } from './queries.js';
import { KeyFigureList } from '../key-figures.js';

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const share = (part: number, whole: number) => (whole > 0 ? percent.format(part / whole) : '—');
const decimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** An average score out of 5, « 4,3 / 5 », or a dash without answers. */
export const score = (sum: number, answers: number) => (answers > 0 ? t('results.surveys.score', { value: decimal.format(sum / answers) }) : '—');

/** What the participants said: the day-after survey and the follow-up three months on. */
export function SurveySection({ figures, people }: { figures: { satisfaction: SurveyFigures; followUp: FollowUpFigures } | undefined; people: boolean }) {
  const s = figures?.satisfaction ?? emptySurvey();
  const f = figures?.followUp ?? emptyFollowUp();
  const items: Array<[MessageKey, string]> = [
    ['results.surveys.answers', t('results.surveys.answers_of', { answers: formatNumber(s.answers), asked: formatNumber(s.asked), rate: share(s.answers, s.asked) })],
    ['results.surveys.usefulness', score(s.usefulnessSum, s.answers)],
    ['results.surveys.clarity', score(s.claritySum, s.answers)],
    ['results.surveys.recommend', share(s.recommend, s.answers)],
  ];
  return (
    <>
      <section aria-labelledby="satisfaction">
        <h2 id="satisfaction">{t('results.surveys.title')}</h2>
        <p>{t('results.surveys.intro')}</p>
        {people ? <p>{t('results.surveys.anonymous_filters')}</p> : null}
        <KeyFigureList items={items} />
        <DataTable
          caption={t('results.surveys.pace_caption')}
          rows={PACES.map((p, i) => ({ id: i, label: t(`surveys.pace.${p}`), n: s.pace[p] }))}
          columns={[
            { header: t('results.surveys.pace'), cell: (r) => r.label },
            { header: t('results.surveys.count'), cell: (r) => formatNumber(r.n) },
            { header: t('results.surveys.share'), cell: (r) => share(r.n, s.answers) },
          ]}
        />
        <DataTable
          caption={t('results.surveys.next_caption')}
          rows={NEXT_STEPS.map((n, i) => ({ id: i, label: t(`surveys.next.${n}`), n: s.next[n] }))}
          columns={[
            { header: t('results.surveys.next'), cell: (r) => r.label },
            { header: t('results.surveys.count'), cell: (r) => formatNumber(r.n) },
            { header: t('results.surveys.share'), cell: (r) => share(r.n, s.answers) },
          ]}
        />
      </section>
      <section aria-labelledby="suivi">
        <h2 id="suivi">{t('results.follow_up.title')}</h2>
        <p>{t('results.follow_up.intro', { answers: formatNumber(f.answers), asked: formatNumber(f.asked), rate: share(f.answers, f.asked) })}</p>
        <DataTable
          caption={t('results.follow_up.caption')}
          rows={OUTCOMES.map((o, i) => ({ id: i, label: t(`surveys.outcome.${o}`), n: f.outcomes[o] }))}
          columns={[
            { header: t('results.follow_up.outcome'), cell: (r) => r.label },
            { header: t('results.surveys.count'), cell: (r) => formatNumber(r.n) },
            { header: t('results.surveys.share'), cell: (r) => share(r.n, f.answers) },
          ]}
        />
      </section>
    </>
  );
}
