import { formatDateTime, formatNumber, t } from '../../platform/i18n/index.js';
import { DataTable } from '../../platform/layout/DataTable.js';
import { ChoroplethMap, choroplethLayout, type ChoroplethLayout, type MapArea, type MapPoint } from '../../platform/charts/ChoroplethMap.js';
import { HorizontalBars } from '../../platform/charts/HorizontalBars.js';
import type { CommuneFigure, TerritoryMapData } from './queries.js';
import { ResultsFilters } from '../filters-form.js';
import { filterQuery, type FilterOptions, type ResultsFilter } from '../filters.js';

/** A rate per 1,000 inhabitants as written: one decimal, two under 1 (so that 0,04 does not read 0). */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const digits = rate > 0 && rate < 1 ? 100 : 10;
  return formatNumber(Math.round(rate * digits) / digits);
}

const population = (c: CommuneFigure) => (c.population === null ? t('map.unknown') : formatNumber(c.population));

/** The map's (or the bars') description in words: how many communes reached out of how many, the highest rate. */
export function mapDescription(data: TerritoryMapData, kind: 'map' | 'bars'): string {
  const { communes } = data.figures;
  const reached = communes.filter((c) => c.leaders > 0);
  const top = reached.find((c) => c.rate !== null) ?? reached[0];
  if (!top) return kind === 'map' ? t('map.chart.desc_none', { total: communes.length }) : t('map.bars.none');
  const params = { reached: reached.length, total: communes.length, name: top.name, rate: formatRate(top.rate) };
  if (reached.length === 1) return kind === 'map' ? t('map.chart.desc_one', params) : t('map.bars.desc_one', params);
  return kind === 'map' ? t('map.chart.desc', params) : t('map.bars.desc', params);
}

function areaLabel(c: CommuneFigure): string {
  if (c.leaders === 0) return t('map.area.label_none', { name: c.name, population: population(c) });
  if (c.rate === null) return t('map.area.label_no_data', { name: c.name, leaders: c.leaders });
  return t('map.area.label', { name: c.name, leaders: c.leaders, rate: formatRate(c.rate) });
}

/** The map's areas and points from the data: one area per commune with a contour, the venues. */
export function mapShapes(data: TerritoryMapData): { areas: MapArea[]; points: MapPoint[] } {
  const byCode = new Map(data.figures.communes.map((c) => [c.code, c]));
  const areas = (data.contours?.collection.features ?? []).flatMap((f): MapArea[] => {
    const c = byCode.get(f.properties.code);
    return c ? [{ id: c.code, geometry: f.geometry, value: c.rate, none: c.leaders === 0, label: areaLabel(c) }] : [];
  });
  const points = data.venues.map((v): MapPoint => ({ name: v.name, latitude: v.latitude, longitude: v.longitude, areaId: v.communeCode, label: t('map.venue.label', { name: v.name }) }));
  return { areas, points };
}

export const mapLabels = () => ({
  none: t('map.legend.none'),
  noData: t('map.legend.no_data'),
  // the lowest class starts above zero: zero is the hatched « nobody reached »
  range: (from: number, to: number, index: number) => (index === 0 ? t('map.legend.first', { to: formatRate(to) }) : t('map.legend.range', { from: formatRate(from), to: formatRate(to) })),
});

/**
 * The same map as drawing instructions in a box of the given size (a PDF's, in points): path strings
 * for pdfkit's `doc.path(d)`, their fills (`hatched` marks the communes nobody was reached in), the
 * venues' points and the legend. Null without contours.
 */
export function territoryMapLayout(data: TerritoryMapData, width: number, height?: number): ChoroplethLayout | null {
  if (!data.contours) return null;
  return choroplethLayout({ ...mapShapes(data), width, height, labels: mapLabels() });
}

/**
 * The map of the territory and its figures, for the map page or a page that embeds it: the map
 * when contours are loaded (else the same figures as bars), every commune's figures in a table,
 * the communes not reached. Headings start at h2.
 */
