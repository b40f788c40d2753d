import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../databases.js';
import { DEFAULT_QUESTIONNAIRE } from '../../src/pathway/diagnostic/default-questionnaire.js';
import { axeViolations, startDemoBrowser, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

/** A leader takes the diagnostic (on a phone), sees the recommendations, follows a session to its registration; axe on each page. */
describe('the self-diagnostic in Chromium, checked by axe-core', () => {
  let demo: Awaited<ReturnType<typeof startDemoBrowser>>;
  let app: BrowserApp;

  before(async () => {
    demo = await startDemoBrowser(sqlite!);
    app = demo.app;
  });
  after(() => demo?.close());

  test('from the home page to a registration through the diagnostic', async () => {
    // a phone; axe needs JavaScript in the page, the pages themselves use none
    const context = await demo.browser.newContext({ viewport: { width: 360, height: 740 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.click('a[href="/diagnostic"]');
    await page.waitForURL(`${app.baseUrl}/diagnostic`);
    assert.deepEqual(await axeViolations(page), [], 'axe on the questionnaire');

    // half answered first: the messages beside the questions, the answers kept
    const [first, ...rest] = DEFAULT_QUESTIONNAIRE.questions;
    await page.check(`#${first!.key}-b`);
    await page.click('main form button[type=submit]');
    assert.equal(await page.locator('.error-summary li').count(), rest.length);
    assert.ok(await page.isChecked(`#${first!.key}-b`));
    assert.deepEqual(await axeViolations(page), [], 'axe on the questionnaire with its errors');

    // a beginner in security and skills, at ease elsewhere
    for (const x of rest) await page.check(`#${x.key}-${x.theme === 'securite' || x.theme === 'competences' ? 'a' : 'c'}`);
    await page.selectOption('#commune', '62361');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/diagnostic\/resultat\//);
    assert.match((await page.textContent('h1')) ?? '', /Votre résultat/);
    assert.equal(await page.locator('svg#profil-barres[role="img"]').count(), 1);
    assert.equal(await page.locator('table.data caption').count(), 1);
    assert.ok((await page.locator('a[href$="/inscription"]').count()) > 0, 'sessions to register for');
    assert.deepEqual(await axeViolations(page), [], 'axe on the result');

    // keep it: the same answer for any address
    await page.fill('#email', 'diagnostic.navigateur@example.org');
    await page.click('#garder ~ form button[type=submit]');
    assert.match((await page.textContent('main')) ?? '', /C’est noté/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the result kept');

    // a recommended session, then its registration form
    await page.click('main a[href$="/inscription"] >> nth=0');
    await page.waitForURL(/\/seances\/\d+\/inscription$/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the registration form');
    await page.fill('#first_name', 'Denis');
    await page.fill('#last_name', 'Caron');
    await page.fill('#email', 'diagnostic.navigateur@example.org');
    await page.fill('#company', 'Boulangerie Caron');
    await page.selectOption('#sector', 'commerce');
    await page.selectOption('#commune', '62361');
    await page.selectOption('#level', 'debutant');
    await page.click('main form button[type=submit]');
    assert.match((await page.textContent('h1')) ?? '', /Votre inscription est confirmée|liste d’attente/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the registration done');
    await context.close();
  });

  test('the coordinator’s editor', async () => {
    const page = await demo.signedIn('coordinator');
    await page.goto(`${app.baseUrl}/equipe/diagnostic`);
    assert.match((await page.textContent('h1')) ?? '', /Questionnaire de l’autodiagnostic/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the editor');
    await page.fill('#theme_securite_recommend', 'beaucoup');
    await page.click('main form button[type=submit]');
    assert.equal(await page.locator('#theme_securite_recommend-erreur').count(), 1);
    assert.deepEqual(await axeViolations(page), [], 'axe on the editor with its errors');
    await page.fill('#theme_securite_recommend', '70');
    await page.click('main form button[type=submit]');
    await page.waitForURL(`${app.baseUrl}/equipe/diagnostic?publie=2`);
    await page.context().close();
  });
});
