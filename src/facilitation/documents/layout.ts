/** What the sign-in sheet and the certificate share: page set-up, typography, place, footers. */
import type PDFDocument from 'pdfkit';
import { loadPdfKit } from '../../platform/pdf/load.js';
import { venueLocation } from '../../feeds/address.js';
import { LOCALE, TIME_ZONE } from '../../platform/i18n/index.js';
import { drawOneLine, toWinAnsi } from '../../platform/pdf/text.js';
import { parisParts } from '../../platform/time.js';
import type { DocumentPlace } from './types.js';

export type Doc = InstanceType<typeof PDFDocument>;

export const MARGIN = 50;
export const GREY = '#555555';
export const LIGHT = '#999999';
export const BLACK = '#000000';
const FOOTER_FROM_BOTTOM = 32;

/** An A4 portrait document in the house style (standard Helvetica, pages kept for « Page n / N »). */
export async function newA4(info: { Title: string; Subject: string; Author: string; Creator: string }): Promise<Doc> {
  const PDFDocument = await loadPdfKit();
  return new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    info,
  });
}

/**
 * French typography that must survive line wrapping: no break inside « 14 h 30 », « 45 min »,
 * inside guillemets or before a colon; then only what the standard font can draw.
 */
export function drawable(text: string): string {
  const french = text
    .replace(/(\d) (h|min)\b/g, '$1\u00A0$2')
    .replace(/(\d\u00A0h) (\d)/g, '$1\u00A0$2')
    .replace(/« /g, '«\u00A0')
    .replace(/ »/g, '\u00A0»')
    .replace(/ ([:;!?])/g, '\u00A0$1');
  return toWinAnsi(french);
}

/** « Cybercentre de Frévent, 2 rue du Château, 62270 Frévent », however the address was typed. */
export function placeText(p: DocumentPlace): string {
  return venueLocation(p.venueName, p.venueAddress, p.communeName, p.postcode ?? '');
}

/** The Paris calendar date of an instant, « 2026-12-03 », for file names. */
export function fileDate(instant: string): string {
  return parisParts(new Date(instant)).date;
}

const longDate = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** « 4 décembre 2026 », « 1er décembre 2026 » (no weekday: the date a document was made). */
export function formatLongDate(instant: string): string {
  return longDate.format(new Date(instant)).replace(/^1 /, '1er ');
}

/** Writes each page's footer once the number of pages is known: `left` text, and « Page n / N » or `right`. */
export function writeFooters(doc: Doc, left: string, right: (n: number, total: number) => string): void {
  const pages = doc.bufferedPageRange();
  const x = doc.page.margins.left;
  const width = doc.page.width - x - doc.page.margins.right;
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin meanwhile.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - FOOTER_FROM_BOTTOM;
    doc.font('Helvetica').fontSize(8.5).fillColor(GREY);
    drawOneLine(doc, drawable(left), x, y, width * 0.7 - 8);
    drawOneLine(doc, drawable(right(i + 1, pages.count)), x + width * 0.7, y, width * 0.3, 'right');
    doc.page.margins.bottom = margin;
  }
}
