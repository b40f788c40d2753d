import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { databaseTiers } from '../databases.js';
import { axeViolations, startDemoBrowser, type BrowserApp } from './harness.js';
import { projectRoot } from '../../src/platform/paths.js';

const [sqlite] = databaseTiers();
/** The reference contours, read where they are (../shared/data beside the repository), never copied. */
const SHARED_DATA = path.resolve(projectRoot(), '../shared/data');

/** The territory map with the demo's data: the coordinator loads the 2012 TopoJSON through the real form, then sees the map; axe on each page. */
describe('the territory map in Chromium, checked by axe-core', () => {
  let demo: Awaited<ReturnType<typeof startDemoBrowser>>;
  let app: BrowserApp;

  before(async () => {
    demo = await startDemoBrowser(sqlite!);
    app = demo.app;
  });
  after(() => demo?.close());
  const signedIn = () => demo.signedIn('coordinator');

  test('without contours: bars and tables; a wrong file gets its message; the TopoJSON loads and the map is drawn', async () => {
    const page = await signedIn();
    await page.goto(`${app.baseUrl}/equipe/bilan/carte`);
    assert.equal(await page.locator('svg.chart-map').count(), 0);
    assert.equal(await page.locator('svg#carte-barres[role="img"]').count(), 1, 'the demo has leaders reached: the bars stand in for the map');
    assert.deepEqual(await axeViolations(page), [], 'axe on the map page without contours');

    await page.click('text=Charger les contours des communes');
    await page.waitForURL(`${app.baseUrl}/equipe/bilan/contours`);
    assert.deepEqual(await axeViolations(page), [], 'axe on the upload page');

    // JSON, but not contours: the message beside the field, the form again
    await page.setInputFiles('#fichier', path.join(SHARED_DATA, 'schema-lieux-mediation-numerique.json'));
    await page.click('main form[enctype="multipart/form-data"] button[type=submit]');
    await page.waitForSelector('#fichier-erreur');
    assert.match(await page.textContent('#fichier-erreur') ?? '', /ni un GeoJSON \(FeatureCollection\) ni un TopoJSON/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the upload page with an error');

    await page.setInputFiles('#fichier', path.join(SHARED_DATA, 'pays-ternois-2012-104.topojson'));
    await page.click('main form[enctype="multipart/form-data"] button[type=submit]');
    await page.waitForURL(`${app.baseUrl}/equipe/bilan/contours?charge=1`);
    const report = await page.textContent('.contour-report');
    assert.match(report ?? '', /103 sur 103/);
    assert.match(report ?? '', /62210 \(Canteleux\) rattaché à Bonnières \(62154\)/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the report');

    await page.click('text=Voir la carte du territoire');
    await page.waitForURL(`${app.baseUrl}/equipe/bilan/carte`);
    const map = page.locator('svg#carte[role="img"]');
    assert.equal(await map.count(), 1);
    assert.ok(await map.isVisible());
    assert.equal(await page.locator('svg#carte path[data-code]').count(), 103);
    assert.equal(await page.locator('svg#carte text', { hasText: 'Frévent' }).count(), 1, 'the venues are named on the map');
    const box = await map.boundingBox();
    assert.ok(box && box.width > 300 && box.height > 200, `the map has a size: ${JSON.stringify(box)}`);
    assert.deepEqual(await axeViolations(page), [], 'axe on the map');
    await page.context().close();
  });
});
