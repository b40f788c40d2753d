import { t } from '../../platform/i18n/index.js';
import { NEXT_STEPS, OUTCOMES, PACES } from './form.js';
import type { FollowUpFigures, SurveyFigures } from './queries.js';

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const share = (part: number, whole: number) => (whole > 0 ? percent.format(part / whole) : '—');
const mean = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 10) / 10 : '—');

export interface ReportSection {
  title: string;
  rows: Array<[label: string, value: string | number]>;
}

/**
 * The surveys as sections of the funder's report (PDF and spreadsheet alike): satisfaction and what
 * the leaders put in place three months on. Counts stay numbers (a spreadsheet can add them up).
 */
export function surveySections(f: { satisfaction: SurveyFigures; followUp: FollowUpFigures }): ReportSection[] {
  const s = f.satisfaction;
  const o = f.followUp;
  return [
    {
      title: t('results.surveys.title'),
      rows: [
        [t('results.report.asked'), s.asked],
        [t('results.report.answers'), s.answers],
        [t('results.report.answer_rate'), share(s.answers, s.asked)],
        [t('results.report.usefulness'), mean(s.usefulnessSum, s.answers)],
        [t('results.report.clarity'), mean(s.claritySum, s.answers)],
        [t('results.surveys.recommend'), share(s.recommend, s.answers)],
        ...PACES.map((p): [string, number] => [`${t('results.surveys.pace')} : ${t(`surveys.pace.${p}`)}`, s.pace[p]]),
        ...NEXT_STEPS.map((n): [string, number] => [`${t('results.surveys.next')} ${t(`surveys.next.${n}`)}`, s.next[n]]),
      ],
    },
    {
      title: t('results.follow_up.title'),
      rows: [
        [t('results.report.asked'), o.asked],
        [t('results.report.answers'), o.answers],
        [t('results.report.answer_rate'), share(o.answers, o.asked)],
        ...OUTCOMES.map((k): [string, number] => [t(`surveys.outcome.${k}`), o.outcomes[k]]),
      ],
    },
  ];
}
