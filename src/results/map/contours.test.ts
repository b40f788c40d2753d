import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geoArea } from 'd3-geo';
import type { Feature, Polygon } from 'geojson';
import { officialCommunesOfEpci } from '../../territory/official.js';
import { choroplethLayout, NONE_FILL, SEQUENTIAL_PALETTE } from '../../platform/charts/ChoroplethMap.js';
import { codeOf, matchContours, normalise, readContourFile, type ContourLayer } from './contours.js';
import { GEOJSON_TODAY, readShared, TOPOJSON_2012 } from './test-helpers.js';

const communes = officialCommunesOfEpci('200069672').map((c) => ({ insee_code: c.code, name: c.name, former_codes: c.formerCodes.join(',') || null }));
const square = (x: number, y: number, size = 0.01): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x, y + size], [x + size, y + size], [x + size, y], [x, y]]] });

test('the INSEE code is read from any of the usual properties, without case; numbers get their leading zero back', () => {
  assert.equal(codeOf({ code: '62767' }), '62767');
  assert.equal(codeOf({ INSEE_COM: '62767', code: '' }), '62767');
  assert.equal(codeOf({ Insee: 62767 }), '62767');
  assert.equal(codeOf({ CODGEO: 1004 }), '01004');
  assert.equal(codeOf({ Code_Insee: '2a004' }), '2A004');
  assert.equal(codeOf({ nom: 'Sans code' }), null);
  assert.equal(codeOf(null), null);
  assert.equal(codeOf({ code: { nested: true } }), null);
});

test('what is neither GeoJSON nor TopoJSON is told apart from what is not JSON', () => {
  assert.deepEqual(readContourFile('{ pas du json'), { ok: false, error: 'not_json' });
  assert.deepEqual(readContourFile(''), { ok: false, error: 'not_json' });
  for (const text of ['[]', '42', '"texte"', 'null', '{"type":"Feature","geometry":null}', '{"type":"FeatureCollection"}', '{"type":"Topology","objects":{}}']) {
    assert.deepEqual(readContourFile(text), { ok: false, error: 'not_geo' }, text);
  }
  const bom = readContourFile(`\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [] })}`);
  assert.equal(bom.ok, true, 'a byte-order mark is not an error');
});

test('of a TopoJSON, the object that matches the territory is taken', () => {
  const topology = JSON.parse(readShared(TOPOJSON_2012).toString('utf8'));
  // a second object before it: one square whose code is the department's, not a commune's
  topology.objects = { departement: { type: 'GeometryCollection', geometries: [{ type: null, properties: { code: '62' } }] }, ...topology.objects };
  const read = readContourFile(JSON.stringify(topology));
  assert.ok(read.ok);
  assert.deepEqual(read.layers.map((l) => [l.name, l.contours.length]), [['departement', 1], ['communes', 104]]);
  const matched = matchContours(read.layers, communes);
  assert.ok(matched.ok);
  assert.equal(matched.report.layer, 'communes');
  assert.equal(matched.report.matched, 103);
});

test('a merged commune: TopoJSON dissolves the shared border, Bonnières becomes one polygon of both areas', () => {
  const read = readContourFile(readShared(TOPOJSON_2012).toString('utf8'));
  assert.ok(read.ok);
  const layer = read.layers[0]!;
  const area = (code: string) => geoArea({ type: 'Feature', properties: {}, geometry: layer.contours.find((c) => c.code === code)!.geometry! });
  const matched = matchContours(read.layers, communes);
  assert.ok(matched.ok);
  const bonnieres = matched.collection.features.find((f) => f.properties.code === '62154')!;
  assert.equal(bonnieres.geometry.type, 'Polygon');
  assert.ok(Math.abs(geoArea(bonnieres) - (area('62154') + area('62210'))) / geoArea(bonnieres) < 0.01);
});

test('GeoJSON contours of one commune are gathered into a MultiPolygon; codes outside, without a code or without an area are reported', () => {
  const layer: ContourLayer = {
    name: null,
    contours: [
      { code: '62154', name: 'Bonnières', geometry: square(2.2, 50.2) },
      { code: '62210', name: 'Canteleux', geometry: square(2.3, 50.2) },
      { code: '62767', name: 'Saint-Pol', geometry: null },
      { code: '59350', name: 'Lille', geometry: square(3, 50.6) },
      { code: null, name: null, geometry: square(2.5, 50.3) },
    ],
  };
  const matched = matchContours([layer], communes);
  assert.ok(matched.ok);
  assert.equal(matched.report.matched, 1);
  assert.equal(matched.collection.features[0]!.geometry.type, 'MultiPolygon');
  assert.deepEqual(matched.collection.features[0]!.properties, { code: '62154', name: 'Bonnières' });
  assert.deepEqual(matched.report.merged, [{ formerCode: '62210', formerName: 'Canteleux', code: '62154', name: 'Bonnières' }]);
  assert.deepEqual(matched.report.outside, [{ code: '59350', name: 'Lille' }]);
  assert.deepEqual(matched.report.withoutCode, [{ name: null }]);
  assert.deepEqual(matched.report.withoutArea, [{ code: '62767', name: 'Saint-Pol' }]);
  assert.equal(matched.report.missing.length, 102);
  assert.deepEqual(matchContours([{ name: null, contours: [{ code: '59350', name: 'Lille', geometry: square(3, 50.6) }] }], communes), { ok: false, error: 'no_match', features: 1, withCode: 1 });
});

