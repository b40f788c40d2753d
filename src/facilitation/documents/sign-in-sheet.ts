/**
 * The paper sign-in sheet (« feuille d'émargement ») of one session, printed before it starts:
 * the session's facts, one line per registered person with a box to sign, blank lines for those
 * who come without registering, and the facilitator's count and signature at the end.
 */
import { formatDate, formatSlot, frenchCollator, t } from '../../platform/i18n/index.js';
import { asciiSlug, drawOneLine, ellipsize, fitLines, pdfToBuffer } from '../../platform/pdf/text.js';
import { BLACK, drawable, fileDate, GREY, LIGHT, MARGIN, newA4, placeText, writeFooters, type Doc } from './layout.js';
import type { SignInSheetInput } from './types.js';

/** A row is 36 pt (12.7 mm) high: room for a signature, two lines of name or company. */
const ROW = 36;
const HEADER_ROW = 20;
const PAD = 5;
const DEFAULT_SPARE = 4;
/** Blank lines stop here when filling the last page: a session rarely has more than a dozen walk-ins. */
const MAX_SPARE = 12;
/** A typo in the requested number must not print a hundred pages. */
const MAX_REQUESTED_SPARE = 100;
const CLOSING_GAP = 16;
const CLOSING_HEIGHT = 82;

type Participant = SignInSheetInput['participants'][number];

interface Columns {
  number: { x: number; w: number };
  name: { x: number; w: number };
  company: { x: number; w: number };
  signature: { x: number; w: number };
}

function columns(left: number, width: number): Columns {
  const number = 28;
  const name = 160;
  const company = 135;
  return {
    number: { x: left, w: number },
    name: { x: left + number, w: name },
    company: { x: left + number + name, w: company },
    signature: { x: left + number + name + company, w: width - number - name - company },
  };
}

/** By last name, then first name, as they were typed (French collation; equal names keep their order). */
export function sortParticipants(participants: readonly Participant[]): Participant[] {
  return [...participants].sort((a, b) => frenchCollator().compare(a.lastName, b.lastName) || frenchCollator().compare(a.firstName, b.firstName));
}

/** « feuille-emargement-2026-12-03-creer-son-site-web.pdf » */
export function signInSheetFilename(input: SignInSheetInput): string {
  return t('documents.sheet.filename', { date: fileDate(input.startsAt), workshop: asciiSlug(input.workshopTitle, 50) || 'atelier' });
}

