/**
 * The funder's report of a cycle as a PDF (pdfkit, A4, standard Helvetica as the other documents):
 * title block, key figures, charts by sector and by company size, the territory (a map when one is
 * drawn, else the communes reached), tables by commune, intercommunality and size, the sessions
 * held, the extra sections, and « Page n sur N » at the foot of every page.
 */
import { loadPdfKit } from '../../platform/pdf/load.js';
import { formatNumber, formatTime, LOCALE, t, TIME_ZONE } from '../../platform/i18n/index.js';
import { drawOneLine, fitLines, pdfToBuffer } from '../../platform/pdf/text.js';
import { rate, rates } from '../views.js';
import type { BreakdownRow, ReportData } from './data.js';
import { reportDocumentInfo } from './info.js';
import { BLACK, drawable, Flow, GREY, TINT, writeFooters, type Doc, type TableColumn } from './pdf-layout.js';

export interface MapBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ReportPdfOptions {
  /**
   * Draws the territory's map inside `box` (points, on the current page). When given, the report has
   * a « Carte du territoire » section drawn by it; when absent, that section lists the communes reached.
   */
  drawMap?: (doc: PDFKit.PDFDocument, box: MapBox) => void;
  /** How many communes the commune table names before « Autres communes » (default 15). */
  topCommunes?: number;
}

const MARGIN = 50;
const MAP_HEIGHT = 420;

const longDate = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const calendarDate = new Intl.DateTimeFormat(LOCALE, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const firstOfMonth = (s: string) => s.replace(/^1 /, '1er ');

/** « 4 décembre 2026 », « 1er décembre 2026 »: the day an instant falls on in Paris. */
export const formatReportDate = (instant: string) => firstOfMonth(longDate.format(new Date(instant)));
/** A calendar date (YYYY-MM-DD) in words: « 1er septembre 2026 ». */
export const formatCalendarDate = (date: string) => firstOfMonth(calendarDate.format(new Date(`${date}T00:00:00Z`)));
/** Hours to one decimal, French format: « 12,5 ». */
export const formatHours = (h: number) => formatNumber(Math.round(h * 10) / 10);

export async function renderReportPdf(data: ReportData, options: ReportPdfOptions = {}): Promise<Buffer> {
  return (await renderReportPdfCounted(data, options)).pdf;
}

/** The PDF and its number of pages (the download page says it). */
export async function renderReportPdfCounted(data: ReportData, options: ReportPdfOptions = {}): Promise<{ pdf: Buffer; pages: number }> {
  const PDFDocument = await loadPdfKit();
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: reportDocumentInfo(data),
  });
  const done = pdfToBuffer(doc);
  const flow = new Flow(doc);

  titleBlock(flow, data);
  keyFigures(flow, data);

  flow.newPage();
  const leaders = data.figures.leaders;
  const barRows = (rows: BreakdownRow[]) => rows.map((r) => ({ label: r.label, value: r.participants, note: t('report.bar_value', { n: r.participants, share: rate(r.participants, leaders) }) }));
  flow.heading(t('report.sectors'), 200);
  flow.paragraph(t('report.sectors.chart'), { size: 9, color: GREY });
  flow.gap(6);
  flow.bars(barRows(data.bySector));
  flow.gap(14);
  flow.heading(t('report.sizes'), 200);
  flow.paragraph(t('report.sizes.chart'), { size: 9, color: GREY });
  flow.gap(6);
  flow.bars(barRows(data.bySize));

  flow.newPage();
  territorySection(flow, data, options);

  communeTable(flow, data, options.topCommunes ?? 15);
  flow.gap(10);
  flow.heading(t('report.epcis'));
  flow.table(breakdownColumns(t('report.col.epci')), data.byEpci.map((r) => breakdownCells(r, leaders)));
  flow.gap(10);
  flow.heading(t('report.sizes'));
  flow.table(breakdownColumns(t('report.col.size')), data.bySize.map((r) => breakdownCells(r, leaders)));

  flow.gap(10);
  sessionsTable(flow, data);

  for (const section of data.extraSections) {
    flow.gap(10);
    flow.heading(section.title);
    flow.table(
      [
        { header: t('report.col.label'), share: 3 },
        { header: t('report.col.value'), share: 1.4, align: 'right' },
      ],
      section.rows.map(([label, value]) => [label, typeof value === 'number' ? formatNumber(value) : value]),
    );
  }

  writeFooters(doc, t('report.footer', { programme: data.programme.name, cycle: data.cycle.name }), (n, total) => t('report.page', { n, total }));
  const pages = doc.bufferedPageRange().count;
  doc.end();
  return { pdf: await done, pages };
}

