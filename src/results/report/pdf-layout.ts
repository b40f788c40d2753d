/**
 * A small flowing layout for the report's PDF on pdfkit: headings, paragraphs, tables that go on
 * over pages with their header repeated, and horizontal bar charts whose geometry comes from
 * d3-scale. Everything is written through WinAnsi (pdfkit's standard Helvetica, as the other
 * documents), so French accents, « » and no-break spaces come out right.
 */
import { d3Scale } from '../../platform/charts/d3.js';
import { SERIES_COLOURS } from '../../platform/charts/StackedBars.js';
import { formatNumber } from '../../platform/i18n/index.js';
import { drawOneLine, fitLines, toWinAnsi } from '../../platform/pdf/text.js';

export type Doc = PDFKit.PDFDocument;
export const BLACK = '#000000';
export const GREY = '#555555';
export const LIGHT = '#bbbbbb';
export const TINT = '#eeeeee';
export const BAR = SERIES_COLOURS[0]!;

/** French typography kept across line breaks (« 14 h », guillemets, before « : »), then WinAnsi only. */
export function drawable(text: string): string {
  return toWinAnsi(
    text
      .replace(/(\d) (h|min|%)(?=\s|$|\))/g, '$1\u00A0$2')
      .replace(/« /g, '«\u00A0')
      .replace(/ »/g, '\u00A0»')
      .replace(/ ([:;!?])/g, '\u00A0$1'),
  );
}

export interface TableColumn {
  header: string;
  /** share of the width (the shares are scaled to the full width) */
  share: number;
  align?: 'left' | 'right';
}

const CELL_PAD = 4;

/** A cursor down the pages: every block asks for its room first and starts a new page when it lacks it. */
export class Flow {
  y: number;
  readonly left: number;
  readonly width: number;

