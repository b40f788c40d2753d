import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readPdf } from '../../../test/pdf.js';
import type { StaffPrincipal } from '../../platform/auth/sessions.js';
import type { Role } from '../../platform/db/schema.js';
import { emptyFigures } from '../queries.js';
import { csvValue, renderReportCsv } from './csv.js';
import { epciLabel, type CommuneRow, type ReportData } from './data.js';
import { reportFilename } from './info.js';
import { formatCalendarDate, formatReportDate, renderReportPdf, type MapBox } from './pdf.js';
import { canReadReport } from './policy.js';
import { reportTables, sheetName } from './tables.js';
import { sizeInWords } from './views.js';
import { renderReportXlsx } from './xlsx.js';

const plain = (s: string) => s.replace(/[\u00A0\u202F]/g, ' ');
const prose = (lines: string[][]) => plain(lines.flat().join(' ')).replace(/\s+/g, ' ');

const commune = (code: string, label: string, participants: number): CommuneRow => ({ key: code, code, label, epciCode: '200069672', participants, companies: participants });

/** A report built by hand (no database): the formats are pure functions of it. */
function sample(over: Partial<ReportData> = {}): ReportData {
  const communes = [commune('62060', 'Auxi-le-Château', 3), commune('62616', 'Nœux-lès-Auxi', 2), commune('62361', 'Frévent', 1)];
  return {
    generatedAt: '2026-12-01T09:00:00.000Z',
    territory: { id: 1, name: 'Pays du Ternois', epciCode: '200069672', epciName: 'CC du Ternois' },
    programme: { name: 'Boutic', funder: 'Région Hauts-de-France', publisher: 'Pays du Ternois' },
    cycle: { id: 7, number: 4, name: '4e session', startsOn: '2026-09-01', endsOn: '2027-02-28' },
    figures: { ...emptyFigures(7), leaders: 6, companies: 5, present: 6, sessionsHeld: 1, registrations: 7, absent: 1, seats: 10, seatsTaken: 7, participantHours: 15 },
    ratios: { attendance: 6 / 7, noShow: 1 / 7, fill: 0.7 },
    bySector: [{ key: 'agriculture', label: 'Agriculture', participants: 6, companies: 5 }],
    bySize: [{ key: '0', label: 'Aucun salarié', participants: 6, companies: 5 }],
    byCommune: communes,
    byEpci: [{ key: '200069672', code: '200069672', label: 'Pays du Ternois', participants: 6, companies: 5 }],
    sessions: [
      { id: 1, startsAt: '2026-10-06T12:00:00.000Z', endsAt: '2026-10-06T14:30:00.000Z', workshop: 'Créer son site web', venue: 'Cybercentre d’Auxi-le-Château', venueCommune: 'Auxi-le-Château', facilitator: null, registered: 7, present: 6, hours: 2.5, participantHours: 15 },
    ],
    participantHours: 15,
    extraSections: [],
    ...over,
  };
}

const satisfaction = { title: 'Satisfaction des participants', rows: [['Très satisfaits', 12], ['Note moyenne sur 5', 4.5], ['Ce qui a plu', '« Concret » et =utile']] as Array<[string, string | number]> };
const outcomes = { title: 'Suites : orientations vers les chambres', rows: [['Orientations acceptées', 3]] as Array<[string, string | number]> };

test('extra sections come out in the PDF, as a worksheet each and as CSV tables, with nothing more to write', async () => {
  const data = sample({ extraSections: [satisfaction, outcomes] });
  const pdf = await readPdf(await renderReportPdf(data));
  const text = prose(pdf.lines);
  for (const part of ['Satisfaction des participants', 'Très satisfaits 12', 'Note moyenne sur 5 4,5', 'Ce qui a plu « Concret » et =utile', 'Suites : orientations vers les chambres', 'Orientations acceptées 3']) {
    assert.ok(text.includes(part), `${part}\nnot in\n${text}`);
  }
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await renderReportXlsx(data)) as unknown as ArrayBuffer);
  assert.deepEqual(book.worksheets.map((s) => s.name).slice(6), ['Satisfaction des participants', 'Suites orientations vers les']);
  const sheet = book.getWorksheet('Satisfaction des participants')!;
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Libellé', 'Valeur']);
  assert.equal(sheet.getCell('B2').value, 12);
  assert.equal(sheet.getCell('B3').value, 4.5);
  assert.equal(sheet.getCell('B4').value, '« Concret » et =utile');
  const tables = reportTables(data);
  assert.deepEqual(tables.map((x) => x.slug), ['synthese', 'secteurs', 'communes', 'intercommunalites', 'tailles', 'seances', 'satisfaction-des-participants', 'suites-orientations-vers-les-chambres']);
  const csv = renderReportCsv(tables[6]!);
  assert.equal(csv, '\uFEFFLibellé;Valeur\r\nTrès satisfaits;12\r\nNote moyenne sur 5;4,5\r\nCe qui a plu;« Concret » et =utile\r\n');
});

