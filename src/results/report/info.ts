/** What every format of the report says about itself: title, author, subject, file names. */
import { t } from '../../platform/i18n/index.js';
import { asciiSlug } from '../../platform/pdf/text.js';
import type { ReportData } from './data.js';

export function reportDocumentInfo(data: Pick<ReportData, 'programme' | 'territory' | 'cycle'>) {
  const { programme, territory, cycle } = data;
  return {
    Title: `${t('report.title', { cycle: cycle.name })} — ${programme.name}`,
    Author: programme.publisher,
    Subject: programme.funder.trim()
      ? t('report.subject', { funder: programme.funder.trim(), programme: programme.name, territory: territory.name })
      : t('report.subject_no_funder', { programme: programme.name, territory: territory.name }),
    Creator: programme.name,
  };
}

/** « 4e-session »: the cycle's name in plain ASCII, its number when the name has no letter or digit. */
export function cycleSlug(cycle: { number: number; name: string }): string {
  return asciiSlug(cycle.name, 50) || `session-${cycle.number}`;
}

/** « bilan-4e-session.pdf », « bilan-4e-session-secteurs.csv » */
export function reportFilename(cycle: { number: number; name: string }, ext: 'pdf' | 'xlsx' | { table: string }): string {
  const slug = cycleSlug(cycle);
  return typeof ext === 'string' ? t('report.filename', { slug, ext }) : t('report.filename_table', { slug, table: ext.table });
}
