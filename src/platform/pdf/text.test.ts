import { test } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import { readPdf } from '../../../test/pdf.js';
import { asciiSlug, drawOneLine, ellipsize, fitLines, pdfToBuffer, toWinAnsi } from './text.js';

const helvetica = (size = 10) => new PDFDocument({ size: 'A4' }).font('Helvetica').fontSize(size);

test('text outside WinAnsi becomes what the standard font draws', () => {
  assert.equal(toWinAnsi('Éloïse Dupré-Lefèvre, Ferme de l’Abbaye'), 'Éloïse Dupré-Lefèvre, Ferme de l’Abbaye');
  assert.equal(toWinAnsi('14\u202Fh'), '14\u00A0h');
  assert.equal(toWinAnsi('Nguyễn 网'), 'Nguy?n ?');
});

test('ellipsize keeps what fits and ends with « … »', () => {
  const doc = helvetica();
  assert.equal(ellipsize(doc, 'Court', 100), 'Court');
  const cut = ellipsize(doc, 'Établissements Horticoles et Pépinières Réunis', 100);
  assert.ok(cut.endsWith('…') && cut.startsWith('Établissements'), cut);
  assert.ok(doc.widthOfString(cut) <= 100);
  assert.equal(ellipsize(doc, 'Anything', 1), '…');
});

test('fitLines wraps between words or after hyphens, breaks what must be, and never exceeds its lines', () => {
  const doc = helvetica();
  assert.deepEqual(fitLines(doc, 'Ferme de l’Abbaye', 200, 2), ['Ferme de l’Abbaye']);
  assert.deepEqual(fitLines(doc, '', 200, 2), []);
  const two = fitLines(doc, 'Boulangerie-Pâtisserie-Chocolaterie', 120, 2);
  assert.equal(two.length, 2);
  assert.ok(two[0]!.endsWith('-'), two[0]);
  assert.equal(two.join(''), 'Boulangerie-Pâtisserie-Chocolaterie');
  const long = fitLines(doc, 'un deux trois quatre cinq six sept huit neuf dix onze douze treize', 80, 2);
  assert.equal(long.length, 2);
  assert.ok(long[1]!.endsWith('…'));
  const word = fitLines(doc, 'x'.repeat(200), 50, 3);
  assert.equal(word.length, 3);
  for (const line of [...two, ...long, ...word]) assert.ok(doc.widthOfString(line) <= 120, line);
});

test('pdfToBuffer and drawOneLine: one line, however close to its width', async () => {
  const doc = new PDFDocument({ size: 'A4' });
  const done = pdfToBuffer(doc);
  doc.font('Helvetica').fontSize(10);
  const text = 'Pépinières Réunis de la Vallée de la Canche';
  drawOneLine(doc, text, 50, 50, doc.widthOfString(text)); // exactly its width: pdfkit's wrapper could wrap it
  drawOneLine(doc, 'droite', 50, 80, 200, 'right');
  doc.end();
  const pdf = await readPdf(await done);
  assert.deepEqual(pdf.lines[0], [text, 'droite']);
  const right = pdf.items[0]!.find((i) => i.str === 'droite')!;
  assert.ok(Math.abs(right.x + right.width - 250) < 0.5, `${right.x + right.width}`);
});

test('asciiSlug gives safe file-name parts', () => {
  assert.equal(asciiSlug('Créer son site web'), 'creer-son-site-web');
  assert.equal(asciiSlug('L’œuvre d’Ærø, straße'), 'l-oeuvre-d-aero-strasse');
  assert.equal(asciiSlug("=cmd|' /C calc'!A0"), 'cmd-c-calc-a0');
  assert.equal(asciiSlug('../../etc/passwd'), 'etc-passwd');
  assert.equal(asciiSlug('网站'), '');
  assert.equal(asciiSlug('abc def ghi', 6), 'abc-de');
  assert.equal(asciiSlug('abc def ghi', 4), 'abc');
});
