import { d3Scale, d3Shape } from './d3.js';

/** Colours of the series, distinct for the common forms of colour blindness (Okabe–Ito), each with a text label in the legend. */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#555555'];

export interface StackedBarsProps {
  id: string;
  title: string;
  description: string;
  /** One bar per row (e.g. a cycle), one segment per key (e.g. a sector). */
  rows: Array<{ label: string; values: Record<string, number> }>;
  keys: Array<{ key: string; label: string }>;
}

/**
 * Horizontal bars of 100 %, one per row, split by key: scales and stacking from d3 (d3-scale,
 * d3-shape), drawn as server-side SVG. An image with its title and description for assistive
 * technologies; the figures themselves are in a table beside it (WCAG 1.1.1). Each segment also
 * carries a tooltip title.
 */
export function StackedBars({ id, title, description, rows, keys }: StackedBarsProps) {
  const width = 640;
  const barHeight = 26;
  const rowHeight = barHeight + 30; // the row's label sits above its bar, so long cycle names fit
  const legendHeight = 24 * Math.ceil(keys.length / 4) + 8;
  const top = legendHeight + 22;
  const bottom = top + Math.max(0, rows.length - 1) * rowHeight + barHeight;
  const height = bottom + 8;
  const data = rows.map((r) => Object.fromEntries(keys.map((k) => [k.key, r.values[k.key] ?? 0])) as Record<string, number>);
  const series = d3Shape().stack<Record<string, number>>()
    .keys(keys.map((k) => k.key))
    .offset(d3Shape().stackOffsetExpand)(data);
  const x = d3Scale().scaleLinear().domain([0, 1]).range([10, width - 10]);
  const y = d3Scale().scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([top, bottom])
    .paddingInner(1 - barHeight / rowHeight)
    .paddingOuter(0);
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-titre ${id}-desc`} id={id}>
      <title id={`${id}-titre`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {keys.map((k, i) => (
        <g key={k.key} transform={`translate(${10 + (i % 4) * 155}, ${8 + Math.floor(i / 4) * 24})`}>
          <rect width="14" height="14" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} />
          <text x="20" y="12" class="chart-text">
            {k.label}
          </text>
        </g>
      ))}
      {rows.map((r, i) => (
        <text key={`l${i}`} x={10} y={(y(i) ?? 0) - 6} class="chart-text">
          {r.label}
        </text>
      ))}
      {series.map((s, k) => (
        <g key={s.key} fill={SERIES_COLOURS[k % SERIES_COLOURS.length]}>
          {s.map((d, i) =>
            d[1] > d[0] ? (
              <rect key={i} x={x(d[0])} y={y(i)} width={Math.max(0, x(d[1]) - x(d[0]))} height={y.bandwidth()} stroke="#ffffff" stroke-width="1">
                <title>{`${rows[i]!.label} — ${keys[k]!.label} : ${Math.round((d[1] - d[0]) * 100)} %`}</title>
              </rect>
            ) : null,
          )}
        </g>
      ))}
    </svg>
  );
}