export async function renderSignInSheet(input: SignInSheetInput): Promise<Buffer> {
  const slot = formatSlot(input.startsAt, input.endsAt);
  const doc = await newA4({
    Title: `${t('documents.sheet.title')} — ${input.workshopTitle}`,
    Subject: t('documents.sheet.subject', { workshop: input.workshopTitle, slot }),
    Author: input.publisher ?? input.programmeName,
    Creator: input.programmeName,
  });
  const done = pdfToBuffer(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const cols = columns(left, width);
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  firstPageHeader(doc, input, slot, width);
  let y = columnHeader(doc, cols, doc.y);
  const nextPage = (withColumns: boolean) => {
    doc.addPage();
    continuedHeader(doc, input, width);
    y = withColumns ? columnHeader(doc, cols, doc.y) : doc.y;
  };

  let n = 0;
  for (const p of sortParticipants(input.participants)) {
    if (y + ROW > bottom()) nextPage(true);
    drawRow(doc, cols, y, ++n, p);
    y += ROW;
  }
  const requested = input.spareLines ?? DEFAULT_SPARE;
  const minSpare = Number.isFinite(requested) ? Math.min(Math.max(0, Math.floor(requested)), MAX_REQUESTED_SPARE) : DEFAULT_SPARE;
  let spare = 0;
  for (; spare < minSpare; spare++) {
    if (y + ROW > bottom()) nextPage(true);
    drawRow(doc, cols, y, ++n, null);
    y += ROW;
  }
  // Fill the rest of the last page with blank lines, keeping room for the closing block.
  let columnsShown = true;
  if (y + CLOSING_GAP + CLOSING_HEIGHT > bottom()) {
    nextPage(false);
    columnsShown = false;
  }
  while (spare < Math.max(minSpare, MAX_SPARE) && y + (columnsShown ? 0 : HEADER_ROW) + ROW + CLOSING_GAP + CLOSING_HEIGHT <= bottom()) {
    if (!columnsShown) {
      y = columnHeader(doc, cols, y);
      columnsShown = true;
    }
    drawRow(doc, cols, y, ++n, null);
    y += ROW;
    spare++;
  }
  closingBlock(doc, input, left, width, y + CLOSING_GAP);

  writeFooters(doc, t('documents.sheet.footer', { programme: input.programmeName }), (page, total) => t('documents.page', { n: page, total }));
  doc.end();
  return done;
}

function firstPageHeader(doc: Doc, input: SignInSheetInput, slot: string, width: number): void {
  const write = (text: string) => doc.text(drawable(text), { width });
  doc.font('Helvetica-Bold').fontSize(11).fillColor(BLACK);
  write(`${input.programmeName} — ${input.territoryName}`);
  if (input.funder.trim()) {
    doc.font('Helvetica').fontSize(9).fillColor(GREY);
    write(t('documents.funder', { funder: input.funder }));
  }
  doc.moveDown(0.5);
  doc.moveTo(doc.page.margins.left, doc.y).lineTo(doc.page.margins.left + width, doc.y).lineWidth(0.5).strokeColor(GREY).stroke();
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(18).fillColor(BLACK);
  write(t('documents.sheet.title'));
  doc.moveDown(0.15).fontSize(13);
  write(input.workshopTitle);
  doc.moveDown(0.4).font('Helvetica').fontSize(10.5);
  write(t('documents.sheet.when', { slot }));
  write(t('documents.sheet.where', { place: placeText(input) }));
  write(t('documents.sheet.facilitator', { name: input.facilitatorName ?? t('documents.sheet.facilitator_unknown') }));
  write(t('documents.sheet.registered', { count: input.participants.length }));
  doc.moveDown(0.4).fontSize(8.5).fillColor(GREY);
  write(t('documents.sheet.instructions'));
  doc.moveDown(0.8);
}

/** One line at the top of the following pages, so that a loose page still says which session it is. */
function continuedHeader(doc: Doc, input: SignInSheetInput, width: number): void {
  doc.font('Helvetica-Bold').fontSize(9.5).fillColor(GREY);
  const text = drawable(t('documents.sheet.continued', { workshop: input.workshopTitle, date: formatDate(input.startsAt) }));
  drawOneLine(doc, text, doc.page.margins.left, doc.page.margins.top, width);
  doc.y = doc.page.margins.top + 22;
}

/** Draws the column titles at `y`; returns where the first row starts. */
function columnHeader(doc: Doc, cols: Columns, y: number): number {
  const x = cols.number.x;
  const w = cols.signature.x + cols.signature.w - x;
  doc.rect(x, y, w, HEADER_ROW).fillColor('#eeeeee').fill();
  doc.rect(x, y, w, HEADER_ROW).lineWidth(0.5).strokeColor(LIGHT).stroke();
  doc.font('Helvetica-Bold').fontSize(9).fillColor(BLACK);
  const ty = y + (HEADER_ROW - doc.currentLineHeight()) / 2 + 0.5;
  const label = (key: Parameters<typeof t>[0], col: { x: number; w: number }, align: 'left' | 'center' = 'left') =>
    drawOneLine(doc, drawable(t(key)), col.x + PAD, ty, col.w - 2 * PAD, align);
  label('documents.sheet.column.number', cols.number, 'center');
  label('documents.sheet.column.name', cols.name);
  label('documents.sheet.column.company', cols.company);
  label('documents.sheet.column.signature', cols.signature);
  return y + HEADER_ROW;
}

/** One numbered line: a registered person, or blank (`null`) for someone who comes unannounced. */
function drawRow(doc: Doc, cols: Columns, y: number, n: number, p: Participant | null): void {
  for (const col of [cols.number, cols.name, cols.company]) doc.rect(col.x, y, col.w, ROW).lineWidth(0.5).strokeColor(LIGHT).stroke();
  // the box to sign in, drawn darker so that it reads as a box on any printer
  doc.rect(cols.signature.x, y, cols.signature.w, ROW).lineWidth(0.9).strokeColor(BLACK).stroke();

  doc.font('Helvetica').fontSize(9).fillColor(GREY);
  drawOneLine(doc, String(n), cols.number.x, y + (ROW - doc.currentLineHeight()) / 2, cols.number.w, 'center');
  if (!p) return;

  const nameWidth = cols.name.w - 2 * PAD;
  doc.fontSize(10);
  const lineHeight = doc.currentLineHeight(true);
  const top = y + (ROW - 2 * lineHeight) / 2;
  doc.font('Helvetica-Bold').fillColor(BLACK);
  drawOneLine(doc, drawable(p.lastName), cols.name.x + PAD, top, nameWidth);
  doc.font('Helvetica');
  const mark = p.walkIn ? drawable(` ${t('documents.sheet.walk_in')}`) : '';
  const markWidth = mark ? doc.widthOfString(mark) : 0;
  const first = ellipsize(doc, drawable(p.firstName), Math.max(nameWidth - markWidth, nameWidth / 2));
  doc.text(first, cols.name.x + PAD, top + lineHeight, { lineBreak: false });
  if (mark) doc.fillColor(GREY).text(mark, cols.name.x + PAD + doc.widthOfString(first), top + lineHeight, { lineBreak: false });

  if (p.companyName?.trim()) {
    doc.font('Helvetica').fontSize(9.5).fillColor(BLACK);
    const companyWidth = cols.company.w - 2 * PAD;
    const lines = fitLines(doc, drawable(p.companyName.trim()), companyWidth, 2);
    const h = doc.currentLineHeight(true);
    const companyTop = y + (ROW - lines.length * h) / 2;
    lines.forEach((line, i) => drawOneLine(doc, line, cols.company.x + PAD, companyTop + i * h, companyWidth));
  }
}

/** The count of people present and the facilitator's signature, written at the end of the session. */
function closingBlock(doc: Doc, input: SignInSheetInput, left: number, width: number, y: number): void {
  doc.font('Helvetica-Bold').fontSize(10).fillColor(BLACK);
  drawOneLine(doc, drawable(t('documents.sheet.present_count')), left, y, width / 2 - 10);
  doc.rect(left, y + 18, 80, 34).lineWidth(0.9).strokeColor(BLACK).stroke();

  const x = left + width / 2;
  const w = width / 2;
  drawOneLine(doc, drawable(t('documents.sheet.facilitator_signature')), x, y, w);
  if (input.facilitatorName) {
    doc.font('Helvetica').fontSize(10);
    drawOneLine(doc, drawable(input.facilitatorName), x, y + 14, w);
  }
  doc.rect(x, y + 30, w, 50).lineWidth(0.9).strokeColor(BLACK).stroke();
}
