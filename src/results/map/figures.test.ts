import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildSessionWith, buildStaff, buildTerritory, buildVenue, buildVenueWith, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { programmeFigures } from '../queries.js';
import { communeFigures, territoryMapData, unlocatedLeaders } from './queries.js';
import PDFDocument from 'pdfkit';
import { nonWhiteShare, renderPageToImage } from '../../../test/pdf.js';
import { TerritoryMapSection, territoryMapLayout } from './views.js';
import { GEOJSON_TODAY, readShared, uploadContours } from './test-helpers.js';

const DAY = 86400_000;
const SAINT_POL = '62767';
const PERNES = '62652';
const FREVENT = '62361';
const AUXI = '62060';

/**
 * Data built for the map's figures: two cycles; known people in known communes.
 * Cycle 1: H1 held, X1 cancelled. Cycle 2: H2 held, S2 scheduled.
 * - ann (Saint-Pol) present at H1 and H2; bob (Saint-Pol) present at H1;
 * - cid (no commune; company in Pernes) present at H2;
 * - dan (Frévent) absent at H1, « present » at the cancelled X1; hal (Frévent) registered at the scheduled S2;
 * - eve (Auxi) waitlisted at H2 and cancelled at H1 (both marked present, neither counts);
 * - fay (Arras, outside the territory) present at H1; gus (no commune, no company) present at H2;
 * - zed, of another territory, present there in a commune of the same code.
 */
