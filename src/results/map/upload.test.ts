import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { FeatureCollection, Geometry } from 'geojson';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildStaff, buildTerritory } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { t } from '../../platform/i18n/index.js';
import { fieldError, GEOJSON_TODAY, multipartBody, readShared, TOPOJSON_2012, uploadContours } from './test-helpers.js';

/** What a file should match, worked out here from the file and the communes table alone. */
function expectedMatch(codes: Array<{ code: string; nom: string }>, communes: Array<{ insee_code: string; former_codes: string | null }>) {
  const current = new Set(communes.map((c) => c.insee_code));
  const formerTo = new Map(communes.flatMap((c) => (c.former_codes ?? '').split(',').filter(Boolean).map((f) => [f, c.insee_code] as const)));
  const covered = new Set(codes.map((c) => (current.has(c.code) ? c.code : formerTo.get(c.code))).filter((c): c is string => !!c));
  return {
    matched: covered.size,
    merged: codes.filter((c) => formerTo.has(c.code) && !current.has(c.code)).map((c) => [c.code, formerTo.get(c.code)]),
    outside: codes.filter((c) => !current.has(c.code) && !formerTo.has(c.code)).map((c) => c.code),
    missing: [...current].filter((c) => !covered.has(c)).sort(),
  };
}

