import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { decodeText, detectDelimiter, parseCsv, parseContactFile, MAX_IMPORT_ROWS } from './parse.js';
import { guessMapping } from './mapping.js';
import { sectorOf, communeMatcher } from './validate.js';

describe('contacts files: decoding, separators, mapping', () => {
  test('UTF-8 with its BOM stripped; invalid UTF-8 read as Windows-1252', () => {
    assert.deepEqual(decodeText(Buffer.from('\uFEFFPrénom;Ça', 'utf8')), { text: 'Prénom;Ça', encoding: 'utf-8' });
    // 0x80 is € and 0x9C is œ in Windows-1252, not in ISO-8859-1
    assert.deepEqual(decodeText(Uint8Array.from([0x80, 0x20, 0x9c, 0x75, 0x76, 0x72, 0x65, 0x20, 0xe9])), { text: '€ œuvre é', encoding: 'windows-1252' });
  });

  test('the separator is the most frequent of ; , tab in the header, outside quotes', () => {
    assert.equal(detectDelimiter('a;b;"c,d,e"\n1,2,3'), ';');
    assert.equal(detectDelimiter('a,b,c'), ',');
    assert.equal(detectDelimiter('a\tb\tc'), '\t');
    assert.equal(detectDelimiter('courriel'), ',');
  });

  test('empty lines keep their line numbers; trailing ones are dropped; a stray quote is kept', () => {
    const parsed = parseCsv(Buffer.from('courriel;nom\na@b.fr;Le 3" écran\n\nc@d.fr;X\n\n\n'));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.table.rows, [['a@b.fr', 'Le 3" écran'], [], ['c@d.fr', 'X']]);
  });

  test(`more than ${MAX_IMPORT_ROWS} rows is refused with the count`, () => {
    const parsed = parseCsv(Buffer.from('courriel\n' + 'a@b.fr\n'.repeat(MAX_IMPORT_ROWS + 1)));
    assert.deepEqual(parsed, { ok: false, error: 'too_many_rows', rows: MAX_IMPORT_ROWS + 1 });
  });

  test(`an XLSX workbook is read as a stream: more than ${MAX_IMPORT_ROWS} rows stops the reading; a broken archive is unreadable`, async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Contacts');
    sheet.addRow(['Courriel']);
    for (let i = 0; i <= MAX_IMPORT_ROWS; i++) sheet.addRow([`c${i}@exemple.fr`]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    assert.deepEqual(await parseContactFile(bytes), { ok: false, error: 'too_many_rows' });
    sheet.spliceRows(3, 2); // now under the limit
    const parsed = await parseContactFile(Buffer.from(await workbook.xlsx.writeBuffer()));
    assert.ok(parsed.ok);
    assert.equal(parsed.table.rows.length, MAX_IMPORT_ROWS - 1);
    assert.deepEqual(await parseContactFile(bytes.subarray(0, bytes.length >> 1)), { ok: false, error: 'unreadable' });
  });

  test('columns guessed from headers, whatever their case and accents', () => {
    assert.deepEqual(guessMapping(['Nom', 'PRÉNOM', 'Adresse e-mail', 'Raison sociale', 'N° SIRET', 'CP', 'Ville', 'Code INSEE', "Secteur d'activité", 'Tél.']), {
      email: 2, first_name: 1, last_name: 0, company: 3, siret: 4, commune: 6, postcode: 5, insee: 7, sector: 8, phone: 9,
    });
    assert.deepEqual(guessMapping(['Courriel', 'Nom de l’entreprise', 'Nom du contact']).company, 1);
  });

  test('sectors recognised from free text', () => {
    assert.equal(sectorOf('Boulangerie-pâtisserie'), 'artisanat');
    assert.equal(sectorOf('Hôtellerie'), 'tourisme');
    assert.equal(sectorOf('Exploitation agricole'), 'agriculture');
    assert.equal(sectorOf('Négoce'), 'commerce');
    assert.equal(sectorOf('xyz'), null);
  });

  test('communes by INSEE code (current or merged), or by name and postcode', () => {
    const match = communeMatcher([
      { insee_code: '62767', name: 'Saint-Pol-sur-Ternoise', postcodes: '62130', former_codes: null },
      { insee_code: '62036', name: 'Anvin', postcodes: '62134', former_codes: '62999' },
      { insee_code: '62451', name: 'Heuchin', postcodes: '62134', former_codes: null },
    ]);
    assert.equal(match({ insee: '62999', name: '', postcode: '' }), '62036');
    assert.equal(match({ insee: '', name: 'ST POL SUR TERNOISE', postcode: '62130' }), '62767');
    assert.equal(match({ insee: '', name: '', postcode: '62134' }), null); // two communes share it
    assert.equal(match({ insee: '', name: 'Anvin', postcode: '62130' }), null);
  });
});
