import type PDFDocument from 'pdfkit';
import { loadPdfKit } from '../../platform/pdf/load.js';
import type QRCodeLib from 'qrcode';
import { formatDate, formatTime, t } from '../../platform/i18n/index.js';
import { drawOneLine, fitLines, pdfToBuffer, toWinAnsi } from '../../platform/pdf/text.js';
import { cycleOrdinal } from '../../feeds/programme-pdf.js';

type Doc = InstanceType<typeof PDFDocument>;

export type PrintFormat = 'A4' | 'A5';

export interface PosterSessionLine {
  starts_at: string;
  workshop_title: string;
  venue_id: number;
  venue_name: string;
  commune_name: string;
}

export interface PosterInput {
  programmeName: string;
  tagline: string | null;
  territoryName: string;
  publisher: string;
  funder: string;
  cycleNumber: number;
  cycleName: string;
  /** The cycle's upcoming sessions, soonest first; the poster shows the first ones that fit. */
  sessions: PosterSessionLine[];
  /** The site's address (« et d’autres dates sur … »). */
  siteUrl: string;
  /** Where the QR code leads: the programme's page with the campaign reference. */
  qrUrl: string;
}

// The site's colours (public/css/boutic.css): white on brand blue is 8.9:1, ink on paper 17:1.
const BRAND = '#004a8f';
const BRAND_DARK = '#00335f';
const INK = '#1b1b1b';
const MUTED = '#4a4a4a';
const WHITE = '#ffffff';

/** The layout is drawn in A4 points and scaled for A5; the flyer lists fewer sessions. */
const FORMATS: Record<PrintFormat, { scale: number; maxSessions: number }> = {
  A4: { scale: 1, maxSessions: 12 },
  A5: { scale: 420 / 595.28, maxSessions: 6 },
};
/** 14 mm on A4, 10 mm on A5: inside what home printers leave blank. */
const MARGIN = 40;

/** « mardi 3 mars », the year left out on a poster of the coming weeks. */
export function posterDate(instant: string): string {
  return formatDate(instant).replace(/ \d{4}$/, '');
}

/** « mardi 3 mars · 14 h 30 », never cut between « 14 » and « h ». */
export function posterSlot(instant: string): string {
  return t('print.at', { date: posterDate(instant), time: formatTime(instant) }).replace(/(\d) h\b/g, '$1\u00A0h');
}

