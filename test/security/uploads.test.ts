import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import { databaseTiers } from '../databases.js';
import { createTestApp } from '../app.js';
import { StaffClient } from '../staff-session.js';
import { buildStaff, buildTerritory } from '../factories.js';
import { uploadContacts, fileError, csv } from '../../src/campaigns/contacts/test-helpers.js';
import { uploadContours, fieldError } from '../../src/results/map/test-helpers.js';
import { MAX_IMPORT_BYTES } from '../../src/campaigns/contacts/parse.js';
import { MAX_CONTOUR_BYTES } from '../../src/results/map/routes.js';
import { MAX_CONTOUR_POINTS } from '../../src/results/map/contours.js';

/** A one-entry ZIP archive (deflated), as an XLSX is: enough to build a crafted workbook. */
function zip(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = zlib.deflateRawSync(e.data, { level: 9 });
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(e.data.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(e.data.length, 24); central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10); end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A workbook whose one sheet unpacks to `cellMegabytes` MB in a single cell (a few tens of kB packed). */
function bombXlsx(cellMegabytes: number, cellChars = cellMegabytes * 1024 * 1024): Buffer {
  const sheet = Buffer.concat([
    Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>'),
    Buffer.alloc(cellChars, 'a'),
    Buffer.from('</t></is></c></row></sheetData></worksheet>'),
  ]);
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>') },
    { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

/** A Windows executable's first bytes (MZ header, PE stub, NULs), as a renamed .exe starts. */
const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(64), Buffer.from('This program cannot be run in DOS mode.\r\r\n$', 'latin1'), Buffer.alloc(4096, 0x90)]);

/** Rows of every table a refused upload must leave untouched. */
async function written(db: Kysely<any>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['contact_imports', 'contacts', 'territory_contours', 'audit_log']) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

for (const tier of databaseTiers()) {
  test(`[${tier.name}] uploads: too big, wrong type, bombs and malformed files are refused in French, nothing written`, async () => {
    const t = await createTestApp(tier);
    const db = t.database.db as unknown as Kysely<any>;
    try {
      const territory = await buildTerritory(t.database.db);
      const coordinator = await buildStaff(t.database.db, { territoryId: territory.id, role: 'coordinator' });
      const client = await new StaffClient(t.app).logIn(coordinator.email, coordinator.password);
      const before = await written(db);
      let tried = 0;

      const refusedContacts = async (name: string, content: Buffer | string, message: RegExp, status?: number) => {
        tried++;
        const res = await uploadContacts(t.app, client, { name, content });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode}`);
        if (status) assert.equal(res.statusCode, status, name);
        assert.match(fileError(res.body) ?? '', message, `${name}: ${fileError(res.body)}`);
        assert.deepEqual(await written(db), before, `${name}: nothing written`);
      };
      const refusedContours = async (name: string, content: Buffer | string, message: RegExp, status?: number) => {
        tried++;
        const res = await uploadContours(t.app, client, [{ name, content }]);
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode}`);
        if (status) assert.equal(res.statusCode, status, name);
        assert.match(fieldError(res.body) ?? '', message, `${name}: ${fieldError(res.body)}`);
        assert.deepEqual(await written(db), before, `${name}: nothing written`);
      };

      // contacts import: 10 MB, CSV or XLSX
      assert.equal(MAX_IMPORT_BYTES, 10 * 1024 * 1024);
      await refusedContacts('gros.csv', Buffer.alloc(MAX_IMPORT_BYTES + 1024, 'a'), /dépasse 10 Mo/, 413);
      await refusedContacts('programme.exe', 'email\r\na@b.fr\r\n', /doit être un CSV/);
      await refusedContacts('contacts.csv', exe, /n’a pas pu être lu/);
      await refusedContacts('contacts.xlsx', bombXlsx(64), /n’a pas pu être lu/); // 64 MB packed in about 64 kB
      await refusedContacts('contacts.xlsx', bombXlsx(0, 3000), /n’a pas pu être lu/); // a 3,000-character cell
      await refusedContacts('contacts.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]), /n’a pas pu être lu/);

      // map contours: 5 MB of GeoJSON or TopoJSON
      assert.equal(MAX_CONTOUR_BYTES, 5 * 1024 * 1024);
      await refusedContours('contours.geojson', Buffer.alloc(MAX_CONTOUR_BYTES + 1024, ' '), /dépasse 5 Mo/, 413);
      await refusedContours('contours.exe', '{}', /extension/);
      await refusedContours('contours.geojson', exe, /pas du JSON/);
      await refusedContours('contours.json', JSON.stringify({ type: 'Feature', properties: {}, geometry: null }), /ni un GeoJSON/);
      await refusedContours('contours.json', JSON.stringify([1, 2, 3]), /ni un GeoJSON/);
      await refusedContours('contours.json', '['.repeat(200_000) + ']'.repeat(200_000), /pas du JSON|ni un GeoJSON/);
      // a contour of a real commune with more points than a map needs (a file not simplified)
      const ring: number[][] = [];
      const n = MAX_CONTOUR_POINTS + 10;
      for (let i = 0; i < n; i++) ring.push([2.33 + 0.01 * Math.cos((2 * Math.PI * i) / n), 50.38 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
      ring.push(ring[0]!);
      const commune = await db.selectFrom('communes').select('insee_code').where('territory_id', '=', territory.id).executeTakeFirstOrThrow();
      const huge = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: commune.insee_code }, geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [Number(x!.toFixed(5)), Number(y!.toFixed(5))])] } }] });
      assert.ok(huge.length < MAX_CONTOUR_BYTES, `${huge.length} bytes, under the size limit`);
      await refusedContours('contours.geojson', huge, /points/);

      console.log(`[${tier.name}] ${tried} hostile uploads refused, nothing written`);
    } finally {
      await t.close();
    }
  });
}