test('extra sections with the same or awkward titles still get distinct sheets and slugs', () => {
  const data = sample({ extraSections: [{ title: 'Synthèse', rows: [] }, { title: 'Secteurs', rows: [] }, { title: 'Secteurs', rows: [] }, { title: '[?]*', rows: [] }] });
  const tables = reportTables(data);
  assert.deepEqual(tables.slice(6).map((x) => [x.slug, x.sheet]), [
    ['synthese-2', 'Synthèse 2'],
    ['secteurs-2', 'Secteurs 2'],
    ['secteurs-3', 'Secteurs 3'],
    ['section', 'Section'],
  ]);
  assert.equal(sheetName('Un titre beaucoup trop long pour une feuille Excel'), 'Un titre beaucoup trop long');
  assert.equal(sheetName('Anticonstitutionnellementissimement'), 'Anticonstitutionnellementissime');
  assert.equal(sheetName("'a/b:c'"), 'a b c');
});

test('the drawMap hook draws the « Carte du territoire » in a box of the page; without it the communes are listed', async () => {
  const boxes: MapBox[] = [];
  const withMap = await readPdf(
    await renderReportPdf(sample(), {
      drawMap: (doc, box) => {
        boxes.push(box);
        doc.rect(box.x, box.y, box.width, box.height).fillColor('#cccccc').fill();
        doc.font('Helvetica').fontSize(12).fillColor('#000000').text('MAP DRAWN HERE', box.x + 10, box.y + 10, { lineBreak: false });
      },
    }),
  );
  assert.equal(boxes.length, 1);
  const box = boxes[0]!;
  assert.ok(box.x >= 50 && box.x + box.width <= 595.28 - 50 + 0.01 && box.y >= 50 && box.y + box.height <= 841.89 - 64 + 0.01 && box.height >= 300, JSON.stringify(box));
  const page = withMap.lines.findIndex((l) => l.includes('Carte du territoire'));
  assert.ok(page >= 0);
  assert.ok(withMap.lines[page]!.includes('MAP DRAWN HERE'));
  assert.ok(!prose(withMap.lines).includes('Communes touchées'), 'no list when there is a map');

  const withoutMap = await readPdf(await renderReportPdf(sample()));
  const text = prose(withoutMap.lines);
  assert.ok(text.includes('Carte du territoire Communes touchées (nombre de chefs d’entreprise entre parenthèses)'), text);
  for (const part of ['Auxi-le-Château (3)', 'Nœux-lès-Auxi (2)', 'Frévent (1)']) assert.ok(text.includes(part), part);
});

test('the commune table names the first communes, then « Autres communes » with the rest summed', async () => {
  const many = Array.from({ length: 20 }, (_, i) => commune(`62${String(100 + i)}`, `Commune ${String.fromCharCode(65 + i)}`, 20 - i));
  const leaders = many.reduce((s, c) => s + c.participants, 0);
  const data = sample({ byCommune: many, figures: { ...sample().figures, leaders } });
  const text = prose((await readPdf(await renderReportPdf(data, { topCommunes: 5 }))).lines);
  assert.ok(text.includes('Les 5 communes les plus représentées, puis les autres regroupées.'));
  assert.ok(text.includes('Commune E 16'));
  assert.ok(!text.includes('Commune F 15'), 'the sixth is among the others');
  const rest = many.slice(5).reduce((s, c) => s + c.participants, 0);
  assert.ok(text.includes(`Autres communes (15) ${rest}`), text);
});

