import type { ComponentChildren } from 'preact';
import { formatDateTime, formatNumber, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, FileField, type FieldErrors } from '../../platform/layout/forms.js';
import type { ContourReport } from './contours.js';
import type { StoredContours } from './queries.js';


function Names({ items, none, more }: { items: string[]; none: string; more: number }) {
  if (!items.length && !more) return <>{none}</>;
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
      {more > 0 ? <li>{t('map.report.more', { count: more })}</li> : null}
    </ul>
  );
}

const named = (code: string, name: string | null) => `${code} (${name ?? t('map.report.unnamed')})`;

/** What an upload matched: counts, and the contours or communes that need a look. */
export function ContourReportView({ report }: { report: ContourReport }) {
  const none = t('map.report.none');
  const noneF = t('map.report.none_f');
  const rows: Array<[string, ComponentChildren]> = [
    ...(report.layer !== null ? ([[t('map.report.layer'), report.layer]] as Array<[string, string]>) : []),
    [t('map.report.features'), formatNumber(report.features)],
    [t('map.report.matched'), t('map.report.matched_value', { matched: report.matched, communes: report.communes })],
    [t('map.report.merged'), <Names items={report.merged.map((m) => t('map.report.merged_item', { formerCode: m.formerCode, formerName: m.formerName ?? t('map.report.unnamed'), name: m.name, code: m.code }))} none={none} more={0} />],
    [t('map.report.outside'), <Names items={report.outside.map((o) => named(o.code, o.name))} none={none} more={report.outsideCount - report.outside.length} />],
    [t('map.report.without_code'), <Names items={report.withoutCode.map((w) => w.name ?? t('map.report.unnamed'))} none={none} more={report.withoutCodeCount - report.withoutCode.length} />],
    ...(report.withoutArea.length ? ([[t('map.report.without_area'), <Names items={report.withoutArea.map((w) => named(w.code, w.name))} none={none} more={0} />]] as Array<[string, ComponentChildren]>) : []),
    [t('map.report.missing'), <Names items={report.missing.map((m) => named(m.code, m.name))} none={noneF} more={0} />],
  ];
  return (
    <section aria-labelledby="rapport">
      <h2 id="rapport">{t('map.report.title')}</h2>
      <dl class="facts contour-report">
        {rows.map(([term, value], i) => (
          <div key={i}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ContoursPage({ csrf, current, errors }: { csrf: string; current: Omit<StoredContours, 'collection'> | null; errors: FieldErrors }) {
  return (
    <>
      <p class="breadcrumb">
        <a href="/equipe/bilan/carte">{t('map.contours.see_map')}</a>
      </p>
      <h1>{t('map.contours.title')}</h1>
      <p>{t('map.contours.intro')}</p>
      <ErrorSummary errors={errors} labels={{ fichier: t('map.contours.file') }} />
      <form method="post" action="/equipe/bilan/contours" enctype="multipart/form-data" novalidate>
        <CsrfField token={csrf} />
        <FileField label={t('map.contours.file')} hint={t('map.contours.file.hint')} accept=".geojson,.topojson,.json,application/geo+json,application/json" errors={errors} />
        <p class="actions">
          <button type="submit" class="button">
            {current ? t('map.contours.replace') : t('map.contours.submit')}
          </button>
        </p>
      </form>
      <section aria-labelledby="en-place">
        <h2 id="en-place">{t('map.contours.current')}</h2>
        {current ? (
          <>
            <p>
              {current.uploadedBy
                ? t('map.contours.current.by', { file: current.fileName, date: formatDateTime(current.uploadedAt), who: current.uploadedBy })
                : t('map.contours.current.text', { file: current.fileName, date: formatDateTime(current.uploadedAt) })}
            </p>
            <form method="post" action="/equipe/bilan/contours/retirer">
              <CsrfField token={csrf} />
              <p class="hint" id="retirer-aide">
                {t('map.contours.remove.hint')}
              </p>
              <button type="submit" class="button danger" aria-describedby="retirer-aide">
                {t('map.contours.remove')}
              </button>
            </form>
          </>
        ) : (
          <p>{t('map.contours.none')}</p>
        )}
      </section>
      {current ? <ContourReportView report={current.report} /> : null}
    </>
  );
}