for (const tier of databaseTiers()) {
  describe(`the communes' contours are loaded by the coordination, on ${tier.name}`, () => {
    let app: TestApp;
    let territoryId: number;
    let coordinator: StaffClient;
    let communes: Array<{ insee_code: string; name: string; former_codes: string | null }>;
    const stored = () => app.database.db.selectFrom('territory_contours').selectAll().where('territory_id', '=', territoryId).execute();

    before(async () => {
      app = await createTestApp(tier);
      const db = app.database.db;
      territoryId = (await buildTerritory(db)).id;
      const staff = await buildStaff(db, { territoryId, role: 'coordinator', name: 'Camille Coordination' });
      coordinator = await new StaffClient(app.app).logIn(staff.email, staff.password);
      communes = await db.selectFrom('communes').select(['insee_code', 'name', 'former_codes']).where('territory_id', '=', territoryId).execute();
    });
    after(() => app.close());

    test('the 2012 TopoJSON (104 communes): every commune matched, Canteleux joined to Bonnières, the report shown', async () => {
      const topology = JSON.parse(readShared(TOPOJSON_2012).toString('utf8')) as Topology;
      const fc = feature(topology, topology.objects.communes!) as FeatureCollection<Geometry, { code: string; nom: string }>;
      const expected = expectedMatch(fc.features.map((f) => f.properties), communes);
      // the facts of ../shared/data/README.md, as the computed expectation sees them
      assert.equal(fc.features.length, 104);
      assert.equal(communes.length, 103);
      assert.deepEqual(expected.merged, [['62210', '62154']]);

      const res = await uploadContours(app.app, coordinator, [{ name: 'pays-ternois-2012-104.topojson', content: readShared(TOPOJSON_2012) }]);
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, '/equipe/bilan/contours?charge=1');
      const rows = await stored();
      assert.equal(rows.length, 1);
      const report = JSON.parse(rows[0]!.report);
      assert.equal(report.layer, 'communes');
      assert.equal(report.features, 104);
      assert.equal(report.communes, 103);
      assert.equal(report.matched, expected.matched);
      assert.equal(report.matched, 103);
      assert.deepEqual(report.merged.map((m: { formerCode: string; code: string }) => [m.formerCode, m.code]), expected.merged);
      assert.deepEqual(report.merged[0], { formerCode: '62210', formerName: 'Canteleux', code: '62154', name: 'Bonnières' });
      assert.deepEqual(report.outside.map((o: { code: string }) => o.code), expected.outside);
      assert.deepEqual(report.missing.map((m: { code: string }) => m.code).sort(), expected.missing);
      assert.equal(report.withoutCodeCount, 0);
      const collection = JSON.parse(rows[0]!.geojson);
      assert.equal(collection.type, 'FeatureCollection');
      assert.equal(collection.features.length, 103, 'one feature per commune: Bonnières and Canteleux merged into one shape');
      const codes = new Set(communes.map((c) => c.insee_code));
      assert.ok(collection.features.every((f: { properties: { code: string } }) => codes.has(f.properties.code)));
      assert.equal(rows[0]!.file_name, 'pays-ternois-2012-104.topojson');

      const page = await coordinator.get('/equipe/bilan/contours?charge=1');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Les contours sont chargés/);
      assert.match(page.body, /<dt>Communes du territoire avec un contour<\/dt><dd>103 sur 103<\/dd>/);
      assert.match(page.body, /<li>62210 \(Canteleux\) rattaché à Bonnières \(62154\)<\/li>/);
      assert.match(page.body, /<dt>Communes du territoire sans contour<\/dt><dd>aucune<\/dd>/);
      assert.match(page.body, /chargé le .* par Camille Coordination/);

      const audits = await app.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'contours.uploaded').execute();
      assert.equal(audits.length, 1);
      assert.deepEqual(JSON.parse(audits[0]!.details!), { fileName: 'pays-ternois-2012-104.topojson', features: 104, matched: 103, outside: 0, withoutCode: 0, missing: 0, merged: 1 });
    });

    test('the GeoJSON of today (103 communes) replaces it: one row per territory', async () => {
      const geo = JSON.parse(readShared(GEOJSON_TODAY).toString('utf8')) as FeatureCollection<Geometry, { code: string; nom: string }>;
      const expected = expectedMatch(geo.features.map((f) => f.properties), communes);
      const res = await uploadContours(app.app, coordinator, [{ name: 'ternois.geojson', content: readShared(GEOJSON_TODAY) }]);
      assert.equal(res.statusCode, 303, res.body);
      const rows = await stored();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.file_name, 'ternois.geojson');
      const report = JSON.parse(rows[0]!.report);
      assert.equal(report.layer, null);
      assert.equal(report.features, geo.features.length);
      assert.equal(report.matched, expected.matched);
      assert.deepEqual(report.merged, []);
      assert.deepEqual(report.outside.map((o: { code: string }) => o.code), expected.outside);
      assert.deepEqual(report.missing.map((m: { code: string }) => m.code).sort(), expected.missing);
      assert.equal(JSON.parse(rows[0]!.geojson).features.length, expected.matched);
    });

    test('a file of a few communes, some outside the territory, some without a code: all reported', async () => {
      const geo = JSON.parse(readShared(GEOJSON_TODAY).toString('utf8')) as FeatureCollection<Geometry, Record<string, unknown>>;
      const [a, b, c] = geo.features;
      const file = {
        type: 'FeatureCollection',
        features: [
          { ...a, properties: { INSEE_COM: a!.properties!.code, NOM_COM: 'Un' } },
          { ...b, properties: { codgeo: Number(b!.properties!.code), libgeo: 'Deux' } },
          { ...c, properties: { nom: 'Sans code' } },
          { ...c, properties: { code_insee: '75056', nom: 'Paris' } },
        ],
      };
      const res = await uploadContours(app.app, coordinator, [{ name: 'quelques.json', content: JSON.stringify(file) }]);
      assert.equal(res.statusCode, 303, res.body);
      const report = JSON.parse((await stored())[0]!.report);
      assert.equal(report.matched, 2);
      assert.deepEqual(report.outside, [{ code: '75056', name: 'Paris' }]);
      assert.deepEqual(report.withoutCode, [{ name: 'Sans code' }]);
      assert.equal(report.missing.length, communes.length - 2);
      const page = await coordinator.get('/equipe/bilan/contours');
      assert.match(page.body, /<li>75056 \(Paris\)<\/li>/);
      assert.match(page.body, /<li>Sans code<\/li>/);
    });

    test('bad files get a French message beside the field, and nothing is written', async () => {
      const before = await stored();
      const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
      const square = { type: 'Polygon', coordinates: [[[2.3, 48.8], [2.3, 48.9], [2.4, 48.9], [2.4, 48.8], [2.3, 48.8]]] };
      const cases: Array<[string, Array<{ field?: string; name: string; content: string | Buffer }>, number, string]> = [
        ['no file', [{ name: '', content: '' }], 400, t('map.error.required')],
        ['not JSON', [{ name: 'contours.geojson', content: 'PK\u0003\u0004 pas du json' }], 400, t('map.error.not_json')],
        ['JSON, not geo', [{ name: 'contours.json', content: JSON.stringify({ hello: 'world', features: 3 }) }], 400, t('map.error.not_geo')],
        ['a topology whose arcs do not resolve', [{ name: 'cassee.topojson', content: JSON.stringify({ type: 'Topology', arcs: [], objects: { c: { type: 'Polygon', arcs: [[7]] } } }) }], 400, t('map.error.not_geo')],
        ['nothing of the territory', [{ name: 'paris.geojson', content: fc([{ type: 'Feature', properties: { code: '75056' }, geometry: square }]) }], 400, t('map.error.no_match', { features: 1, withCode: 1 })],
        ['coordinates in metres (Lambert 93)', [{ name: 'lambert.geojson', content: fc([{ type: 'Feature', properties: { code: '62767' }, geometry: { type: 'Polygon', coordinates: [[[640000, 7030000], [641000, 7030000], [641000, 7031000], [640000, 7030000]]] } }]) }], 400, t('map.error.projected')],
        ['coordinates that are not coordinates', [{ name: 'cassee.geojson', content: fc([{ type: 'Feature', properties: { code: '62767' }, geometry: { type: 'MultiPolygon', coordinates: 'abc' } }, { type: 'Feature', properties: { code: '62361' }, geometry: { type: 'Polygon', coordinates: [[['a', 'b']]] } }]) }], 400, t('map.error.no_match', { features: 2, withCode: 2 })],
        ['wrong extension', [{ name: 'contours.shp', content: readShared(GEOJSON_TODAY) }], 400, t('map.error.extension')],
        ['too big', [{ name: 'enorme.geojson', content: Buffer.alloc(5 * 1024 * 1024 + 10, 0x20) }], 413, t('map.error.too_big')],
        ['two files', [{ name: 'a.geojson', content: '{}' }, { name: 'b.geojson', content: '{}' }], 400, t('map.error.too_many')],
      ];
      for (const [what, files, status, message] of cases) {
        const res = await uploadContours(app.app, coordinator, files);
        assert.equal(res.statusCode, status, what);
        assert.equal(fieldError(res.body), message, what);
        assert.match(res.body, /aria-invalid="true"/, what);
        assert.match(res.body, /enctype="multipart\/form-data"/, `${what}: the form is shown again`);
      }
      assert.deepEqual(await stored(), before);
    });

    test('a multipart body cut short is refused with a message, not a 500', async () => {
      const page = await coordinator.get('/equipe/bilan/contours');
      const body = await multipartBody({ _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! }, [{ name: 'ternois.geojson', content: readShared(GEOJSON_TODAY) }]);
      const cut = body.payload.subarray(0, Math.floor(body.payload.length / 2));
      const res = await app.app.inject({ method: 'POST', url: '/equipe/bilan/contours', payload: cut, headers: { ...body.headers, cookie: Object.entries(coordinator.jar).map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}`);
      assert.equal(fieldError(res.body), t('map.error.unreadable'));
    });

    test('without the CSRF token, or with a wrong one, the upload is refused and nothing is written', async () => {
      const before = await stored();
      const missing = await uploadContours(app.app, coordinator, [{ name: 'ternois.geojson', content: readShared(GEOJSON_TODAY) }], { csrf: false });
      assert.equal(missing.statusCode, 403);
      const wrong = await uploadContours(app.app, coordinator, [{ name: 'ternois.geojson', content: readShared(GEOJSON_TODAY) }], { csrf: 'faux-jeton' });
      assert.equal(wrong.statusCode, 403);
      assert.deepEqual(await stored(), before);
    });

    test('facilitators, partners, elected officials and anonymous visitors cannot load contours; elected officials read the map', async () => {
      const before = await stored();
      for (const role of ['facilitator', 'partner', 'elected'] as const) {
        const staff = await buildStaff(app.database.db, { territoryId, role });
        const client = await new StaffClient(app.app).logIn(staff.email, staff.password);
        assert.equal((await client.get('/equipe/bilan/contours')).statusCode, 404, role);
        const map = await client.get('/equipe/bilan/carte');
        assert.equal(map.statusCode, role === 'elected' ? 200 : 404, role);
        if (role === 'elected') assert.doesNotMatch(map.body, /href="\/equipe\/bilan\/contours"/, 'no upload link for a reader');
        // a valid token taken from a page they may see: the route itself refuses
        const res = await uploadContours(app.app, client, [{ name: 'ternois.geojson', content: readShared(GEOJSON_TODAY) }], { formPage: '/equipe' });
        assert.equal(res.statusCode, 404, role);
        const remove = await client.post('/equipe/bilan/contours/retirer', {}, '/equipe');
        assert.equal(remove.statusCode, 404, role);
      }
      assert.equal((await app.app.inject({ url: '/equipe/bilan/contours' })).statusCode, 303);
      assert.equal((await app.app.inject({ url: '/equipe/bilan/carte' })).statusCode, 303);
      const body = await multipartBody({}, [{ name: 'ternois.geojson', content: readShared(GEOJSON_TODAY) }]);
      assert.equal((await app.app.inject({ method: 'POST', url: '/equipe/bilan/contours', ...body })).statusCode, 403);
      assert.deepEqual(await stored(), before);
    });

    test('« Retirer les contours » removes them (audited); the map page then shows the bars and the table', async () => {
      const res = await coordinator.post('/equipe/bilan/contours/retirer', {}, '/equipe/bilan/contours');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/equipe/bilan/contours?retire=1');
      assert.deepEqual(await stored(), []);
      const page = await coordinator.get('/equipe/bilan/contours?retire=1');
      assert.match(page.body, /Les contours ont été retirés/);
      assert.match(page.body, /Aucun contour n’est chargé pour l’instant/);
      const map = await coordinator.get('/equipe/bilan/carte');
      assert.equal(map.statusCode, 200);
      assert.doesNotMatch(map.body, /<svg class="chart chart-map"/);
      assert.match(map.body, /Aucun contour de commune n’est chargé/);
      const removed = await app.database.db.selectFrom('audit_log').select('actor').where('action', '=', 'contours.removed').execute();
      assert.equal(removed.length, 1);
      // an urlencoded post to the upload (no file at all) is a missing file, not an error page
      const plain = await coordinator.post('/equipe/bilan/contours', {});
      assert.equal(plain.statusCode, 400);
      assert.equal(fieldError(plain.body), t('map.error.required'));
    });
  });
}