test('coordinates in metres are told apart from broken ones; neither stops the reading', () => {
  const fc = (geometry: unknown) => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '62767' }, geometry }] });
  const lambert = readContourFile(fc({ type: 'Polygon', coordinates: [[[640000, 7030000], [641000, 7030000], [641000, 7031000], [640000, 7030000]]] }));
  assert.ok(lambert.ok);
  assert.equal(lambert.layers[0]!.contours[0]!.problem, 'projected');
  assert.deepEqual(matchContours(lambert.layers, communes), { ok: false, error: 'projected', features: 1, withCode: 1 });
  for (const geometry of [{ type: 'Polygon', coordinates: 'abc' }, { type: 'Polygon', coordinates: [[[1, 2]]] }, { type: 'MultiPolygon', coordinates: [[[[1, 'x'], [2, 2], [3, 3], [1, 1]]]] }, { type: 'Polygon' }]) {
    const read = readContourFile(fc(geometry));
    assert.ok(read.ok);
    assert.deepEqual({ geometry: read.layers[0]!.contours[0]!.geometry, problem: read.layers[0]!.contours[0]!.problem }, { geometry: null, problem: 'invalid' }, JSON.stringify(geometry));
  }
});

test('rings wound as RFC 7946 says (counter-clockwise) are turned round for d3, which would read them as the rest of the globe', () => {
  const ccw: Polygon = { type: 'Polygon', coordinates: [[[2.3, 50.3], [2.31, 50.3], [2.31, 50.31], [2.3, 50.31], [2.3, 50.3]]] };
  assert.ok(geoArea(ccw) > 2 * Math.PI, 'd3 reads it as nearly the whole sphere');
  const fixed = normalise(ccw);
  assert.ok(geoArea(fixed) < 1e-6);
  assert.deepEqual(normalise(fixed), fixed, 'a well-wound polygon stays as it is');
});

test('the map as drawing instructions (for a PDF too): one path per area inside the box, five classes, the hatched none', () => {
  const geo = JSON.parse(readShared(GEOJSON_TODAY).toString('utf8')) as { features: Array<Feature<Polygon, { code: string; nom: string }>> };
  const areas = geo.features.map((f, i) => ({ id: f.properties.code, geometry: f.geometry, value: i % 3 === 0 ? null : i, none: i % 3 === 0, label: f.properties.nom }));
  const layout = choroplethLayout({
    areas,
    points: [{ name: 'Frévent', latitude: null, longitude: null, areaId: '62361', label: 'Frévent' }, { name: 'Ailleurs', latitude: 50.38, longitude: 2.33, label: 'x' }],
    width: 500,
    height: 700,
    labels: { none: 'aucun', noData: 'inconnue', range: (a, b) => `${a}–${b}` },
  });
  assert.equal(layout.width, 500);
  assert.equal(layout.height, 700);
  assert.equal(layout.areas.length, 103);
  assert.ok(layout.areas.every((a) => /^M[\d.,LZM-]+$/.test(a.d)), 'SVG path strings with one decimal');
  const numbers = layout.areas.flatMap((a) => a.d.match(/-?[\d.]+/g)!.map(Number));
  assert.ok(Math.min(...numbers) >= 0 && Math.max(...numbers) <= 700);
  assert.deepEqual(layout.legend.map((l) => l.fill), [...SEQUENTIAL_PALETTE, NONE_FILL]);
  assert.equal(layout.legend.at(-1)!.hatched, true);
  assert.equal(new Set(layout.areas.filter((a) => !a.hatched).map((a) => a.fill)).size, 5);
  assert.equal(layout.points.length, 2);
  assert.ok(layout.points.every((p) => p.x > 0 && p.x < 500 && p.y > 0 && p.y < 700));
  const natural = choroplethLayout({ areas, width: 640, labels: { none: '', noData: '', range: () => '' } });
  assert.ok(natural.height > 300 && natural.height <= 640 * 1.4, `height fitted to the territory: ${natural.height}`);
});
