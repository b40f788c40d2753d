import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonWhiteShare, readPdf, renderPageToImage, type PageImage, type PdfTextItem, type ReadPdf } from '../../../test/pdf.js';
import { formatSlot } from '../../platform/i18n/index.js';
import { renderSignInSheet, signInSheetFilename, sortParticipants } from './sign-in-sheet.js';
import type { SignInSheetInput } from './types.js';

const A4 = [0, 0, 595.28, 841.89];
const single = (text: string) => text.replace(/\s+/g, ' ').trim();

function sheet(over: Partial<SignInSheetInput> = {}): SignInSheetInput {
  return {
    programmeName: 'Boutic',
    funder: 'Région Hauts-de-France et Département du Pas-de-Calais',
    territoryName: 'Pays du Ternois',
    workshopTitle: 'Créer son site web',
    startsAt: '2026-12-03T13:00:00.000Z', // 14 h in Paris (winter time)
    endsAt: '2026-12-03T15:30:00.000Z',
    facilitatorName: 'Jeanne Martin',
    venueName: 'Cybercentre de Frévent',
    venueAddress: '2 rue du Château',
    communeName: 'Frévent',
    postcode: '62270',
    participants: [
      { firstName: 'Éloïse', lastName: 'Dupré-Lefèvre', companyName: 'Ferme de l’Abbaye', walkIn: false },
      { firstName: 'Marc', lastName: 'Zola', companyName: null, walkIn: false },
    ],
    ...over,
  };
}

/** The row numbers printed in the « N° » column, page by page. */
function rowNumbers(pdf: ReadPdf): number[][] {
  return pdf.items.map((page) => {
    const header = page.find((i) => i.str === 'N°');
    assert.ok(header, 'every page has the column header');
    return page.filter((i) => i.y > header.y && i.x < header.x + 20 && /^\d+$/.test(i.str)).map((i) => Number(i.str));
  });
}

const itemsNamed = (pdf: ReadPdf, str: string) => pdf.items.flat().filter((i) => i.str === str);
const text = (pdf: ReadPdf) => pdf.lines.flat().join('\n');

test('the header tells the programme, its funder, the workshop, the French date, the venue and the facilitator', async () => {
  const input = sheet();
  const pdf = await readPdf(await renderSignInSheet(input));
  assert.equal(pdf.pages, 1);
  assert.deepEqual(pdf.sizes[0], A4);
  assert.equal(pdf.info.Title, 'Feuille d’émargement — Créer son site web');
  assert.equal(pdf.info.Author, 'Boutic');
  assert.match(String(pdf.info.Subject), /jeudi 3 décembre 2026 de 14 h à 16 h 30/);

  const lines = pdf.lines[0]!;
  for (const line of [
    'Boutic — Pays du Ternois',
    'Action financée par : Région Hauts-de-France et Département du Pas-de-Calais',
    'Feuille d’émargement',
    'Créer son site web',
    `Date : ${single(formatSlot(input.startsAt, input.endsAt))}`,
    'Date : jeudi 3 décembre 2026 de 14 h à 16 h 30',
    'Lieu : Cybercentre de Frévent, 2 rue du Château, 62270 Frévent',
    'Animation : Jeanne Martin',
    'Personnes inscrites : 2',
  ]) {
    assert.ok(lines.includes(line), `${line}\nnot in\n${lines.join('\n')}`);
  }
  // the people: last name, first name, company, each in its cell
  assert.equal(itemsNamed(pdf, 'Dupré-Lefèvre').length, 1);
  assert.equal(itemsNamed(pdf, 'Éloïse').length, 1);
  assert.equal(itemsNamed(pdf, 'Ferme de l’Abbaye').length, 1);
  assert.equal(itemsNamed(pdf, 'Zola').length, 1);
  assert.ok(text(pdf).includes('Nombre de personnes présentes :'));
  assert.ok(text(pdf).includes('Signature de l’animateur ou de l’animatrice :'));
  assert.ok(lines.some((l) => l.endsWith('Page 1 / 1')));
});

test('no facilitator yet reads « à désigner »; no funder, no funder line; a typed postcode is not repeated', async () => {
  const pdf = await readPdf(
    await renderSignInSheet(sheet({ facilitatorName: null, funder: '', venueAddress: '3 rue de la Mairie, 62390 Auxi-le-Château', communeName: 'Auxi-le-Château', postcode: '62390' })),
  );
  const lines = pdf.lines[0]!;
  assert.ok(lines.includes('Animation : à désigner'), lines.join('\n'));
  assert.ok(!lines.some((l) => l.includes('financée')));
  assert.ok(lines.includes('Lieu : Cybercentre de Frévent, 3 rue de la Mairie, 62390 Auxi-le-Château'), lines.join('\n'));
});

