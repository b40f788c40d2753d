import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { databaseTiers } from '../../../test/databases.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { readPdf, renderPageToImage } from '../../../test/pdf.js';
import type { Database } from '../../platform/db/database.js';
import { matchContours, readContourFile } from '../map/contours.js';
import { saveTerritoryContours } from '../map/commands.js';
import { TOPOJSON_2012 } from '../map/test-helpers.js';
import { reportData } from './data.js';
import { reportMapDrawer } from './map.js';
import { renderReportPdf } from './pdf.js';

/** Pixels of a colour (± a few units) on a rendered page. */
function pixelsOf(image: { width: number; height: number; data: Uint8ClampedArray }, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i < image.width * image.height * 4; i += 4) {
    if (Math.abs(image.data[i]! - r) < 6 && Math.abs(image.data[i + 1]! - g) < 6 && Math.abs(image.data[i + 2]! - b) < 6) n++;
  }
  return n;
}

for (const tier of databaseTiers()) {
  describe(`the funder's report draws the territory map, on ${tier.name}`, () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    let territoryId: number;
    let cycleId: number;

    before(async () => {
      ({ database, cleanup } = await tier.create());
      const db = database.db;
      territoryId = (await buildTerritory(db)).id;
      const coordinator = await buildStaff(db, { territoryId, role: 'coordinator' });
      cycleId = (await buildCycle(db, { territoryId })).id;
      const session = await buildSessionWith(db, {
        territoryId,
        cycleId,
        venueId: (await buildVenue(db, { territoryId, name: 'Cybercentre de Frévent' })).id,
        workshopId: (await buildWorkshop(db, { territoryId })).id,
        startsAt: new Date(Date.now() - 10 * 86400_000),
        set: { status: 'held' },
      });
      // three leaders of Frévent (62361), one of Saint-Pol (62767), present
      for (const [i, commune] of ['62361', '62361', '62361', '62767'].entries()) {
        const p = await db.insertInto('participants').values({ territory_id: territoryId, email: `p${i}@example.fr`, first_name: 'P', last_name: String(i), commune_code: commune }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('registrations').values({ session_id: session.id, participant_id: p.id, status: 'confirmed', attendance: 'present', source: 'web' }).execute();
      }
      const read = readContourFile(fs.readFileSync(TOPOJSON_2012, 'utf8'));
      assert.ok(read.ok);
      const communes = await db.selectFrom('communes').select(['insee_code', 'name', 'former_codes']).where('territory_id', '=', territoryId).execute();
      const matched = matchContours(read.layers, communes);
      assert.ok(matched.ok);
      await saveTerritoryContours(db, { staffId: coordinator.id, territoryId }, { fileName: 'pays-ternois-2012-104.topojson', collection: matched.collection, report: matched.report });
    });
    after(() => cleanup());

    test('with contours, the « Carte du territoire » page is the choropleth in its palette, with the venues and a legend', async () => {
      const data = (await reportData(database.db, territoryId, cycleId))!;
      const drawMap = await reportMapDrawer(database.db, territoryId, cycleId);
      assert.ok(drawMap, 'contours are loaded: a map is drawn');
      const pdf = await renderReportPdf(data, { drawMap });
      if (process.env.KEEP_PDF) fs.writeFileSync(process.env.KEEP_PDF, pdf);
      const read = await readPdf(pdf);
      const page = read.lines.findIndex((lines) => lines.some((l) => l.includes('Carte du territoire'))) + 1;
      assert.ok(page > 0);
      const text = read.lines[page - 1]!.join(' ');
      assert.match(text, /Cybercentre de Frévent/, 'the venue is named on the map');
      assert.match(text, /Aucun chef d’entreprise touché/, 'the legend names the grey');
      const image = await renderPageToImage(pdf, page, 1);
      // Frévent (3 leaders) and Saint-Pol (1) fall in different classes; most communes are grey
      assert.ok(pixelsOf(image, '#e4e4e4') > 5000, 'communes not reached, in grey');
      const coloured = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'].map((c) => pixelsOf(image, c));
      assert.ok(coloured.filter((n) => n > 30).length >= 2, `two classes at least: ${coloured.join(', ')}`);
    });

    test('without contours, no map hook: the PDF lists the communes reached', async () => {
      await database.db.deleteFrom('territory_contours').execute();
      assert.equal(await reportMapDrawer(database.db, territoryId, cycleId), undefined);
      const pdf = await renderReportPdf((await reportData(database.db, territoryId, cycleId))!, {});
      const text = (await readPdf(pdf)).lines.flat().join(' ');
      assert.match(text, /Frévent \(3\)/);
    });
  });
}
