import { loadPdfKit } from '../platform/pdf/load.js';
import { formatSlot, t } from '../platform/i18n/index.js';
import { pdfToBuffer, toWinAnsi } from '../platform/pdf/text.js';
import { addressParts } from './address.js';
import type { ProgrammeSession } from './queries.js';

export interface ProgrammePdfInput {
  cycleNumber: number;
  cycleName: string;
  programmeName: string;
  territoryName: string;
  funder: string;
  publisher: string;
  intro: string | null;
  /** Where and how to register: the site's address, the programme's e-mail and phone. */
  contacts: string[];
  sessions: ProgrammeSession[];
}

const A4_MARGIN = 50;
const GREY = '#555555';
const BLACK = '#000000';
const FOOTER_FROM_BOTTOM = 32;

/** « 4e », « 1re » */
export function cycleOrdinal(n: number): string {
  return t(n === 1 ? 'feeds.pdf.ordinal_first' : 'feeds.pdf.ordinal', { n: String(n) });
}

export function programmeTitle(cycleNumber: number, cycleName: string): string {
  return t('feeds.pdf.title', { ordinal: cycleOrdinal(cycleNumber), cycle: cycleName });
}

/** « mardi 3 mars 2099 de 14 h à 16 h 30 », never cut between « 14 » and « h ». */
function slotText(s: ProgrammeSession): string {
  return formatSlot(s.starts_at, s.ends_at).replace(/(\d) h\b/g, '$1\u00A0h');
}

function titleText(s: ProgrammeSession): string {
  return [s.workshop_title, s.beginner ? t('feeds.pdf.beginner') : null, s.status === 'cancelled' ? t('feeds.pdf.cancelled') : null].filter(Boolean).join(' · ');
}

function groupByVenue(sessions: ProgrammeSession[]): ProgrammeSession[][] {
  const groups: ProgrammeSession[][] = [];
  for (const s of sessions) {
    const last = groups.at(-1);
    if (last && last[0]!.venue_id === s.venue_id) last.push(s);
    else groups.push([s]);
  }
  return groups;
}

/**
 * The printable programme of a cycle: title, programme and funder, then each venue with its
 * sessions by date, « Page n / N » at the foot of every page. A4, pdfkit's standard Helvetica.
 */
export async function renderProgrammePdf(input: ProgrammePdfInput): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const title = programmeTitle(input.cycleNumber, input.cycleName);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: A4_MARGIN, bottom: A4_MARGIN + 14, left: A4_MARGIN, right: A4_MARGIN },
    bufferPages: true, // page numbers « n / N » are written once the number of pages is known
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: title,
      Author: input.publisher,
      Subject: t('feeds.pdf.subject', { territory: input.territoryName }),
      Creator: input.programmeName,
    },
  });
  const done = pdfToBuffer(doc);

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const write = (text: string, options: PDFKit.Mixins.TextOptions = {}) => doc.text(toWinAnsi(text), { width, ...options });
  const bottomLimit = () => doc.page.height - doc.page.margins.bottom;

  doc.font('Helvetica-Bold').fontSize(18).fillColor(BLACK);
  write(title);
  doc.moveDown(0.4).font('Helvetica').fontSize(11);
  write(`${input.programmeName} — ${input.territoryName}`);
  doc.fontSize(10).fillColor(GREY);
  write(input.intro ?? t('feeds.pdf.free'));
  doc.moveDown(0.3).fillColor(BLACK);
  write(t('feeds.pdf.funder', { funder: input.funder }));
  if (input.contacts.length) write(t('feeds.pdf.registration', { contacts: input.contacts.join(' · ') }));
  doc.moveDown(0.6);
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor(GREY).stroke();
  doc.moveDown(0.8);

  if (input.sessions.length === 0) {
    doc.fontSize(11);
    write(t('feeds.pdf.empty'));
  }

  // The date column is as wide as the longest date (up to half the page), the title takes the rest.
  doc.font('Helvetica').fontSize(10);
  const slotWidth = Math.min(width / 2, Math.max(0, ...input.sessions.map((s) => doc.widthOfString(toWinAnsi(slotText(s))))) + 14);
  const titleWidth = width - slotWidth;
  const rowHeight = (s: ProgrammeSession) =>
    Math.max(doc.heightOfString(toWinAnsi(slotText(s)), { width: slotWidth - 8 }), doc.heightOfString(toWinAnsi(titleText(s)), { width: titleWidth })) + 5;

  const venueHeading = (s: ProgrammeSession, continued: boolean) => {
    doc.font('Helvetica-Bold').fontSize(13).fillColor(BLACK);
    write(continued ? t('feeds.pdf.continued', { venue: s.venue_name }) : s.venue_name);
    const a = addressParts(s.venue_address, s.commune_name, s.postcodes);
    doc.font('Helvetica').fontSize(10).fillColor(GREY);
    write(`${a.street}, ${a.postcode} ${a.commune}`);
    doc.moveDown(0.4);
  };
  const headingHeight = 13 * 1.2 + 10 * 1.2 * 2;

  for (const group of groupByVenue(input.sessions)) {
    doc.font('Helvetica').fontSize(10);
    if (doc.y + headingHeight + rowHeight(group[0]!) > bottomLimit()) doc.addPage();
    venueHeading(group[0]!, false);
    for (const s of group) {
      doc.font('Helvetica').fontSize(10);
      const h = rowHeight(s);
      if (doc.y + h > bottomLimit()) {
        doc.addPage();
        venueHeading(s, true);
        doc.font('Helvetica').fontSize(10);
      }
      const y = doc.y;
      doc.fillColor(s.status === 'cancelled' ? GREY : BLACK);
      doc.text(toWinAnsi(slotText(s)), left, y, { width: slotWidth - 8 });
      doc.text(toWinAnsi(titleText(s)), left + slotWidth, y, { width: titleWidth });
      doc.x = left;
      doc.y = y + h;
    }
    doc.moveDown(0.8);
  }

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing inside the bottom margin would make pdfkit open a new page: lift the margin meanwhile.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - FOOTER_FROM_BOTTOM;
    doc.font('Helvetica').fontSize(9).fillColor(GREY);
    doc.text(toWinAnsi(input.programmeName), left, y, { width: width / 2, lineBreak: false });
    doc.text(toWinAnsi(t('feeds.pdf.page', { n: i + 1, total: pages.count })), left + width / 2, y, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
