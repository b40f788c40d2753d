import { formatDate, formatNumber, LOCALE, t } from '../../platform/i18n/index.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { OneFilter, PlanningNav, Pagination } from '../../planning/ui.js';
import type { FlaggedParticipant, WorkshopNoShows } from './queries.js';

/** A visible, textual flag beside a person with repeated no-shows (not colour alone); nothing below the threshold. */
export function NoShowFlag({ count, threshold }: { count: number; threshold: number }) {
  if (count < threshold) return null;
  return <span class="badge badge-warning">{count === 1 ? t('noshows.flag_one') : t('noshows.flag', { count })}</span>;
}

const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 });
/** « 12,5 % » (a narrow no-break space before %, as French typography wants); « — » with nothing to divide. */
export const rate = (part: number, whole: number) => (whole > 0 ? percent.format(part / whole) : '—');

/** The CSV export of the flagged list, with the same cycle filter as the page. */
const exportHref = (cycleId: number | null) => (cycleId === null ? '/equipe/absences.csv' : `/equipe/absences.csv?session=${cycleId}`);

export function NoShowsPage(props: {
  flagged: FlaggedParticipant[];
  workshops: WorkshopNoShows[];
  threshold: number;
  cycles: Array<{ id: number; name: string }>;
  cycleId: number | null;
  page: number;
  pages: number;
  query: Record<string, string>;
}) {
  const { flagged, workshops, threshold } = props;
  return (
    <>
      <PlanningNav current="" />
      <h1>{t('noshows.title')}</h1>
      <p>{t('noshows.intro', { threshold })}</p>
      <OneFilter action="/equipe/absences" name="session" label={t('noshows.cycle')} allLabel={t('noshows.all_cycles')} options={props.cycles.map((c) => ({ id: c.id, label: c.name }))} value={props.cycleId} />
      <h2>{t('noshows.people.title')}</h2>
      {flagged.length ? (
        <>
          <p>
            <a href={exportHref(props.cycleId)} download>
              {t('noshows.export')}
            </a>
          </p>
          <DataTable
            caption={t('noshows.people.caption', { threshold })}
            rows={flagged}
            columns={[
              { header: t('noshows.col.person'), cell: (r) => `${r.first_name} ${r.last_name}` },
              { header: t('noshows.col.company'), cell: (r) => r.company_name ?? '—' },
              { header: t('noshows.col.commune'), cell: (r) => r.commune_name ?? '—' },
              { header: t('noshows.col.absent'), cell: (r) => formatNumber(Number(r.absent)) },
              { header: t('noshows.col.excused'), cell: (r) => formatNumber(Number(r.excused)) },
              { header: t('noshows.col.present'), cell: (r) => formatNumber(Number(r.present)) },
              { header: t('noshows.col.last'), cell: (r) => (r.last_absent_at ? formatDate(r.last_absent_at) : '—') },
              { header: t('noshows.col.email'), cell: (r) => <a href={`mailto:${r.email}`}>{r.email}</a> },
            ]}
          />
        </>
      ) : (
        <p>{t('noshows.people.none', { threshold })}</p>
      )}
      <Pagination path="/equipe/absences" query={props.query} page={props.page} pages={props.pages} />
      <h2>{t('noshows.workshops.title')}</h2>
      {workshops.length ? (
        <DataTable
          caption={t('noshows.workshops.caption')}
          rows={workshops}
          columns={[
            { header: t('noshows.col.workshop'), cell: (w) => w.title },
            { header: t('noshows.col.sessions'), cell: (w) => formatNumber(Number(w.sessions)) },
            { header: t('noshows.col.confirmed'), cell: (w) => formatNumber(Number(w.confirmed)) },
            { header: t('noshows.col.present'), cell: (w) => formatNumber(Number(w.present)) },
            { header: t('noshows.col.absent'), cell: (w) => formatNumber(Number(w.absent)) },
            { header: t('noshows.col.excused'), cell: (w) => formatNumber(Number(w.excused)) },
            { header: t('noshows.col.walk_ins'), cell: (w) => formatNumber(Number(w.walk_ins)) },
            { header: t('noshows.col.rate'), cell: (w) => rate(Number(w.absent), Number(w.confirmed)) },
          ]}
        />
      ) : (
        <p>{t('noshows.workshops.none')}</p>
      )}
    </>
  );
}
