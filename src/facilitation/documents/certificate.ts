/**
 * The certificate of attendance (« attestation de présence ») of one participant at one session:
 * who, which workshop, when and for how long, where, within which programme and funded by whom,
 * and a code with the address where anyone can check it was really issued.
 */
import { formatDate, formatTime, t } from '../../platform/i18n/index.js';
import { asciiSlug, drawOneLine, pdfToBuffer, toWinAnsi } from '../../platform/pdf/text.js';
import { BLACK, drawable, fileDate, formatLongDate, GREY, newA4, placeText, writeFooters, type Doc } from './layout.js';
import type { CertificateInput } from './types.js';

/** « 2 h 30 », « 3 h », « 45 min », « 1 h 05 » */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return t('documents.duration.minutes', { m: String(m) });
  if (m === 0) return t('documents.duration.hours', { h: String(h) });
  return t('documents.duration.hours_minutes', { h: String(h), m: String(m).padStart(2, '0') });
}

/** « attestation-dupre-lefevre-eloise-2026-12-03.pdf »: the person's name and the session's date, ASCII. */
export function certificateFilename(input: CertificateInput): string {
  const name = asciiSlug(`${input.lastName} ${input.firstName}`, 50) || 'participant';
  return t('documents.certificate.filename', { name, date: fileDate(input.startsAt) });
}

const fullName = (input: CertificateInput) => `${input.firstName} ${input.lastName}`.trim();

export async function renderCertificate(input: CertificateInput): Promise<Buffer> {
  const doc = await newA4({
    Title: `${t('documents.certificate.title')} — ${fullName(input)}`,
    Subject: t('documents.certificate.subject', { workshop: input.workshopTitle, date: formatDate(input.startsAt) }),
    Author: input.publisher,
    Creator: input.programmeName,
  });
  const done = pdfToBuffer(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const write = (text: string, options: PDFKit.Mixins.TextOptions = {}) => doc.text(drawable(text), { width, ...options });

  // Who issues it, at the top as on a letterhead.
  doc.font('Helvetica-Bold').fontSize(12).fillColor(BLACK);
  write(input.programmeName);
  doc.font('Helvetica').fontSize(10).fillColor(GREY);
  write(input.territoryName);
  if (input.funder.trim()) write(t('documents.funder', { funder: input.funder }), { lineGap: 1 });
  doc.moveDown(0.6);
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor(GREY).stroke();

  doc.y += 60;
  doc.font('Helvetica-Bold').fontSize(26).fillColor(BLACK);
  write(t('documents.certificate.title'), { align: 'center' });
  doc.moveDown(1.6);

  const company = input.companyName?.trim() ? t('documents.certificate.company', { company: input.companyName.trim() }) : '';
  const paragraph = (text: string) => {
    write(text, { lineGap: 4 });
    doc.moveDown(0.8);
  };
  doc.font('Helvetica').fontSize(12).fillColor(BLACK);
  // « qu’Éloïse », « que Jean »: French elides before a vowel.
  const elided = /^[aeiouyàâäéèêëîïôöùûüÿœæ]/i.test(fullName(input));
  paragraph(
    t(elided ? 'documents.certificate.statement_elided' : 'documents.certificate.statement', {
      name: fullName(input),
      company,
      workshop: input.workshopTitle,
      date: formatDate(input.startsAt),
      start: formatTime(input.startsAt),
      end: formatTime(input.endsAt),
      duration: formatDuration(input.durationMinutes),
    }),
  );
  paragraph(t('documents.certificate.place', { place: placeText(input) }));
  if (input.facilitatorName?.trim()) paragraph(t('documents.certificate.facilitator', { name: input.facilitatorName.trim() }));
  paragraph(
    t('documents.certificate.programme', { programme: input.programmeName, territory: input.territoryName }) +
      (input.funder.trim() ? ` ${t('documents.certificate.funder', { funder: input.funder.trim() })}` : ''),
  );

  doc.moveDown(1);
  write(t('documents.certificate.issued', { date: formatLongDate(input.issuedAt) }), { align: 'right' });
  doc.moveDown(0.3).font('Helvetica-Bold');
  write(t('documents.certificate.publisher', { publisher: input.publisher }), { align: 'right' });

  verificationBlock(doc, input, left, width);
  writeFooters(doc, t('documents.certificate.footer', { programme: input.programmeName, territory: input.territoryName }), (n, total) =>
    total > 1 ? t('documents.page', { n, total }) : '',
  );
  doc.end();
  return done;
}

const BOX_PAD = 14;
const URL_TOP = BOX_PAD + 44;

/**
 * The code and the address to check it, in a frame at the foot of the page (lower if the text ran
 * long). The address is printed whole, on one line when it can be, in a monospaced font, so that it
 * can be typed.
 */
function verificationBlock(doc: Doc, input: CertificateInput, left: number, width: number): void {
  const inner = width - 2 * BOX_PAD;
  const x = left + BOX_PAD;
  // Largest size, from 10 pt down to 8 pt, at which the address holds on one line; past that it is
  // cut at a fixed number of characters (monospaced), never at its own hyphens, which would be ambiguous.
  const url = toWinAnsi(input.verifyUrl);
  doc.font('Courier');
  let size = 10;
  while (size > 8 && doc.fontSize(size).widthOfString(url) > inner) size -= 0.5;
  doc.fontSize(size);
  const perLine = Math.max(1, Math.floor(url.length * (inner / doc.widthOfString(url))));
  const urlLines = url.match(new RegExp(`.{1,${perLine}}`, 'g')) ?? [url];
  const lineHeight = doc.currentLineHeight(true);
  const boxHeight = URL_TOP + urlLines.length * lineHeight + BOX_PAD;

  const bottom = doc.page.height - doc.page.margins.bottom;
  let top = Math.max(doc.y + 24, bottom - boxHeight - 10);
  if (top + boxHeight > bottom) {
    doc.addPage();
    top = doc.page.margins.top;
  }
  doc.rect(left, top, width, boxHeight).lineWidth(0.8).strokeColor(GREY).stroke();
  doc.font('Helvetica-Bold').fontSize(13).fillColor(BLACK);
  drawOneLine(doc, drawable(t('documents.certificate.code', { code: input.code })), x, top + BOX_PAD, inner);
  doc.font('Helvetica').fontSize(9.5).fillColor(GREY);
  drawOneLine(doc, drawable(t('documents.certificate.verify')), x, top + BOX_PAD + 24, inner);
  doc.font('Courier').fontSize(size).fillColor(BLACK);
  urlLines.forEach((line, i) => doc.text(line, x, top + URL_TOP + i * lineHeight, { lineBreak: false, link: input.verifyUrl }));
}
