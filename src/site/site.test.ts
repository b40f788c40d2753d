import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';

const [sqlite] = databaseTiers();

describe('accessibility statement and legal notice', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(sqlite!);
    const territory = await buildTerritory(t.database.db, { funder: 'Région Hauts-de-France' });
    await buildStaff(t.database.db, { territoryId: territory.id });
  });
  after(() => t.close());

  test('every page links to both in its footer, with the RGAA conformity status', async () => {
    const res = await t.app.inject({ url: '/' });
    assert.match(res.body, /<footer[^>]*>[\s\S]*href="\/accessibilite"[^>]*>Accessibilité : partiellement conforme<\/a>[\s\S]*href="\/mentions-legales"/);
  });

  test('the statement has the sections RGAA requires, from the programme data', async () => {
    const res = await t.app.inject({ url: '/accessibilite' });
    assert.equal(res.statusCode, 200);
    for (const heading of ['État de conformité', 'Résultats des tests', 'Contenus non accessibles', 'Établissement de cette déclaration', 'Retour d’information et contact', 'Voies de recours']) {
      assert.match(res.body, new RegExp(`<h2>${heading}</h2>`), heading);
    }
    assert.match(res.body, /Boutic est partiellement conforme avec le référentiel général d’amélioration de l’accessibilité/);
    assert.match(res.body, /28 novembre 2026/);
    assert.match(res.body, /contact@boutic\.localhost/);
  });

  test('the legal notice names the publisher, the funder and the contact', async () => {
    const res = await t.app.inject({ url: '/mentions-legales' });
    assert.match(res.body, /Pays du Ternois, pour le dispositif Boutic \(financeur : Région Hauts-de-France\)/);
    assert.match(res.body, /Directeur ou directrice de la publication/);
  });
});
