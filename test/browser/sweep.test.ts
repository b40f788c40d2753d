import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { axeViolations, launchChromium, signIn, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

/** The pages of facilitation, on demand and results, with the demo's data, checked by axe (split from planning.test.ts so each file stays short; contacts, campaigns and the trust pages are in sweep-campaigns.test.ts). */
describe('facilitation, on-demand and results pages in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let app: BrowserApp;
  let coordinator: { email: string; password: string };

  before(async () => {
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, {}, { demo: {} })]);
    const demo = await seedDemo(app.database.db);
    const c = demo.staff.find((s) => s.role === 'coordinator')!;
    coordinator = { email: c.email, password: c.password };
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signedIn(): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, coordinator);
    return page;
  }

  async function sweep(page: Page, urls: Array<string | [string, number]>) {
    for (const entry of urls) {
      const [url, status] = typeof entry === 'string' ? [entry, 200] : entry;
      const res = await page.goto(`${app.baseUrl}${url}`);
      assert.equal(res?.status(), status, url);
      assert.deepEqual(await axeViolations(page), [], `axe on ${url}`);
    }
  }

  test('facilitation: rosters closed and upcoming, the report (also with errors), the reviews, the certificate check, the FAQ', async () => {
    const db = app.database.db;
    const held = await db.selectFrom('sessions').select('id').where('status', '=', 'held').orderBy('starts_at', 'desc').executeTakeFirstOrThrow();
    const upcoming = await db.selectFrom('sessions').select('id').where('status', '=', 'scheduled').orderBy('starts_at').executeTakeFirstOrThrow();
    const question = await db.selectFrom('session_questions').select('id').executeTakeFirstOrThrow();
    const certificate = await db.selectFrom('certificates').select('code').executeTakeFirstOrThrow();
    const page = await signedIn();
    await sweep(page, [
      '/equipe/mes-seances',
      `/equipe/seances/${held.id}/emargement`,
      `/equipe/seances/${held.id}/compte-rendu`,
      `/equipe/seances/${upcoming.id}/emargement`,
      `/equipe/seances/${upcoming.id}/compte-rendu`,
      '/equipe/questions',
      `/equipe/questions/${question.id}?retour=revue`,
      '/equipe/absences',
      `/attestations/verifier?code=${certificate.code}`,
      ['/attestations/verifier?code=0000-0000-0000', 404],
      '/attestations/verifier',
      '/ateliers/lire-un-devis-agence-web',
    ]);
    await page.goto(`${app.baseUrl}/equipe/seances/${held.id}/compte-rendu`);
    await page.click('#ajout button[type=submit]');
    await page.waitForSelector('.error-summary');
    assert.deepEqual(await axeViolations(page), [], 'axe on the report with errors');
    await page.context().close();
  });

  test('on demand and results: the request form, the board, the indicators, the poll form, go / no-go, the dashboard', async () => {
    const db = app.database.db;
    const ecommerce = await db.selectFrom('workshops').select('id').where('slug', '=', 'e-commerce').executeTakeFirstOrThrow();
    const frevent = await db.selectFrom('venues').select('id').where('slug', '=', 'frevent').executeTakeFirstOrThrow();
    const cycle = await db.selectFrom('cycles').select('id').orderBy('number').executeTakeFirstOrThrow();
    const page = await signedIn();
    await sweep(page, [
      '/ateliers/demande?atelier=e-commerce',
      '/equipe/demandes',
      '/equipe/demandes/indicateurs',
      `/equipe/demandes/sondage?atelier=${ecommerce.id}&lieu=${frevent.id}`,
      '/equipe/maintien',
      '/equipe/bilan',
      `/equipe/bilan?session=${cycle.id}`,
      '/bilan',
      '/equipe/reseau',
    ]);
    await page.context().close();
  });
});