for (const tier of databaseTiers()) {
  describe(`the map's figures per commune are true, on ${tier.name}`, () => {
    let app: TestApp;
    let territoryId: number;
    let cycles: number[];
    let population: Map<string, number>;

    before(async () => {
      app = await createTestApp(tier);
      const db = app.database.db;
      territoryId = (await buildTerritory(db)).id;
      const other = (await buildTerritory(db)).id;
      cycles = [];
      for (const n of [1, 2]) {
        cycles.push((await db.insertInto('cycles').values({ territory_id: territoryId, number: n, name: `${n}e session`, starts_on: '2025-01-01', ends_on: '2027-12-31', registration_opens_at: '2025-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow()).id);
      }
      const venue = (await buildVenue(db, { territoryId, communeCode: FREVENT, name: 'Cybercentre de Frévent' })).id;
      await buildVenueWith(db, { territoryId, commune_code: SAINT_POL, name: 'Cybercentre de Saint-Pol', latitude: 50.381, longitude: 2.334 });
      const workshop = (await buildWorkshop(db, { territoryId })).id;
      const session = async (cycle: number, daysAgo: number, status: 'held' | 'scheduled' | 'cancelled') =>
        (await buildSessionWith(db, { territoryId, cycleId: cycle, venueId: venue, workshopId: workshop, status, startsAt: new Date(Date.now() - daysAgo * DAY) })).id;
      const h1 = await session(cycles[0]!, 200, 'held');
      const x1 = await session(cycles[0]!, 190, 'cancelled');
      const h2 = await session(cycles[1]!, 20, 'held');
      const s2 = await session(cycles[1]!, -10, 'scheduled');
      const person = async (name: string, commune: string | null, companyCommune: string | null = null, territory = territoryId) => {
        const company = companyCommune === null ? null : (await db.insertInto('companies').values({ territory_id: territory, name: `E-${name}`, sector: 'commerce', commune_code: companyCommune }).returning('id').executeTakeFirstOrThrow()).id;
        return (await db.insertInto('participants').values({ territory_id: territory, email: `${name}@example.fr`, first_name: name, last_name: 'T', commune_code: commune, company_id: company }).returning('id').executeTakeFirstOrThrow()).id;
      };
      const reg = (sessionId: number, participant: number, attendance: 'present' | 'absent' | null, status: 'confirmed' | 'waitlisted' | 'cancelled' = 'confirmed') =>
        db.insertInto('registrations').values({ session_id: sessionId, participant_id: participant, status, attendance, source: 'web' }).execute();
      const ann = await person('ann', SAINT_POL, AUXI); // her own commune wins over her company's
      const bob = await person('bob', SAINT_POL);
      const cid = await person('cid', null, PERNES);
      const dan = await person('dan', FREVENT);
      const hal = await person('hal', FREVENT);
      const eve = await person('eve', AUXI);
      const fay = await person('fay', '62041');
      const gus = await person('gus', null);
      await reg(h1, ann, 'present');
      await reg(h2, ann, 'present');
      await reg(h1, bob, 'present');
      await reg(h2, cid, 'present');
      await reg(h1, dan, 'absent');
      await reg(x1, dan, 'present');
      await reg(s2, hal, null);
      await reg(h2, eve, 'present', 'waitlisted');
      await reg(h1, eve, 'present', 'cancelled');
      await reg(h1, fay, 'present');
      await reg(h2, gus, 'present');
      const strangerSession = await buildSessionWith(db, { territoryId: other, status: 'held', startsAt: new Date(Date.now() - 30 * DAY) });
      await reg(strangerSession.id, await person('zed', SAINT_POL, null, other), 'present');
      const rows = await db.selectFrom('communes').select(['insee_code', 'population']).where('territory_id', '=', territoryId).execute();
      population = new Map(rows.map((r) => [r.insee_code, Number(r.population)]));
    });
    after(() => app.close());

    const leadersOf = (figures: Awaited<ReturnType<typeof communeFigures>>) => Object.fromEntries(figures.communes.filter((c) => c.leaders > 0).map((c) => [c.code, c.leaders]));

    test('all cycles: people counted once, in their commune or else their company’s', async () => {
      const figures = await communeFigures(app.database.db, territoryId, { cycleId: null });
      assert.equal(figures.communes.length, 103);
      assert.deepEqual(leadersOf(figures), { [SAINT_POL]: 2, [PERNES]: 1 });
      const saintPol = figures.communes.find((c) => c.code === SAINT_POL)!;
      assert.equal(saintPol.name, 'Saint-Pol-sur-Ternoise');
      assert.equal(saintPol.population, population.get(SAINT_POL));
      assert.equal(saintPol.epciCode, '200069672');
      assert.equal(saintPol.rate, (2 * 1000) / population.get(SAINT_POL)!);
      assert.equal(await unlocatedLeaders(app.database.db, territoryId, { cycleId: null }), 2, 'fay (outside) and gus (no commune)');
      const all = await programmeFigures(app.database.db, territoryId, null);
      assert.equal(all.leaders, 2 + 1 + 2, 'the communes and the unlocated add up to the dashboard’s leaders');
    });

    test('per cycle', async () => {
      const one = await communeFigures(app.database.db, territoryId, { cycleId: cycles[0]! });
      assert.deepEqual(leadersOf(one), { [SAINT_POL]: 2 });
      assert.equal(await unlocatedLeaders(app.database.db, territoryId, { cycleId: cycles[0]! }), 1);
      const two = await communeFigures(app.database.db, territoryId, { cycleId: cycles[1]! });
      assert.deepEqual(leadersOf(two), { [SAINT_POL]: 1, [PERNES]: 1 });
      assert.equal(await unlocatedLeaders(app.database.db, territoryId, { cycleId: cycles[1]! }), 1);
    });

    test('one grouped query; sorted by rate; the communes not reached apart, most populated first', async () => {
      const before = app.database.queryCount();
      const figures = await communeFigures(app.database.db, territoryId, { cycleId: null });
      assert.equal(app.database.queryCount() - before, 1);
      const rates = figures.communes.map((c) => c.rate ?? -1);
      assert.deepEqual(rates, [...rates].sort((a, b) => b - a));
      assert.equal(figures.notReached.length, 101);
      assert.ok(figures.notReached.every((c) => c.leaders === 0 && c.rate === 0));
      const pops = figures.notReached.map((c) => c.population ?? -1);
      assert.deepEqual(pops, [...pops].sort((a, b) => b - a));
      assert.equal(figures.notReached[0]!.code, [...population].filter(([code]) => code !== SAINT_POL && code !== PERNES).sort((a, b) => b[1] - a[1])[0]![0]);
    });

    test('without contours: the same figures as bars and a table', async () => {
      const data = await territoryMapData(app.database.db, territoryId, { cycleId: null });
      const html = render(h(TerritoryMapSection, { data }));
      assert.doesNotMatch(html, /chart-map/);
      assert.match(html, /<svg class="chart" viewBox="[^"]+" role="img" aria-labelledby="carte-barres-titre carte-barres-desc" id="carte-barres">/);
      assert.equal([...html.matchAll(/<rect [^>]*><title>/g)].length, 2, 'one bar per commune reached');
      assert.match(html, /<desc id="carte-barres-desc">Une barre par commune où des chefs d’entreprise ont été touchés \(2 communes sur 103\)/);
      assert.match(html, /<tr><td>Saint-Pol-sur-Ternoise<\/td><td>62767<\/td><td>[\d\u202f]+<\/td><td>2<\/td><td>[\d,]+<\/td><td>Cybercentre de Saint-Pol<\/td><\/tr>/);
      assert.match(html, /Chefs d’entreprise touchés qui ne sont comptés dans aucune commune du territoire \(commune non renseignée, ou hors du territoire\) : 2\./);
    });

    test('with contours: one path per commune, an image with a title and a description, reached and not reached filled apart', async () => {
      const staff = await buildStaff(app.database.db, { territoryId, role: 'coordinator' });
      const coordinator = await new StaffClient(app.app).logIn(staff.email, staff.password);
      assert.equal((await uploadContours(app.app, coordinator, [{ name: 'ternois.geojson', content: readShared(GEOJSON_TODAY) }])).statusCode, 303);
      const page = await coordinator.get('/equipe/bilan/carte');
      assert.equal(page.statusCode, 200);
      const svg = /<svg class="chart chart-map"[\s\S]*?<\/svg>/.exec(page.body)?.[0];
      assert.ok(svg, 'the map is drawn');
      assert.match(svg, /^<svg class="chart chart-map" viewBox="0 0 640 \d+" role="img" aria-labelledby="carte-titre carte-desc" id="carte">/);
      assert.match(svg, /<title id="carte-titre">Carte des chefs d’entreprise touchés pour 1\u00a0000 habitants, par commune<\/title>/);
      assert.match(svg, /<desc id="carte-desc">Des chefs d’entreprise ont été touchés dans 2 communes sur 103\. Taux le plus élevé : (Saint-Pol-sur-Ternoise|Pernes), [\d,]+ pour 1\u00a0000 habitants\./);
      const paths = [...svg.matchAll(/<path d="M[^"]+" fill="([^"]+)" data-code="(\d+)"><title>([^<]+)<\/title><\/path>/g)];
      assert.equal(paths.length, 103, 'one path per matched commune');
      assert.equal((svg.match(/<path /g) ?? []).length, 103, 'and no other path');
      const fill = (code: string) => paths.find((p) => p[2] === code)![1] ?? '';
      assert.notEqual(fill(SAINT_POL), fill(FREVENT));
      assert.equal(fill(FREVENT), 'url(#carte-aucun)');
      assert.match(fill(SAINT_POL), /^#[0-9a-f]{6}$/);
      assert.match(paths.find((p) => p[2] === SAINT_POL)![3] ?? '', /^Saint-Pol-sur-Ternoise — chefs d’entreprise touchés : 2, soit [\d,]+ pour 1\u00a0000 habitants$/);
      // the venues: Frévent at its commune's centroid, Saint-Pol at its coordinates
      assert.equal((svg.match(/<circle cx="[\d.]+" cy="[\d.]+" r="5"/g) ?? []).length, 3, 'two venues and the legend’s marker');
      assert.match(svg, />Cybercentre de Frévent<\/text>/);
      assert.match(page.body, /Contours des communes : ternois\.geojson, chargés le/);
      // the same map for a PDF: pdfkit draws the path strings in a box of the page
      const data = await territoryMapData(app.database.db, territoryId, { cycleId: null });
      const layout = territoryMapLayout(data, 400, 500)!;
      assert.equal(layout.areas.length, 103);
      assert.deepEqual(layout.areas.find((a) => a.id === SAINT_POL)!.fill, fill(SAINT_POL));
      assert.equal(layout.areas.find((a) => a.id === FREVENT)!.hatched, true);
      const doc = new PDFDocument({ size: 'A4', margin: 50 });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise((resolve) => doc.on('end', resolve));
      doc.save().translate(95, 150);
      for (const a of layout.areas) doc.path(a.d).fillColor(a.fill).strokeColor('#ffffff').lineWidth(0.5).fillAndStroke();
      for (const p of layout.points) doc.circle(p.x, p.y, 3).fill('#b34000');
      doc.restore().end();
      await done;
      const ink = nonWhiteShare(await renderPageToImage(Buffer.concat(chunks)));
      assert.ok(ink > 0.08, `the map covers the page's box: ${ink}`);
      assert.equal(territoryMapLayout({ ...data, contours: null }, 400, 500), null);
      const cycle = await coordinator.get(`/equipe/bilan/carte?session=${cycles[0]}`);
      assert.match(cycle.body, /Chefs d’entreprise touchés par commune, 1e session/);
      assert.match(cycle.body, /<desc id="carte-desc">Des chefs d’entreprise ont été touchés dans une seule commune sur 103 : Saint-Pol-sur-Ternoise, [\d,]+ pour 1\u00a0000 habitants\./);
    });
  });
}
