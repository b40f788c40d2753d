import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory, buildVenueWith, TERNOIS } from '../../test/factories.js';
import { parseCsv, validateAgainstTableSchema, type TableSchema } from './table-schema.js';
import { MEDIATION_COLUMNS, protectFormula, toE164 } from './venues-csv.js';

// The national schema, read from the steering repository beside this one (as in CI).
const SCHEMA_PATH = path.resolve('..', 'shared', 'data', 'schema-lieux-mediation-numerique.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as TableSchema;

/** The CSV as records of named cells, after checking it against the schema. */
function readValid(csv: string): Array<Record<string, string>> {
  const records = parseCsv(csv);
  assert.deepEqual(validateAgainstTableSchema(schema, records), []);
  const [header, ...rows] = records;
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

test('the export’s columns are the schema’s fields, in its order', () => {
  assert.deepEqual([...MEDIATION_COLUMNS], schema.fields.map((f) => f.name));
});

test('the CSV reader follows RFC 4180 and the validator catches each kind of fault', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, ""y""","line\r\nbreak"\r\n,\n'), [['a', 'b'], ['x, "y"', 'line\r\nbreak'], ['', '']]);
  assert.throws(() => parseCsv('a,"b'), /unterminated/);
  assert.throws(() => parseCsv('a,b"c"'), /quote inside/);
  const small: TableSchema = {
    fields: [
      { name: 'id', constraints: { required: true, unique: true } },
      { name: 'tel', constraints: { pattern: '\\+33\\d{9}' } },
      { name: 'lat', type: 'number' },
      { name: 'maj', type: 'date', format: 'default' },
      { name: 'resume', constraints: { maxLength: 3 } },
    ],
  };
  assert.deepEqual(validateAgainstTableSchema(small, [['id', 'tel', 'lat', 'maj', 'resume'], ['a', '+33321000000', '50.3', '2026-02-28', 'abc']]), []);
  const errors = validateAgainstTableSchema(small, [
    ['id', 'tel', 'lat', 'maj', 'resume'],
    ['a', '03 21', 'nord', '2026-02-30', 'abcd'],
    ['a', 'x+33321000000', '1', '2026-01-01', ''],
    ['', '', '', '', ''],
  ]);
  assert.equal(errors.length, 7, errors.join('\n'));
  assert.match(validateAgainstTableSchema(small, [['tel', 'id']])[0]!, /header/);
});

test('French phone numbers become E.164, or nothing', () => {
  assert.equal(toE164('03 21 00 00 00'), '+33321000000');
  assert.equal(toE164('03.21.47.08.51'), '+33321470851');
  assert.equal(toE164('06-12-34-56-78'), '+33612345678');
  assert.equal(toE164('+33 3 21 00 00 00'), '+33321000000');
  assert.equal(toE164('0033 3 21 00 00 00'), '+33321000000');
  assert.equal(toE164('0590 12 34 56'), '+590590123456'); // Guadeloupe keeps its own country code
  assert.equal(toE164('3949'), '');
  assert.equal(toE164('le standard de la mairie'), '');
  assert.equal(toE164(null), '');
});

test('a cell that a spreadsheet would run as a formula is kept as text', () => {
  for (const bad of ['=HYPERLINK("http://x")', '+33 formule', '-2+3', '@SUM(A1)', '\tx', '\rx']) assert.equal(protectFormula(bad), `'${bad}`);
  assert.equal(protectFormula('Cybercentre'), 'Cybercentre');
});

for (const tier of databaseTiers()) {
  describe(`venues as open data on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      territoryId = territory.id;
      await buildStaff(db, { territoryId });
      await buildVenueWith(db, {
        territoryId,
        slug: 'frevent',
        name: 'Cybercentre de Frévent',
        commune_code: '62361',
        address: '2 rue du Château, 62270 Frévent',
        contact_phone: '03 21 47 08 51',
        contact_email: 'frevent@ternois.localhost',
        pivot: '21620361300019',
        latitude: 50.2764,
        longitude: 2.2931,
        website: 'https://www.frevent.fr/cybercentre',
        opening_hours: 'Mo,We,Fr 09:00-12:00,14:00-17:00',
        equipment: '8 postes, vidéoprojecteur, imprimante, Wi-Fi',
        updated_at: '2099-06-30T22:30:00.000Z', // 1 July in Paris
      });
      await buildVenueWith(db, {
        territoryId,
        slug: 'auxi',
        name: '=HYPERLINK("http://pirate.example","Cybercentre")',
        commune_code: '62060',
        address: '+3 rue de la Mairie',
        contact_phone: 'voir la mairie',
        accessible_prm: 0,
        opening_hours: 'Mardi et jeudi, 14 h – 19 h ; samedi, 9 h – 12 h',
        equipment: 'x'.repeat(400),
      });
      await buildVenueWith(db, { territoryId, slug: 'saint-pol', name: 'Cybercentre de Saint-Pol-sur-Ternoise, « la Cyber »', commune_code: '62767', longitude: -0.5, latitude: 50.38 });
      const elsewhere = await buildTerritory(db);
      await buildVenueWith(db, { territoryId: elsewhere.id, slug: 'ailleurs', name: 'Lieu d’un autre territoire' });
    });
    after(() => t.close());

    test('GET /lieux.csv is valid against the national schema, one row per venue of the territory', async () => {
      const res = await t.app.inject({ url: '/lieux.csv' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="lieux-mediation-numerique-[a-z0-9-]+\.csv"$/);
      assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/);
      assert.ok(!res.body.startsWith('\uFEFF'), 'no byte-order mark before the header');
      const rows = readValid(res.body);
      assert.deepEqual(rows.map((r) => r.code_insee), ['62060', '62361', '62767']); // by commune
      const frevent = rows.find((r) => r.code_insee === '62361')!;
      assert.equal(frevent.nom, 'Cybercentre de Frévent');
      assert.equal(frevent.pivot, '21620361300019');
      assert.equal(frevent.adresse, '2 rue du Château');
      assert.equal(frevent.code_postal, '62270');
      assert.equal(frevent.commune, 'Frévent');
      assert.equal(frevent.latitude, '50.2764');
      assert.equal(frevent.telephone, '+33321470851');
      assert.equal(frevent.courriels, 'frevent@ternois.localhost');
      assert.equal(frevent.site_web, 'https://www.frevent.fr/cybercentre');
      assert.equal(frevent.horaires, 'Mo,We,Fr 09:00-12:00,14:00-17:00');
      assert.equal(frevent.date_maj, '2099-07-01');
      assert.equal(frevent.frais_a_charge, 'Gratuit');
      assert.equal(frevent.modalites_accompagnement, 'Dans un atelier collectif');
      assert.match(frevent.services!, /Maîtrise des outils numériques du quotidien/);
      assert.equal(frevent.prise_en_charge_specifique, 'Handicaps moteurs');
      assert.ok(frevent.presentation_resume!.length <= 280);
      assert.ok(!rows.some((r) => r.nom!.includes('autre territoire')));
    });

    test('falls back on the territory’s SIREN and leaves what it cannot put in the standard’s form empty', async () => {
      const rows = readValid((await t.app.inject({ url: '/lieux.csv' })).body);
      const auxi = rows.find((r) => r.code_insee === '62060')!;
      assert.equal(auxi.pivot, TERNOIS);
      assert.equal(auxi.code_postal, '62390');
      assert.equal(auxi.telephone, ''); // neither the venue's text nor the programme gives a number
      assert.equal(auxi.courriels, 'contact@boutic.localhost'); // the programme's address
      assert.equal(auxi.horaires, '', 'free-text hours are not OpenStreetMap hours');
      assert.match(auxi.presentation_detail!, /Horaires d’ouverture : Mardi et jeudi/);
      assert.equal(auxi.prise_en_charge_specifique, '');
      const saintPol = rows.find((r) => r.code_insee === '62767')!;
      assert.equal(saintPol.longitude, '-0.5', 'a number is not mistaken for a formula');
      assert.equal(saintPol.nom, 'Cybercentre de Saint-Pol-sur-Ternoise, « la Cyber »');
    });

    test('cells that a spreadsheet would run as formulas start with an apostrophe', async () => {
      const rows = readValid((await t.app.inject({ url: '/lieux.csv' })).body);
      const auxi = rows.find((r) => r.code_insee === '62060')!;
      assert.equal(auxi.nom, `'=HYPERLINK("http://pirate.example","Cybercentre")`);
      assert.equal(auxi.adresse, `'+3 rue de la Mairie`);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (column === 'telephone' || column === 'latitude' || column === 'longitude') continue;
          assert.doesNotMatch(value, /^[=+\-@\t\r]/, `${column}: ${value}`);
        }
      }
    });

    test('costs the same few queries for 5 venues as for 50', async () => {
      const count = async () => {
        const before = t.database.queryCount();
        const res = await t.app.inject({ url: '/lieux.csv' });
        assert.equal(res.statusCode, 200);
        return t.database.queryCount() - before;
      };
      await t.app.inject({ url: '/lieux.csv' }); // the first request of a process checks the set-up once
      for (let i = 0; i < 2; i++) await buildVenueWith(t.database.db, { territoryId });
      const few = await count();
      for (let i = 0; i < 45; i++) await buildVenueWith(t.database.db, { territoryId });
      const many = await count();
      assert.equal(many, few);
      assert.ok(few <= 2, `${few} queries`); // the territory, then its venues with their communes
      assert.equal(readValid((await t.app.inject({ url: '/lieux.csv' })).body).length, 50);
    });
  });
}
