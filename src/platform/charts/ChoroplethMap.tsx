import type { GeoProjection } from 'd3-geo';
import { d3Geo, d3Scale } from './d3.js';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/**
 * Five classes of a sequential palette that stays readable with the common colour blindnesses and
 * in grey (ColorBrewer YlGnBu, Cynthia Brewer, Apache 2.0 licence), light to dark.
 */
export const SEQUENTIAL_PALETTE = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
/** Areas where the figure is zero: light grey, hatched on screen (a PDF may hatch it too). */
export const NONE_FILL = '#e3e3e3';
export const HATCH_STROKE = '#8a8a8a';
/** Areas without a figure (no population known). */
export const NO_DATA_FILL = '#ffffff';

export interface MapArea {
  id: string;
  geometry: Polygon | MultiPolygon;
  /** The figure that sets the colour; null when `none` or when it cannot be computed. */
  value: number | null;
  /** Nothing to show here (e.g. nobody reached): hatched grey, apart from the classes. */
  none: boolean;
  /** The area's tooltip: its name and its figure in words. */
  label: string;
}

export interface MapPoint {
  name: string;
  latitude: number | null;
  longitude: number | null;
  /** Without coordinates, the point is placed at the centroid of this area. */
  areaId?: string | undefined;
  label: string;
}

export interface ChoroplethInput {
  areas: MapArea[];
  points?: MapPoint[] | undefined;
  width: number;
  /** Omitted: the height that fits the areas at this width (at most 1.4 × the width). */
  height?: number | undefined;
  margin?: number | undefined;
  /** `range` names a class by its bounds (index 0 is the lowest class). */
  labels: { none: string; noData: string; range: (from: number, to: number, index: number) => string };
}

export interface ChoroplethLayout {
  width: number;
  height: number;
  areas: Array<{ id: string; d: string; fill: string; hatched: boolean; label: string }>;
  points: Array<{ name: string; x: number; y: number; label: string }>;
  legend: Array<{ fill: string; hatched: boolean; label: string }>;
}

/** A conformal conic projection whose standard parallels sit at a sixth from the top and the bottom of the areas. */
function projectionFor(collection: FeatureCollection): GeoProjection {
  const [[west, south], [east, north]] = d3Geo().geoBounds(collection);
  const span = north - south;
  return d3Geo().geoConicConformal()
    .rotate([-(west + east) / 2, 0])
    .parallels([south + span / 6, north - span / 6]);
}

/**
 * The map as drawing instructions, for any writer: SVG path strings (also what pdfkit's `doc.path(d)`
 * takes), fills from a quantize scale of the values in five classes, the projected points, and the
 * legend. The projection is fitted to the areas within the given box.
 */
export function choroplethLayout(input: ChoroplethInput): ChoroplethLayout {
  const margin = input.margin ?? 8;
  const { width } = input;
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: input.areas.map((a): Feature => ({ type: 'Feature', id: a.id, properties: {}, geometry: a.geometry })),
  };
  const projection = projectionFor(collection);
  let height = input.height;
  if (height === undefined) {
    projection.fitWidth(width - 2 * margin, collection);
    const [[, top], [, bottom]] = d3Geo().geoPath(projection).bounds(collection);
    height = Math.min(Math.ceil(bottom - top) + 2 * margin, Math.round(width * 1.4));
  }
  projection.fitExtent([[margin, margin], [width - margin, height - margin]], collection);
  const path = d3Geo().geoPath(projection).digits(1);

  const values = input.areas.filter((a) => !a.none && a.value !== null).map((a) => a.value!);
  const max = Math.max(0, ...values);
  const scale = d3Scale().scaleQuantize<string>().domain([0, max > 0 ? max : 1]).nice().range(SEQUENTIAL_PALETTE);
  const fillOf = (a: MapArea) => (a.none ? NONE_FILL : a.value === null ? NO_DATA_FILL : scale(a.value));

  const areas = input.areas.map((a, i) => ({ id: a.id, d: path(collection.features[i]!) ?? '', fill: fillOf(a), hatched: a.none, label: a.label }));
  const byId = new Map(input.areas.map((a, i) => [a.id, collection.features[i]!]));
  const points = (input.points ?? []).flatMap((p) => {
    const area = p.areaId === undefined ? undefined : byId.get(p.areaId);
    const where: [number, number] | undefined = p.latitude !== null && p.longitude !== null ? [p.longitude, p.latitude] : area ? d3Geo().geoCentroid(area) : undefined;
    const xy = where ? projection(where) : null;
    return xy ? [{ name: p.name, x: Math.round(xy[0] * 10) / 10, y: Math.round(xy[1] * 10) / 10, label: p.label }] : [];
  });

  const legend: ChoroplethLayout['legend'] = [];
  if (values.length) {
    const [low, high] = scale.domain() as [number, number];
    const bounds = [low, ...scale.thresholds(), high];
    SEQUENTIAL_PALETTE.forEach((fill, i) => legend.push({ fill, hatched: false, label: input.labels.range(bounds[i]!, bounds[i + 1]!, i) }));
  }
  if (input.areas.some((a) => a.none)) legend.push({ fill: NONE_FILL, hatched: true, label: input.labels.none });
  if (input.areas.some((a) => !a.none && a.value === null)) legend.push({ fill: NO_DATA_FILL, hatched: false, label: input.labels.noData });
  return { width, height, areas, points, legend };
}