function titleBlock(flow: Flow, data: ReportData): void {
  const { doc } = flow;
  flow.paragraph(data.programme.name, { bold: true, size: 12 });
  flow.paragraph(data.territory.name, { size: 10, color: GREY });
  flow.gap(4);
  doc.moveTo(flow.left, flow.y).lineTo(flow.left + flow.width, flow.y).lineWidth(0.5).strokeColor(GREY).stroke();
  flow.gap(44);
  flow.paragraph(t('report.title', { cycle: data.cycle.name }), { bold: true, size: 24, maxLines: 3 });
  flow.gap(2);
  flow.paragraph(t('report.subtitle', { programme: data.programme.name }), { size: 13, maxLines: 2 });
  flow.gap(14);
  if (data.programme.funder.trim()) flow.paragraph(t('report.funder', { funder: data.programme.funder.trim() }), { size: 11, maxLines: 3 });
  flow.paragraph(t('report.territory', { territory: data.territory.name }), { size: 11 });
  flow.paragraph(t('report.period', { from: formatCalendarDate(data.cycle.startsOn), to: formatCalendarDate(data.cycle.endsOn) }), { size: 11 });
  flow.paragraph(t('report.made_on', { date: formatReportDate(data.generatedAt) }), { size: 11, color: GREY });
  flow.gap(30);
}

/** Eight boxes, four by row: the figure large, what it counts below. */
function keyFigures(flow: Flow, data: ReportData): void {
  const { doc } = flow;
  const f = data.figures;
  const r = rates(f);
  const items: Array<[string, string]> = [
    [t('results.leaders'), formatNumber(f.leaders)],
    [t('results.companies'), formatNumber(f.companies)],
    [t('results.registrations'), formatNumber(f.registrations)],
    [t('results.sessions_held'), formatNumber(f.sessionsHeld)],
    [t('results.attendance_rate'), r.attendance],
    [t('results.no_show_rate'), r.noShow],
    [t('results.fill_rate'), r.fill],
    [t('results.participant_hours'), formatHours(data.participantHours)],
  ];
  flow.heading(t('report.figures'), 180);
  const perRow = 4;
  const gutter = 8;
  const boxWidth = (flow.width - (perRow - 1) * gutter) / perRow;
  const boxHeight = 74;
  for (let i = 0; i < items.length; i += perRow) {
    flow.ensure(boxHeight + gutter);
    items.slice(i, i + perRow).forEach(([label, value], k) => {
      const x = flow.left + k * (boxWidth + gutter);
      doc.rect(x, flow.y, boxWidth, boxHeight).fillColor(TINT).fill();
      doc.font('Helvetica-Bold').fontSize(20).fillColor(BLACK);
      drawOneLine(doc, drawable(value), x + 8, flow.y + 10, boxWidth - 16);
      doc.font('Helvetica').fontSize(8.5).fillColor(BLACK);
      // the label on up to three lines, cut with « … » past that
      const lines = fitLines(doc, drawable(label), boxWidth - 16, 3);
      lines.forEach((line, n) => drawOneLine(doc, line, x + 8, flow.y + 38 + n * 10.5, boxWidth - 16));
    });
    flow.y += boxHeight + gutter;
  }
  flow.gap(8);
  flow.paragraph(t('report.figures.note'), { size: 8.5, color: GREY });
}