test('an empty cycle still makes a report: zeros, dashes for rates, no session', async () => {
  const data = sample({ figures: emptyFigures(7), ratios: { attendance: null, noShow: null, fill: null }, bySector: [], bySize: [], byCommune: [], byEpci: [], sessions: [], participantHours: 0 });
  const pdf = await readPdf(await renderReportPdf(data));
  const text = prose(pdf.lines);
  assert.ok(text.includes('0 Chefs d’entreprise touchés'));
  assert.ok(text.includes('— Taux de présence'));
  assert.ok(text.includes('Aucune commune touchée pour cette session.'));
  assert.ok(text.includes('Séances tenues Aucune donnée pour cette session.'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await renderReportXlsx(data)) as unknown as ArrayBuffer);
  assert.equal(book.getWorksheet('Séances')!.rowCount, 1, 'the header alone');
  const summary = reportTables(data)[0]!;
  assert.equal(renderReportCsv(summary).includes('Taux de présence (%);\r\n'), true, 'no rate: an empty cell');
});

test('CSV cells: French numbers without grouping, dates in the French order at Paris time, formulas neutralised', () => {
  assert.equal(csvValue({ kind: 'integer', value: 12345 }), '12345');
  assert.equal(csvValue({ kind: 'decimal', value: 1234.5 }), '1234,5');
  assert.equal(csvValue({ kind: 'percent', value: 2 / 3 }), '66,7');
  assert.equal(csvValue({ kind: 'percent', value: null }), '');
  assert.equal(csvValue({ kind: 'date', value: '2027-02-28' }), '28/02/2027');
  assert.equal(csvValue({ kind: 'datetime', value: '2026-11-17T13:00:00.000Z' }), '17/11/2026 14:00', 'winter time');
  assert.equal(csvValue({ kind: 'datetime', value: '2026-06-17T12:30:00.000Z' }), '17/06/2026 14:30', 'summer time');
  for (const bad of ['=1+1', '+33 6', '-2', '@SUM(A1)', '\tx', '\rx']) assert.equal(csvValue({ kind: 'text', value: bad }), `'${bad}`);
  assert.equal(csvValue({ kind: 'text', value: 'Frévent' }), 'Frévent');
});

test('dates and names in French', () => {
  assert.equal(formatCalendarDate('2026-09-01'), '1er septembre 2026');
  assert.equal(formatCalendarDate('2027-02-28'), '28 février 2027');
  assert.equal(formatReportDate('2026-11-30T23:30:00Z'), '1er décembre 2026', 'the Paris day');
  assert.equal(sizeInWords(900), 'moins d’un kilo-octet');
  assert.equal(sizeInWords(48 * 1024 + 100), 'environ 48 ko');
  assert.equal(plain(sizeInWords(1.25 * 1024 * 1024)), 'environ 1,3 Mo');
  assert.equal(reportFilename({ number: 4, name: '4e session' }, 'pdf'), 'bilan-4e-session.pdf');
  assert.equal(reportFilename({ number: 4, name: 'Session d’été 2026' }, 'xlsx'), 'bilan-session-d-ete-2026.xlsx');
  assert.equal(reportFilename({ number: 4, name: '4e session' }, { table: 'secteurs' }), 'bilan-4e-session-secteurs.csv');
  assert.equal(reportFilename({ number: 9, name: '«»' }, 'pdf'), 'bilan-session-9.pdf');
  assert.match(reportFilename({ number: 9, name: '"; filename=../../x' }, 'pdf'), /^bilan-[a-z0-9-]+\.pdf$/);
  assert.equal(epciLabel('200069672', { name: 'Pays du Ternois', epciCode: '200069672' }), 'Pays du Ternois');
  assert.equal(epciLabel('246200364', { name: 'Pays du Ternois', epciCode: '200069672' }), 'Intercommunalité 246200364');
});

test('who may read the report: a table of role × territory', () => {
  const staff = (role: Role, territoryId: number | null): StaffPrincipal => ({ id: 1, email: 'x@example.fr', displayName: 'X', role, territoryId, sessionHash: 'h' });
  const cases: Array<[Role, number | null, boolean]> = [
    ['administrator', 1, true],
    ['administrator', null, true],
    ['administrator', 2, false],
    ['coordinator', 1, true],
    ['coordinator', 2, false],
    ['elected', 1, true],
    ['elected', null, false], // an elected official belongs to a territory
    ['elected', 2, false],
    ['facilitator', 1, false],
    ['partner', 1, false],
  ];
  for (const [role, territory, allowed] of cases) assert.equal(canReadReport(staff(role, territory), 1), allowed, `${role} of ${territory}`);
  assert.equal(canReadReport(null, 1), false);
});