test('people are sorted by last name, then first name, in French order (É with E, not after Z)', () => {
  const people = ['Zola Marc', 'Écuyer Anne', 'Durand Anne', 'Edwards Paul', 'Durand Adèle', 'dupont Luc', 'Dupré-Lefèvre Éloïse'].map((n) => {
    const [lastName, firstName] = n.split(' ') as [string, string];
    return { lastName, firstName, companyName: null, walkIn: false };
  });
  assert.deepEqual(
    sortParticipants(people).map((p) => `${p.lastName} ${p.firstName}`),
    ['dupont Luc', 'Dupré-Lefèvre Éloïse', 'Durand Adèle', 'Durand Anne', 'Écuyer Anne', 'Edwards Paul', 'Zola Marc'],
  );
});

test('a short list gets at least the spare lines, and blank lines fill the page up to twelve', async () => {
  const pdf = await readPdf(await renderSignInSheet(sheet()));
  const numbers = rowNumbers(pdf).flat();
  const spare = numbers.length - 2;
  assert.deepEqual(numbers, numbers.map((_, i) => i + 1), 'rows numbered 1..n');
  assert.ok(spare > 4 && spare <= 12, `${spare} blank lines`);

  const more = await readPdf(await renderSignInSheet(sheet({ spareLines: 20 })));
  const all = rowNumbers(more).flat();
  assert.equal(all.length, 2 + 20, 'a larger minimum is honoured, over two pages');
  assert.equal(more.pages, 2);
  assert.deepEqual(all, all.map((_, i) => i + 1));
});

test('a 40-person sheet runs over several pages: column header on each, every name exactly once, blank lines at the end', async () => {
  const participants = Array.from({ length: 40 }, (_, i) => ({
    firstName: `Prénom-${String(i).padStart(2, '0')}`,
    lastName: `Lefort-${String(39 - i).padStart(2, '0')}`,
    companyName: i % 2 ? `Entreprise ${i}` : null,
    walkIn: false,
  }));
  participants[7] = { firstName: 'Éloïse', lastName: 'Dupré-Lefèvre', companyName: 'Ferme de l’Abbaye', walkIn: true };
  const buffer = await renderSignInSheet(sheet({ participants }));
  const pdf = await readPdf(buffer);

  assert.ok(pdf.pages >= 3, `${pdf.pages} pages`);
  for (const size of pdf.sizes) assert.deepEqual(size, A4);
  pdf.lines.forEach((page, i) => {
    assert.ok(page.includes('N° Nom, prénom Entreprise Signature'), `column header on page ${i + 1}`);
    assert.ok(page.some((l) => l.endsWith(`Page ${i + 1} / ${pdf.pages}`)), `footer on page ${i + 1}`);
    if (i > 0) assert.ok(page[0]!.startsWith('Feuille d’émargement (suite) — Créer son site web — jeudi 3 décembre 2026'), page[0]);
  });
  assert.equal(pdf.lines.flat().filter((l) => l === 'Feuille d’émargement').length, 1, 'the full header only on page 1');

  for (const p of participants) {
    assert.equal(itemsNamed(pdf, p.lastName).length, 1, p.lastName);
    if (p.companyName) assert.equal(itemsNamed(pdf, p.companyName).length, 1, p.companyName);
  }
  assert.equal(itemsNamed(pdf, 'Éloïse (sur place)').length, 1, 'someone registered on the spot is marked');

  // sorted: the last names appear in order through the pages
  const order = pdf.items.flat().filter((i) => /^Lefort-\d\d$|^Dupré-Lefèvre$/.test(i.str)).map((i) => i.str);
  assert.deepEqual(order, sortParticipants(participants).map((p) => p.lastName));

  const numbers = rowNumbers(pdf);
  const all = numbers.flat();
  assert.deepEqual(all, all.map((_, i) => i + 1), 'rows numbered 1..n across pages');
  const spare = all.length - 40;
  assert.ok(spare >= 4 && spare <= 12, `${spare} blank lines`);
  // the blank lines are the last ones, all on the last page, followed by the closing block
  const last = pdf.items.at(-1)!;
  const closing = last.find((i) => i.str === 'Nombre de personnes présentes :');
  assert.ok(closing, 'closing block on the last page');
  assert.ok(last.filter((i) => /^\d+$/.test(i.str) && i.x < 80).every((i) => i.y < closing.y));

  // the signature boxes, counted on the picture of the last page: one dark border above each row and one below
  const image = await renderPageToImage(buffer, pdf.pages, 2);
  const header = last.find((i) => i.str === 'Signature')!;
  const borders = darkRuns(image, (header.x + 60) * 2, header.y * 2, (closing.y - 14) * 2);
  assert.equal(borders, numbers.at(-1)!.length + 1);
});