/** The map drawn by the given hook, or the communes reached in three columns. */
function territorySection(flow: Flow, data: ReportData, options: ReportPdfOptions): void {
  const { doc } = flow;
  if (options.drawMap) {
    flow.heading(t('report.map'), MAP_HEIGHT);
    const box = { x: flow.left, y: flow.y, width: flow.width, height: Math.min(MAP_HEIGHT, flow.bottom - flow.y) };
    doc.save();
    options.drawMap(doc, box);
    doc.restore();
    doc.font('Helvetica').fontSize(10).fillColor(BLACK).strokeColor(BLACK).lineWidth(1);
    flow.y = box.y + box.height + 12;
    return;
  }
  flow.heading(t('report.map'));
  const communes = data.byCommune.filter((c) => c.code !== null);
  if (!communes.length) {
    flow.paragraph(t('report.map.none'), { size: 10, color: GREY });
    flow.gap(10);
    return;
  }
  flow.paragraph(t('report.map.list'), { size: 9, color: GREY });
  flow.gap(4);
  const byName = [...communes].sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  flow.columns(byName.map((c) => `${c.label} (${formatNumber(c.participants)})`), 3);
  flow.gap(10);
}

const breakdownColumns = (first: string): TableColumn[] => [
  { header: first, share: 3 },
  { header: t('report.col.participants'), share: 1.2, align: 'right' },
  { header: t('report.col.share'), share: 0.8, align: 'right' },
  { header: t('report.col.companies'), share: 1, align: 'right' },
];
const breakdownCells = (r: BreakdownRow, leaders: number) => [r.label, formatNumber(r.participants), rate(r.participants, leaders), formatNumber(r.companies)];

/** The `top` communes with the most people, the others in one line, then outside / not given. */
function communeTable(flow: Flow, data: ReportData, top: number): void {
  const leaders = data.figures.leaders;
  const inside = data.byCommune.filter((c) => c.code !== null);
  const rest = inside.slice(top);
  const rows = inside.slice(0, top).map((r) => breakdownCells(r, leaders));
  if (rest.length) {
    const sum = rest.reduce((s, r) => s + r.participants, 0);
    rows.push([t('report.communes.others', { n: rest.length }), formatNumber(sum), rate(sum, leaders), formatNumber(rest.reduce((s, r) => s + r.companies, 0))]);
  }
  for (const r of data.byCommune.filter((c) => c.code === null)) rows.push(breakdownCells(r, leaders));
  flow.heading(t('report.communes'));
  if (rest.length) flow.paragraph(t('report.communes.top', { n: top }), { size: 8.5, color: GREY });
  flow.table(breakdownColumns(t('report.col.commune')), rows);
}

function sessionsTable(flow: Flow, data: ReportData): void {
  flow.heading(t('report.sessions'));
  if (!data.sessions.length) {
    flow.paragraph(t('report.no_data'), { size: 10, color: GREY });
    return;
  }
  const rows = data.sessions.map((s) => [
    `${shortDate.format(new Date(s.startsAt))} ${formatTime(s.startsAt)}`,
    s.workshop,
    s.venue,
    s.facilitator ?? t('report.facilitator.none'),
    formatNumber(s.registered),
    formatNumber(s.present),
    formatHours(s.hours),
    formatHours(s.participantHours),
  ]);
  flow.table(
    [
      { header: t('report.col.date'), share: 1.35 },
      { header: t('report.col.workshop'), share: 2.2 },
      { header: t('report.col.venue'), share: 1.5 },
      { header: t('report.col.facilitator'), share: 1.3 },
      { header: t('report.col.registered'), share: 0.8, align: 'right' },
      { header: t('report.col.present'), share: 0.9, align: 'right' },
      { header: t('report.col.duration'), share: 0.8, align: 'right' },
      { header: t('report.col.participant_hours'), share: 1.15, align: 'right' },
    ],
    rows,
    { size: 8 },
  );
  const present = data.sessions.reduce((s, x) => s + x.present, 0);
  flow.paragraph(t('report.sessions.total', { sessions: data.sessions.length, present, hours: formatHours(data.participantHours) }), { size: 9, bold: true });
}
