import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildTerritory, buildStaff } from '../../../test/factories.js';

const [sqlite] = databaseTiers();

describe('error pages and security headers', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(sqlite!, {}, [
      async (app) => {
        app.get('/test/boom', async () => {
          throw new Error('secret internal detail at /work/main/src/x.ts:12');
        });
      },
    ]);
    const territory = await buildTerritory(t.database.db);
    await buildStaff(t.database.db, { territoryId: territory.id, role: 'administrator' });
  });
  after(() => t.close());

  test('an unknown page gets the French 404 page in the layout', async () => {
    const res = await t.app.inject({ url: '/cette-page-n-existe-pas' });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<html lang="fr"/);
    assert.match(res.body, /Page introuvable/);
    assert.match(res.body, /Retour à l’accueil/);
  });

  test('malformed requests get the French 400 page', async () => {
    const badUrl = await t.app.inject({ url: '/%E0%A4%A' });
    assert.equal(badUrl.statusCode, 400);
    assert.match(badUrl.body, /Requête incorrecte/);
    assert.match(badUrl.body, /Aller au contenu/, 'in the layout');
    const badBody = await t.app.inject({ method: 'POST', url: '/equipe/connexion', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    assert.equal(badBody.statusCode, 400);
    assert.match(badBody.body, /Requête incorrecte/);
    const unsupported = await t.app.inject({ method: 'POST', url: '/equipe/connexion', payload: 'x', headers: { 'content-type': 'application/x-unknown' } });
    assert.equal(unsupported.statusCode, 400);
    assert.match(unsupported.body, /Requête incorrecte/);
  });

  test('an unexpected error gets a 500 page with a reference and nothing of the stack', async () => {
    const res = await t.app.inject({ url: '/test/boom' });
    assert.equal(res.statusCode, 500);
    assert.match(res.body, /Erreur du serveur/);
    assert.match(res.body, /référence à l’équipe : [0-9a-f]{12}/);
    assert.doesNotMatch(res.body, /secret internal detail|\.ts:|at /);
  });

  test('every page carries a strict CSP without inline scripts and the usual security headers', async () => {
    const res = await t.app.inject({ url: '/' });
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    assert.ok(res.headers['x-frame-options']);
    assert.doesNotMatch(res.body, /<script>|<script [^>]*>[^<]|onclick=|style="/, 'no inline script, handler or style');
  });

  test('pages and stylesheets are compressed for slow connections', async () => {
    const page = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(page.headers['content-encoding'], 'gzip');
    const css = await t.app.inject({ url: '/static/css/boutic.css', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(css.statusCode, 200);
    assert.equal(css.headers['content-encoding'], 'br');
  });

  test('healthz answers ok', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });
});