export interface ChoroplethMapProps extends Omit<ChoroplethInput, 'width'> {
  id: string;
  title: string;
  /** The map in words: what it shows, its extremes. The figures themselves go in a table beside it. */
  description: string;
  legendTitle: string;
  /** The points' line in the legend (e.g. « Lieu des ateliers »). */
  pointsLabel?: string | undefined;
  width?: number | undefined;
}

/**
 * A choropleth map drawn on the server as SVG with d3-geo: one path per area with its tooltip
 * title, the points with their names, a legend. An image for assistive technologies, named by its
 * title and described in words; the figures are in a table beside it (WCAG 1.1.1).
 */
export function ChoroplethMap(props: ChoroplethMapProps) {
  const { id } = props;
  const map = choroplethLayout({ ...props, width: props.width ?? 640 });
  const hatch = `${id}-aucun`;
  const legendItems = [...map.legend, ...(props.pointsLabel && map.points.length ? [{ fill: '', hatched: false, label: props.pointsLabel }] : [])];
  const legendTop = map.height + 12;
  const height = legendTop + 22 + legendItems.length * 22 + 4;
  const fill = (item: { fill: string; hatched: boolean }) => (item.hatched ? `url(#${hatch})` : item.fill);
  return (
    <svg class="chart chart-map" viewBox={`0 0 ${map.width} ${height}`} role="img" aria-labelledby={`${id}-titre ${id}-desc`} id={id}>
      <title id={`${id}-titre`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.description}</desc>
      <defs>
        <pattern id={hatch} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={NONE_FILL} />
          <line x1="0" y1="0" x2="0" y2="6" stroke={HATCH_STROKE} stroke-width="1.5" />
        </pattern>
      </defs>
      <g stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">
        {map.areas.map((a) => (
          <path key={a.id} d={a.d} fill={fill(a)} data-code={a.id}>
            <title>{a.label}</title>
          </path>
        ))}
      </g>
      <g>
        {map.points.map((p, i) => {
          const left = p.x > map.width - 170;
          return (
            <g key={i}>
              <circle cx={p.x} cy={p.y} r="5" fill="#b34000" stroke="#ffffff" stroke-width="1.5">
                <title>{p.label}</title>
              </circle>
              <text x={left ? p.x - 8 : p.x + 8} y={p.y + 4} text-anchor={left ? 'end' : 'start'} class="chart-text" stroke="#ffffff" stroke-width="3" paint-order="stroke">
                {p.name}
              </text>
            </g>
          );
        })}
      </g>
      <text x="10" y={legendTop + 12} class="chart-text chart-strong">
        {props.legendTitle}
      </text>
      {legendItems.map((item, i) => (
        <g key={i} transform={`translate(10, ${legendTop + 22 + i * 22})`}>
          {item.fill ? <rect width="18" height="14" fill={fill(item)} stroke="#5c6670" stroke-width="0.5" /> : <circle cx="9" cy="7" r="5" fill="#b34000" stroke="#ffffff" stroke-width="1.5" />}
          <text x="26" y="12" class="chart-text">
            {item.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