test('long names and companies stay inside their cells', async () => {
  const long = 'Établissements Horticoles et Pépinières Réunis de la Vallée de la Canche et de l’Authie';
  const pdf = await readPdf(
    await renderSignInSheet(
      sheet({
        participants: [
          { firstName: 'Marie-Bernadette-Françoise-Clotilde', lastName: 'de La Tour d’Auvergne-Lauraguais-Saint-Exupéry', companyName: long, walkIn: true },
          { firstName: 'Jean', lastName: 'Martin', companyName: 'Boulangerie-Pâtisserie-Chocolaterie-Confiserie', walkIn: false },
        ],
      }),
    ),
  );
  const page = pdf.items[0]!;
  const column = (label: string) => page.find((i) => i.str === label)!;
  const [name, company, signature] = [column('Nom, prénom'), column('Entreprise'), column('Signature')];
  const rows = page.filter((i) => i.y > name.y + 5 && i.y < name.y + 80);
  const inCell = (i: PdfTextItem, from: PdfTextItem, to: PdfTextItem) => i.x >= from.x - 1 && i.x < to.x && i.x + i.width <= to.x - 5 + 0.5;
  const names = rows.filter((i) => i.x >= name.x - 1 && i.x < company.x - 5);
  const companies = rows.filter((i) => i.x >= company.x - 1 && i.x < signature.x - 5);
  assert.equal(names.length, 4);
  assert.equal(companies.length, 4, companies.map((i) => i.str).join(' | ')); // two lines each
  // a long hyphenated word breaks after a hyphen, and loses nothing when it fits two lines
  assert.match(companies[2]!.str, /-$/);
  assert.equal(companies[2]!.str + companies[3]!.str, 'Boulangerie-Pâtisserie-Chocolaterie-Confiserie');
  for (const i of names) assert.ok(inCell(i, name, company), `${i.str} overflows`);
  for (const i of companies) assert.ok(inCell(i, company, signature), `${i.str} overflows`);
  assert.ok(names.some((i) => i.str.startsWith('de La Tour') && i.str.endsWith('…')));
  assert.ok(companies.some((i) => i.str.endsWith('…')), 'what does not fit two lines ends with an ellipsis');
  assert.ok(companies[0]!.str.startsWith('Établissements Horticoles'));
});

test('a hostile name is printed as text, not dropped', async () => {
  const hostile = [
    { firstName: '<script>alert(1)</script>', lastName: "=cmd|' /C calc'!A0", companyName: '=HYPERLINK("x")', walkIn: false },
    { firstName: 'Ana', lastName: 'Nguyễn', companyName: '@SUM(1+1)', walkIn: false },
  ];
  const pdf = await readPdf(await renderSignInSheet(sheet({ participants: hostile, workshopTitle: '<b>Atelier</b> & « test »' })));
  for (const str of ["=cmd|' /C calc'!A0", '<script>alert(1)</script>', '=HYPERLINK("x")', '@SUM(1+1)', 'Nguy?n', '<b>Atelier</b> & « test »']) {
    assert.equal(itemsNamed(pdf, str).length, 1, str);
  }
});

test('page 1 drawn to pixels shows the table: neither blank nor a black page', async () => {
  const image = await renderPageToImage(await renderSignInSheet(sheet()), 1);
  assert.equal(image.width, 596);
  assert.equal(image.height, 842);
  const share = nonWhiteShare(image);
  // Text, rules and the grid of a dozen rows ink about 5-10 % of the page; a blank or footer-only
  // page is under 1 %, and anything over half the page means a filled box or a broken renderer.
  assert.ok(share > 0.03 && share < 0.5, `${(share * 100).toFixed(1)} % of the page`);
});

test('the file name is the Paris date and the workshop, ASCII only', () => {
  assert.equal(signInSheetFilename(sheet()), 'feuille-emargement-2026-12-03-creer-son-site-web.pdf');
  // 23 h 30 UTC on the 2nd is the 3rd in Paris
  assert.equal(signInSheetFilename(sheet({ startsAt: '2026-12-02T23:30:00Z', workshopTitle: 'L’e-commerce : œuvres & « données » !' })), 'feuille-emargement-2026-12-03-l-e-commerce-oeuvres-donnees.pdf');
  for (const title of ["=cmd|' /C calc'!A0", '<script>"x"</script>', '网站', '../../etc/passwd', 'a'.repeat(300)]) {
    const name = signInSheetFilename(sheet({ workshopTitle: title }));
    assert.match(name, /^feuille-emargement-\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.pdf$/, name);
    assert.ok(name.length <= 90, name);
  }
});

/** How many dark horizontal lines cross the pixel column `x` between the rows `from` and `to`. */
function darkRuns(image: PageImage, x: number, from: number, to: number): number {
  let runs = 0;
  let inRun = false;
  for (let y = Math.round(from); y < Math.round(to); y++) {
    const i = (y * image.width + Math.round(x)) * 4;
    const dark = image.data[i]! < 128 && image.data[i + 1]! < 128 && image.data[i + 2]! < 128;
    if (dark && !inRun) runs++;
    inRun = dark;
  }
  return runs;
}