  constructor(readonly doc: Doc) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - this.left - doc.page.margins.right;
    this.y = doc.page.margins.top;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.doc.page.margins.top;
  }

  /** Starts a new page unless `height` points are left on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  gap(points: number): void {
    this.y = Math.min(this.y + points, this.bottom);
  }

  /** A section title; `keep` is the room wanted below it (by default a table's header and three rows), so that a title never ends a page alone. */
  heading(text: string, keep = 100, size = 14): void {
    this.ensure(size + 12 + keep);
    this.doc.font('Helvetica-Bold').fontSize(size).fillColor(BLACK);
    drawOneLine(this.doc, drawable(text), this.left, this.y, this.width);
    this.y += size + 10;
  }

  /** Wrapped text across the width, at most `maxLines` lines (the rest cut with « … »). */
  paragraph(text: string, options: { size?: number; bold?: boolean; color?: string; maxLines?: number; align?: 'left' | 'center' | 'right' } = {}): void {
    const doc = this.doc;
    doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(options.size ?? 10).fillColor(options.color ?? BLACK);
    const lines = fitLines(doc, drawable(text), this.width, options.maxLines ?? 12);
    const lineHeight = doc.currentLineHeight(true) + 1.5;
    this.ensure(lines.length * lineHeight);
    for (const line of lines) {
      drawOneLine(doc, line, this.left, this.y, this.width, options.align ?? 'left');
      this.y += lineHeight;
    }
  }

  /**
   * A table of text cells: a tinted header row, thin rules, numbers right-aligned; a cell wraps on
   * up to `maxLines` lines (then « … »); the table goes on over pages with its header repeated.
   */
  table(columns: TableColumn[], rows: string[][], options: { size?: number; maxLines?: number } = {}): void {
    const doc = this.doc;
    const size = options.size ?? 9;
    const total = columns.reduce((s, c) => s + c.share, 0);
    const widths = columns.map((c) => (c.share / total) * this.width);
    const inner = widths.map((w) => w - 2 * CELL_PAD);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    doc.fontSize(size);
    const lineHeight = doc.currentLineHeight(true) + 1;
    const heightOf = (cells: string[][]) => lineHeight * Math.max(1, ...cells.map((l) => l.length)) + 2 * CELL_PAD;
    const drawRow = (cells: string[][]) =>
      cells.forEach((lines, i) => lines.forEach((line, k) => drawOneLine(doc, line, xs[i]! + CELL_PAD, this.y + CELL_PAD + 0.5 + k * lineHeight, inner[i]!, columns[i]!.align)));
    doc.font('Helvetica-Bold');
    const headerCells = columns.map((c, i) => fitLines(doc, drawable(c.header), inner[i]!, 2));
    const headerHeight = heightOf(headerCells);
    const header = () => {
      doc.rect(this.left, this.y, this.width, headerHeight).fillColor(TINT).fill();
      doc.font('Helvetica-Bold').fontSize(size).fillColor(BLACK);
      drawRow(headerCells);
      this.y += headerHeight;
    };
    this.ensure(headerHeight + (lineHeight + 2 * CELL_PAD) * Math.min(rows.length, 3));
    header();
    doc.font('Helvetica').fontSize(size);
    for (const row of rows) {
      const cells = row.map((cell, i) => (columns[i]!.align === 'right' ? [drawable(cell)] : fitLines(doc, drawable(cell), inner[i]!, options.maxLines ?? 2)));
      const height = heightOf(cells);
      if (this.y + height > this.bottom) {
        this.newPage();
        header();
      }
      doc.font('Helvetica').fontSize(size).fillColor(BLACK);
      drawRow(cells);
      this.y += height;
      doc.moveTo(this.left, this.y).lineTo(this.left + this.width, this.y).lineWidth(0.4).strokeColor(LIGHT).stroke();
    }
    this.y += 6;
  }

  /**
   * Horizontal bars, one per row, their length from a d3 linear scale, the figure written at the
   * end of each bar (a chart readable in black and white, without a legend to decode).
   */
  bars(rows: Array<{ label: string; value: number; note: string }>, options: { labelShare?: number; rowHeight?: number } = {}): void {
    const doc = this.doc;
    const rowHeight = options.rowHeight ?? 20;
    const labelWidth = this.width * (options.labelShare ?? 0.3);
    const noteWidth = 80;
    const axisHeight = 16;
    const height = rows.length * rowHeight + axisHeight + 4;
    this.ensure(height);
    const top = this.y;
    const max = Math.max(0, ...rows.map((r) => r.value));
    const x = d3Scale().scaleLinear()
      .domain([0, max > 0 ? max : 1])
      .nice()
      .range([this.left + labelWidth, this.left + this.width - noteWidth]);
    const y = d3Scale().scaleBand<number>()
      .domain(rows.map((_, i) => i))
      .range([top, top + rows.length * rowHeight])
      .paddingInner(0.3)
      .paddingOuter(0.15);
    const axisY = top + rows.length * rowHeight;
    // grid and axis: whole numbers only (people are counted)
    doc.font('Helvetica').fontSize(7.5).fillColor(GREY);
    for (const tick of x.ticks(5).filter((v) => Number.isInteger(v))) {
      doc.moveTo(x(tick), top).lineTo(x(tick), axisY).lineWidth(0.4).strokeColor(tick === 0 ? GREY : LIGHT).stroke();
      drawOneLine(doc, toWinAnsi(formatNumber(tick)), x(tick) - 20, axisY + 4, 40, 'center');
    }
    rows.forEach((row, i) => {
      const barTop = y(i)!;
      const middle = barTop + y.bandwidth() / 2;
      doc.font('Helvetica').fontSize(9).fillColor(BLACK);
      const textTop = middle - doc.currentLineHeight() / 2;
      drawOneLine(doc, drawable(row.label), this.left, textTop, labelWidth - 8, 'right');
      const length = Math.max(0, x(row.value) - x(0));
      if (length > 0) doc.rect(x(0), barTop, length, y.bandwidth()).fillColor(BAR).fill();
      // the figure on white, so that a grid line never crosses it
      doc.font('Helvetica-Bold').fontSize(9);
      const note = drawable(row.note);
      const noteX = x(0) + length + 4;
      doc.rect(noteX, barTop, Math.min(doc.widthOfString(note) + 4, this.left + this.width - noteX), y.bandwidth()).fillColor('#ffffff').fill();
      doc.fillColor(BLACK);
      drawOneLine(doc, note, noteX + 2, textTop, this.left + this.width - noteX - 2);
    });
    this.y = axisY + axisHeight + 4;
  }

  /** Short items in `columns` columns, read down each column, page after page. */
  columns(items: string[], columns: number, size = 9): void {
    const doc = this.doc;
    doc.font('Helvetica').fontSize(size);
    const lineHeight = doc.currentLineHeight(true) + 2;
    const width = this.width / columns;
    let rest = items;
    while (rest.length) {
      this.ensure(lineHeight);
      const room = Math.max(1, Math.floor((this.bottom - this.y) / lineHeight));
      const rows = Math.min(room, Math.ceil(rest.length / columns));
      const block = rest.slice(0, rows * columns);
      rest = rest.slice(block.length);
      doc.font('Helvetica').fontSize(size).fillColor(BLACK);
      block.forEach((item, i) => drawOneLine(doc, drawable(item), this.left + Math.floor(i / rows) * width, this.y + (i % rows) * lineHeight, width - 8));
      this.y += rows * lineHeight;
    }
    this.y += 4;
  }
}

/** « Page n sur N » and the document's name at the foot of every page, once the pages are known. */
export function writeFooters(doc: Doc, left: string, right: (n: number, total: number) => string): void {
  const pages = doc.bufferedPageRange();
  const x = doc.page.margins.left;
  const width = doc.page.width - x - doc.page.margins.right;
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // writing inside the bottom margin would make pdfkit open a page: lift the margin meanwhile
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 32;
    doc.font('Helvetica').fontSize(8.5).fillColor(GREY);
    drawOneLine(doc, drawable(left), x, y, width * 0.7 - 8);
    drawOneLine(doc, drawable(right(i + 1, pages.count)), x + width * 0.7, y, width * 0.3, 'right');
    doc.page.margins.bottom = margin;
  }
}
