import { d3Scale } from './d3.js';

export interface HorizontalBarsProps {
  id: string;
  title: string;
  description: string;
  /** One bar per row, in the order given; `display` is the value as written beside the bar. */
  rows: Array<{ label: string; value: number; display: string }>;
  width?: number;
}

/**
 * Horizontal bars, one per row, its label on the left and its value written at its end: scales
 * from d3 (d3-scale's band and linear), drawn as server-side SVG. An image with its title and
 * description; the figures are in a table beside it (WCAG 1.1.1).
 */
export function HorizontalBars({ id, title, description, rows, width = 640 }: HorizontalBarsProps) {
  const rowHeight = 22;
  const top = 8;
  const labelWidth = Math.min(240, 16 + 7 * Math.max(4, ...rows.map((r) => r.label.length)));
  const valueWidth = 16 + 7 * Math.max(1, ...rows.map((r) => r.display.length));
  const height = top + rows.length * rowHeight + 8;
  const x = d3Scale().scaleLinear()
    .domain([0, Math.max(0, ...rows.map((r) => r.value)) || 1])
    .range([labelWidth, width - valueWidth]);
  const y = d3Scale().scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([top, top + rows.length * rowHeight])
    .paddingInner(0.25)
    .paddingOuter(0.1);
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-titre ${id}-desc`} id={id}>
      <title id={`${id}-titre`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {rows.map((r, i) => {
        const top = y(i) ?? 0;
        const end = x(r.value);
        return (
          <g key={i}>
            <text x={labelWidth - 8} y={top + y.bandwidth() / 2 + 4} text-anchor="end" class="chart-text">
              {r.label}
            </text>
            <rect x={labelWidth} y={top} width={Math.max(0, end - labelWidth)} height={y.bandwidth()} fill="#2c7fb8">
              <title>{`${r.label} : ${r.display}`}</title>
            </rect>
            <text x={end + 6} y={top + y.bandwidth() / 2 + 4} class="chart-text">
              {r.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
