import { formatNumber, t } from '../../platform/i18n/index.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { PlanningNav } from '../../planning/ui.js';
import type { CycleIndicators } from './queries.js';

const days = (n: number | null) => (n === null ? '—' : t('ondemand.indicators.days', { days: formatNumber(Math.round(n * 10) / 10) }));

export function IndicatorsPage({ rows }: { rows: CycleIndicators[] }) {
  return (
    <>
      <PlanningNav current="/equipe/demandes" />
      <h1>{t('ondemand.indicators.title')}</h1>
      <p>{t('ondemand.indicators.intro')}</p>
      <DataTable
        caption={t('ondemand.indicators.caption')}
        rows={rows.map((r) => ({ ...r, id: r.cycleId }))}
        columns={[
          { header: t('ondemand.indicators.cycle'), cell: (r) => r.name },
          { header: t('ondemand.indicators.received'), cell: (r) => formatNumber(r.received) },
          { header: t('ondemand.indicators.scheduled'), cell: (r) => formatNumber(r.scheduled) },
          { header: t('ondemand.indicators.withdrawn'), cell: (r) => formatNumber(r.withdrawn) },
          { header: t('ondemand.indicators.median'), cell: (r) => days(r.medianDays) },
          { header: t('ondemand.indicators.sessions'), cell: (r) => formatNumber(r.onDemandSessions) },
          { header: t('ondemand.indicators.waitlisted'), cell: (r) => formatNumber(r.waitlisted) },
        ]}
      />
    </>
  );
}
