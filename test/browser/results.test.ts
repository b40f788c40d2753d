import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { sha256 } from '../../src/results/surveys/schedule.js';
import { readPdf } from '../pdf.js';
import { axeViolations, launchChromium, signIn, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

/** The results as an elected official reads them, and a survey answered by a participant, in Chromium with axe. */
describe('results and surveys in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let app: BrowserApp;
  let elected: { email: string; password: string };

  before(async () => {
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, {}, { demo: {} })]);
    const demo = await seedDemo(app.database.db);
    elected = demo.staff.find((s) => s.role === 'elected')!;
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('an elected official filters the dashboard with the form (no script needed) and reads the shift and the satisfaction', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, elected);
    await page.goto(`${app.baseUrl}/equipe`);
    await page.getByRole('link', { name: 'Bilan du programme', exact: true }).click();
    await page.waitForURL(/\/equipe\/bilan$/);
    // the shift in words: farmers were most of the 3e session, far fewer of the 4e (the exact share moves with the demo's date)
    const shift = /agriculture, (\d+(?:,\d)?)\s?% des inscrits ; à la 4e session[^:]*?, (\d+(?:,\d)?)\s?%/.exec((await page.locator('#graphique-secteurs-desc').textContent()) ?? '');
    assert.ok(shift, 'the chart describes the shift');
    const [from, to] = [shift[1]!, shift[2]!].map((x) => Number(x.replace(',', '.')));
    assert.ok(from! > 40 && to! < 30, `${from} % then ${to} %`);
    const useful = await page.locator('dt:has-text("Utilité (moyenne)") + dd').textContent();
    assert.match(useful ?? '', /^\d,\d \/ 5$/);
    // filter: the 3e session, at Frévent, farmers
    const db = app.database.db;
    const past = await db.selectFrom('cycles').select(['id', 'name']).orderBy('number').executeTakeFirstOrThrow();
    const frevent = await db.selectFrom('venues').select(['id', 'name']).where('slug', '=', 'frevent').executeTakeFirstOrThrow();
    await page.selectOption('#filtre-session', String(past.id));
    await page.selectOption('#filtre-lieu', String(frevent.id));
    await page.selectOption('#filtre-secteur', 'agriculture');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/secteur=agriculture/);
    const url = new URL(page.url());
    assert.deepEqual([url.searchParams.get('session'), url.searchParams.get('lieu')], [String(past.id), String(frevent.id)]);
    assert.match(await page.locator('#chiffres').textContent() ?? '', new RegExp(past.name.slice(0, 10)));
    assert.equal(await page.locator('dt:has-text("Taux de remplissage") + dd').first().textContent(), 'sans objet');
    // read-only: nothing to plan or tick
    for (const path of ['/equipe/seances', '/equipe/mes-seances']) assert.equal((await page.goto(`${app.baseUrl}${path}`))?.status(), 404);
    await context.close();
    // axe needs a script of its own: the same pages in an ordinary context
    const checked = await browser.newContext();
    checked.setDefaultTimeout(20_000);
    const withAxe = await checked.newPage();
    await signIn(withAxe, app.baseUrl, elected);
    for (const path of ['/equipe', '/equipe/bilan', `/equipe/bilan${url.search}`, `/equipe/bilan/carte${url.search}`, '/equipe/bilan/rapport', '/bilan']) {
      assert.equal((await withAxe.goto(`${app.baseUrl}${path}`))?.status(), 200, path);
      assert.deepEqual(await axeViolations(withAxe), [], `axe on ${path}`);
    }
    // the report's page links its downloads; the PDF and the workbook come back as files
    await withAxe.goto(`${app.baseUrl}/equipe/bilan/rapport?session=${past.id}`);
    const pdfHref = await withAxe.locator('a[href$=".pdf"]').getAttribute('href');
    const pdf = await withAxe.request.get(`${app.baseUrl}${pdfHref}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.match(pdf.headers()['content-disposition'] ?? '', /attachment; filename="bilan-3e-session[^"]*\.pdf"/);
    const text = (await readPdf(await pdf.body())).lines.flat().join(' ');
    assert.match(text, /Bilan de la 3e session/);
    assert.match(text, /Satisfaction/);
    const xlsx = await withAxe.request.get(`${app.baseUrl}${await withAxe.locator('a[href$=".xlsx"]').getAttribute('href')}`);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'a zip: the workbook');
    await checked.close();
  });

  test('a participant answers the day-after survey from the e-mail link, once', async () => {
    const db = app.database.db;
    const presence = await db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .innerJoin('workshops as w', 'w.id', 's.workshop_id')
      .select(['r.participant_id', 's.id as session_id', 's.cycle_id', 'w.territory_id'])
      .where('r.attendance', '=', 'present')
      .orderBy('s.starts_at', 'desc')
      .executeTakeFirstOrThrow();
    const token = crypto.randomBytes(32).toString('base64url');
    // a fresh invitation for a presence of the demo (its own survey was seeded answered or not)
    await db.deleteFrom('survey_invitations').where('participant_id', '=', presence.participant_id).where('session_id', '=', presence.session_id).where('kind', '=', 'satisfaction').execute();
    await db
      .insertInto('survey_invitations')
      .values({ territory_id: presence.territory_id, kind: 'satisfaction', participant_id: presence.participant_id, session_id: presence.session_id, cycle_id: presence.cycle_id, token_hash: sha256(token), due_at: new Date(Date.now() - 3600_000).toISOString(), expires_at: new Date(Date.now() + 86400_000).toISOString() })
      .execute();
    const before = Number((await db.selectFrom('satisfaction_answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/enquete/${token}`);
    assert.deepEqual(await axeViolations(page), [], 'axe on the survey');
    // sent half answered: the errors are shown beside the fields and the choice made is kept
    await page.getByLabel('5 — tout à fait').first().check();
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await page.waitForSelector('.error-summary');
    assert.ok(await page.locator('#usefulness-5').isChecked());
    assert.deepEqual(await axeViolations(page), [], 'axe on the survey with errors');
    await page.locator('#clarity-4').check();
    await page.locator('#pace-adapte').check();
    await page.locator('#recommend-oui').check();
    await page.getByLabel('Mettre en pratique dans mon entreprise').check();
    await page.getByLabel('Un commentaire, une suggestion ?').fill('Très concret, merci.');
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await page.waitForSelector('h1:has-text("Merci pour vos réponses")');
    assert.deepEqual(await axeViolations(page), [], 'axe on the thanks page');
    const after = Number((await db.selectFrom('satisfaction_answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(after, before + 1);
    await page.goto(`${app.baseUrl}/enquete/${token}`);
    assert.match(await page.locator('h1').textContent() ?? '', /Vous avez déjà répondu/);
    await context.close();
  });
});