/** The site's address as a person types it: « boutic.example.fr ». */
export function siteName(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

export function posterTitle(format: PrintFormat, cycleNumber: number, cycleName: string): string {
  return t(format === 'A4' ? 'print.title_poster' : 'print.title_flyer', { ordinal: cycleOrdinal(cycleNumber), cycle: cycleName });
}

/** Sessions grouped by venue (venues in French order), each venue's by date. */
function groupByVenue(sessions: PosterSessionLine[]): PosterSessionLine[][] {
  const groups = new Map<number, PosterSessionLine[]>();
  for (const s of sessions) groups.set(s.venue_id, [...(groups.get(s.venue_id) ?? []), s]);
  return [...groups.values()].sort((a, b) => a[0]!.venue_name.localeCompare(b[0]!.venue_name, 'fr'));
}

/**
 * A poster (A4) or a flyer (A5) of a cycle, one page: the programme's band, the headline, the
 * cycle, as many of the next sessions by venue as fit, then the funder and a QR code to the site.
 * pdfkit's standard Helvetica; the QR code is drawn as vector squares, crisp at any size.
 */
export async function renderPoster(input: PosterInput, format: PrintFormat): Promise<Buffer> {
  const [PDFDocument, QRCode] = await Promise.all([loadPdfKit(), import('qrcode').then((m) => m.default)]);
  const { scale, maxSessions } = FORMATS[format];
  const u = (points: number) => points * scale;
  const doc = new PDFDocument({
    size: format,
    margin: u(MARGIN),
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: posterTitle(format, input.cycleNumber, input.cycleName),
      Author: input.publisher,
      Subject: t('print.subject', { territory: input.territoryName }),
      Creator: input.programmeName,
    },
  });
  const done = pdfToBuffer(doc);
  // Nothing here flows from page to page: text is drawn line by line, so no margin can open a page.
  doc.page.margins.bottom = 0;
  const left = u(MARGIN);
  const width = doc.page.width - 2 * left;
  const bottom = doc.page.height - left;

  /** Lines of text in the current font, drawn from `y`; returns the y below them. */
  const lines = (text: string, x: number, y: number, w: number, size: number, maxLines: number, lineHeight = 1.2, align: 'left' | 'center' = 'left') => {
    doc.fontSize(size);
    let at = y;
    for (const line of fitLines(doc, toWinAnsi(text), w, maxLines)) {
      drawOneLine(doc, line, x, at, w, align);
      at += size * lineHeight;
    }
    return at;
  };
  const measure = (text: string, w: number, size: number, maxLines: number) => {
    doc.fontSize(size);
    return fitLines(doc, toWinAnsi(text), w, maxLines).length;
  };

  // The programme's band
  const pad = u(18);
  const nameSize = u(34);
  const taglineSize = u(15);
  doc.font('Helvetica-Bold');
  const nameLines = measure(input.programmeName, width - 2 * pad, nameSize, 2);
  doc.font('Helvetica');
  const taglineLines = input.tagline ? measure(input.tagline, width - 2 * pad, taglineSize, 2) : 0;
  const bandHeight = pad * 2 + nameLines * nameSize * 1.1 + (taglineLines ? u(6) + taglineLines * taglineSize * 1.25 : 0);
  doc.rect(left, left, width, bandHeight).fill(BRAND);
  doc.fillColor(WHITE).font('Helvetica-Bold');
  let y = lines(input.programmeName, left + pad, left + pad, width - 2 * pad, nameSize, 2, 1.1);
  if (input.tagline) {
    doc.font('Helvetica');
    lines(input.tagline, left + pad, y + u(6), width - 2 * pad, taglineSize, 2, 1.25);
  }
  y = left + bandHeight + u(22);

  // The headline and the cycle
  doc.fillColor(BRAND_DARK).font('Helvetica-Bold');
  y = lines(t('print.headline'), left, y, width, u(27), 3, 1.15);
  doc.fillColor(INK).font('Helvetica');
  y = lines(t('print.cycle', { ordinal: cycleOrdinal(input.cycleNumber), cycle: input.cycleName }), left, y + u(6), width, u(17), 2);
  y += u(8);
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(u(2)).strokeColor(BRAND).stroke();
  y += u(16);

  // The footer: funder and registration on the left, the QR code and its address on the right
  const qrSize = u(124);
  // The address under the code, whole (it must be typeable): smaller if need be, else on two lines
  const urlWidth = qrSize + u(30);
  const url = toWinAnsi(input.qrUrl);
  doc.font('Helvetica');
  let urlSize = u(9);
  while (urlSize > Math.max(u(7), 6) && doc.fontSize(urlSize).widthOfString(url) > urlWidth) urlSize -= 0.25;
  const urlLines = fitLines(doc.fontSize(urlSize), url, urlWidth, 3);
  const footerHeight = qrSize + u(6) + urlLines.length * urlSize * 1.3;
  const footerTop = bottom - footerHeight;
  const site = siteName(input.siteUrl);

  // The sessions, between the headline and the footer
  doc.fillColor(BRAND).font('Helvetica-Bold');
  y = lines(t('print.next'), left, y, width, u(19), 1);
  y += u(6);
  const room = footerTop - u(16) - y;
  const sizes = { venue: u(16), commune: u(13), slot: u(13.5), gap: u(10), row: u(5) };
  doc.font('Helvetica-Bold').fontSize(sizes.slot);
  const slotWidth = Math.min(width * 0.45, Math.max(0, ...input.sessions.map((s) => doc.widthOfString(toWinAnsi(posterSlot(s.starts_at))))) + u(14));
  const titleWidth = width - slotWidth;

  const rowHeight = (s: PosterSessionLine) => {
    doc.font('Helvetica-Bold');
    const a = measure(posterSlot(s.starts_at), slotWidth - u(10), sizes.slot, 2);
    doc.font('Helvetica');
    const b = measure(s.workshop_title, titleWidth, sizes.slot, 2);
    return Math.max(a, b) * sizes.slot * 1.2 + sizes.row;
  };
  const heightOf = (groups: PosterSessionLine[][]) =>
    groups.reduce((h, g) => h + sizes.venue * 1.3 + sizes.row + g.reduce((r, s) => r + rowHeight(s), 0) + sizes.gap, 0);
  const moreHeight = u(14) * 1.3;

  // As many of the soonest sessions as fit, then a word that there are more
  let shown = Math.min(input.sessions.length, maxSessions);
  while (shown > 0 && heightOf(groupByVenue(input.sessions.slice(0, shown))) + (shown < input.sessions.length ? moreHeight : 0) > room) shown--;
  for (const group of groupByVenue(input.sessions.slice(0, shown))) {
    const venue = group[0]!;
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(sizes.venue);
    const name = toWinAnsi(venue.venue_name);
    const nameWidth = Math.min(doc.widthOfString(name), width);
    drawOneLine(doc, name, left, y, width);
    const commune = toWinAnsi(` — ${venue.commune_name}`);
    doc.font('Helvetica').fontSize(sizes.commune).fillColor(MUTED);
    if (width - nameWidth > doc.widthOfString(commune)) drawOneLine(doc, commune, left + nameWidth, y + (sizes.venue - sizes.commune) * 0.8, width - nameWidth);
    y += sizes.venue * 1.3 + sizes.row;
    for (const s of group) {
      const h = rowHeight(s);
      doc.fillColor(INK).font('Helvetica-Bold');
      lines(posterSlot(s.starts_at), left, y, slotWidth - u(10), sizes.slot, 2);
      doc.font('Helvetica');
      lines(s.workshop_title, left + slotWidth, y, titleWidth, sizes.slot, 2);
      y += h;
    }
    y += sizes.gap;
  }
  if (shown < input.sessions.length || input.sessions.length === 0) {
    doc.fillColor(BRAND_DARK).font('Helvetica-Bold');
    lines(t(input.sessions.length === 0 ? 'print.none' : 'print.more', { site }), left, y, width, u(14), 2);
  }

  // The footer
  const qrX = left + width - qrSize;
  doc.moveTo(left, footerTop - u(10)).lineTo(left + width, footerTop - u(10)).lineWidth(u(1)).strokeColor(MUTED).stroke();
  const textWidth = width - urlWidth - u(14);
  let fy = footerTop + u(6);
  doc.fillColor(INK).font('Helvetica-Bold');
  fy = lines(t('print.register'), left, fy, textWidth, u(15), 2);
  doc.fillColor(BRAND).font('Helvetica-Bold');
  fy = lines(site, left, fy + u(2), textWidth, u(22), 2, 1.15);
  doc.fillColor(MUTED).font('Helvetica');
  lines(t('print.funder', { funder: input.funder }), left, fy + u(12), textWidth, u(11), 4, 1.3);
  drawQrCode(QRCode, doc, input.qrUrl, qrX, footerTop, qrSize);
  doc.fillColor(INK).font('Helvetica').fontSize(urlSize);
  urlLines.forEach((line, i) => drawOneLine(doc, line, qrX + qrSize - urlWidth, footerTop + qrSize + u(6) + i * urlSize * 1.3, urlWidth, 'right'));

  doc.end();
  return done;
}

/** The QR code of `text` as filled squares (runs of dark modules merged), within `size` points including its quiet zone. */
function drawQrCode(QRCode: typeof QRCodeLib, doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4; // modules of white around the code, required by readers
  const cell = size / (modules.size + 2 * quiet);
  doc.rect(x, y, size, size).fill(WHITE);
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell);
    }
  }
  doc.fill('#000000');
}