export function TerritoryMapSection({ data, cycleName, id = 'carte', canUpload = true }: { data: TerritoryMapData; cycleName?: string | undefined; id?: string; canUpload?: boolean }) {
  const { communes, notReached } = data.figures;
  const venuesIn = new Map<string, string[]>();
  for (const v of data.venues) venuesIn.set(v.communeCode, [...(venuesIn.get(v.communeCode) ?? []), v.name]);
  const severalEpcis = new Set(communes.map((c) => c.epciCode)).size > 1;
  const shapes = data.contours ? mapShapes(data) : null;
  const reached = communes.filter((c) => c.leaders > 0);
  const missing = data.contours ? communes.length - (shapes?.areas.length ?? 0) : 0;
  return (
    <>
      <section aria-labelledby={`${id}-titre-section`}>
        <h2 id={`${id}-titre-section`}>{cycleName ? t('map.heading_of', { cycle: cycleName }) : t('map.heading_all')}</h2>
        <p>{t('map.definition')}</p>
        {shapes && data.contours ? (
          <>
            <ChoroplethMap
              id={id}
              title={t('map.chart.title')}
              description={mapDescription(data, 'map')}
              legendTitle={t('map.legend.title')}
              pointsLabel={t('map.legend.venue')}
              areas={shapes.areas}
              points={shapes.points}
              labels={mapLabels()}
            />
            <p>{t('map.contours_from', { file: data.contours.fileName, date: formatDateTime(data.contours.uploadedAt) })}</p>
            {missing > 0 ? <p>{t('map.missing_contours', { count: missing })}</p> : null}
          </>
        ) : (
          <>
            <p>
              {t('map.no_contours')} {canUpload ? <a href="/equipe/bilan/contours">{t('map.no_contours.link')}</a> : null}
            </p>
            {reached.length ? (
              <HorizontalBars
                id={`${id}-barres`}
                title={t('map.bars.title')}
                description={mapDescription(data, 'bars')}
                rows={reached.map((c) => ({ label: c.name, value: c.rate ?? 0, display: formatRate(c.rate) }))}
              />
            ) : (
              <p>{t('map.bars.none')}</p>
            )}
          </>
        )}
        {data.unlocated > 0 ? <p>{t('map.unlocated', { count: data.unlocated })}</p> : null}
      </section>
      <section aria-labelledby={`${id}-chiffres`}>
        <h2 id={`${id}-chiffres`}>{t('map.figures')}</h2>
        <DataTable
          caption={t('map.table.caption')}
          rows={communes.map((c) => ({ ...c, id: c.code }))}
          columns={[
            { header: t('map.col.commune'), cell: (c) => c.name },
            { header: t('map.col.code'), cell: (c) => c.code },
            ...(severalEpcis ? [{ header: t('map.col.epci'), cell: (c: CommuneFigure) => c.epciCode ?? '—' }] : []),
            { header: t('map.col.population'), cell: population },
            { header: t('map.col.leaders'), cell: (c) => formatNumber(c.leaders) },
            { header: t('map.col.rate'), cell: (c) => formatRate(c.rate) },
            { header: t('map.col.venue'), cell: (c) => (venuesIn.get(c.code) ?? []).join(', ') || '—' },
          ]}
        />
      </section>
      <section aria-labelledby={`${id}-cibles`}>
        <h2 id={`${id}-cibles`}>{t('map.not_reached')}</h2>
        {notReached.length ? (
          <>
            <p>{notReached.length === 1 ? t('map.not_reached.intro_one') : t('map.not_reached.intro', { count: notReached.length })}</p>
            <DataTable
              caption={t('map.not_reached.caption')}
              rows={notReached.map((c) => ({ ...c, id: c.code }))}
              columns={[
                { header: t('map.col.commune'), cell: (c) => c.name },
                { header: t('map.col.code'), cell: (c) => c.code },
                { header: t('map.col.population'), cell: population },
              ]}
            />
          </>
        ) : (
          <p>{t('map.not_reached.none')}</p>
        )}
      </section>
    </>
  );
}

export function MapPage({ options, filter, data, canUpload }: { options: FilterOptions; filter: ResultsFilter; data: TerritoryMapData; canUpload: boolean }) {
  const chosen = options.cycles.find((c) => c.id === filter.cycleId);
  return (
    <>
      <p class="breadcrumb">
        <a href={`/equipe/bilan${filterQuery(filter)}`}>{t('map.back')}</a>
      </p>
      <h1>{t('map.title')}</h1>
      <p>{t('map.intro')}</p>
      <ResultsFilters action="/equipe/bilan/carte" options={options} filter={filter} />
      <TerritoryMapSection data={data} cycleName={chosen?.name} canUpload={canUpload} />
      {canUpload ? (
        <p class="actions">
          <a href="/equipe/bilan/contours">{t('map.upload_link')}</a>
        </p>
      ) : null}
    </>
  );
}
