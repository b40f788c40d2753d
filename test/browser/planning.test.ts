import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { axeViolations, launchChromium, signIn, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

describe('the back office’s planning in Chromium', () => {
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

  async function signedIn(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, coordinator);
    return { context, page };
  }

  test('every planning page, and its forms with errors, has no axe violation', async () => {
    const { context, page } = await signedIn();
    const firstSession = await app.database.db.selectFrom('sessions').select('id').where('status', '=', 'scheduled').orderBy('starts_at').executeTakeFirstOrThrow();
    const firstVenue = await app.database.db.selectFrom('venues').select('id').executeTakeFirstOrThrow();
    const firstWorkshop = await app.database.db.selectFrom('workshops').select('id').executeTakeFirstOrThrow();
    const firstCycle = await app.database.db.selectFrom('cycles').select('id').executeTakeFirstOrThrow();
    const facilitator = await app.database.db.selectFrom('staff_users').select('id').where('role', '=', 'facilitator').executeTakeFirstOrThrow();
    const elected = await app.database.db.selectFrom('staff_users').select('id').where('role', '=', 'elected').executeTakeFirstOrThrow();
    for (const url of [
      '/equipe',
      '/equipe/seances',
      '/equipe/seances?tri=fill&page=2',
      '/equipe/seances/nouvelle',
      `/equipe/seances/${firstSession.id}`,
      `/equipe/seances/${firstSession.id}/inscrits`,
      `/equipe/seances/${firstSession.id}/inscrire`,
      '/equipe/seances/planifier',
      '/equipe/seances/reprendre',
      '/equipe/ateliers',
      '/equipe/ateliers/nouveau',
      `/equipe/ateliers/${firstWorkshop.id}`,
      '/equipe/lieux',
      `/equipe/lieux/${firstVenue.id}`,
      '/equipe/sessions',
      `/equipe/sessions/${firstCycle.id}`,
      '/equipe/animateurs',
      `/equipe/animateurs/${facilitator.id}`,
      '/equipe/elus',
      '/equipe/elus/nouveau',
      `/equipe/elus/${elected.id}`,
    ]) {
      const res = await page.goto(`${app.baseUrl}${url}`);
      assert.equal(res?.status(), 200, url);
      assert.deepEqual(await axeViolations(page), [], `axe on ${url}`);
    }
    // forms sent empty come back with their errors, still accessible
    for (const url of ['/equipe/seances/nouvelle', '/equipe/ateliers/nouveau', '/equipe/lieux/nouveau', '/equipe/sessions/nouvelle', '/equipe/animateurs/nouveau', '/equipe/elus/nouveau']) {
      await page.goto(`${app.baseUrl}${url}`);
      await page.evaluate(() => document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('main form[method=post] input:not([type=hidden]):not([type=checkbox]), main form textarea').forEach((i) => (i.value = '')));
      await page.click('main form[method=post] button[type=submit]');
      await page.waitForSelector('.error-summary');
      assert.deepEqual(await axeViolations(page), [], `axe on ${url} with errors`);
    }
    // the series preview, with its table of checks
    await page.goto(`${app.baseUrl}/equipe/seances/planifier`);
    await page.selectOption('#workshop', String(firstWorkshop.id));
    await page.check(`#venue-${firstVenue.id}`);
    await page.fill('#first_date', '2099-03-03');
    await page.click('main form button[type=submit]');
    await page.waitForSelector('#apercu');
    assert.deepEqual(await axeViolations(page), [], 'axe on the series preview');
    await context.close();
  });

  test('a whole cycle of about fifty dates planned in three form submissions, JavaScript off', async () => {
    const { context, page } = await signedIn({ javaScriptEnabled: false });
    const db = app.database.db;
    const current = await db.selectFrom('cycles').select(['id', 'starts_on']).orderBy('number', 'desc').executeTakeFirstOrThrow();
    const currentCount = (await db.selectFrom('sessions').select('id').where('cycle_id', '=', current.id).where('status', '<>', 'cancelled').execute()).length;
    let submissions = 0;

    // 1. the new cycle, 26 weeks after the current one
    await page.goto(`${app.baseUrl}/equipe/sessions/nouvelle`);
    const start = new Date(Date.parse(`${current.starts_on}T12:00:00Z`) + 26 * 7 * 86400_000).toISOString().slice(0, 10);
    const end = new Date(Date.parse(`${start}T12:00:00Z`) + 160 * 86400_000).toISOString().slice(0, 10);
    await page.fill('#name', '5e session, printemps-été');
    await page.fill('#starts_on', start);
    await page.fill('#ends_on', end);
    await page.fill('#opens_on', start);
    await page.click('main form button[type=submit]');
    submissions++;
    await page.waitForURL(/\/equipe\/sessions\?enregistre=1/);
    const target = await db.selectFrom('cycles').select('id').where('number', '=', 5).executeTakeFirstOrThrow();

    // 2. preview the current cycle's plan moved into it, 3. confirm
    await page.goto(`${app.baseUrl}/equipe/seances/reprendre`);
    await page.selectOption('#source', String(current.id));
    await page.selectOption('#target', String(target.id));
    await page.click('main form button[type=submit]');
    submissions++;
    await page.waitForSelector('#apercu');
    assert.match((await page.textContent('#apercu')) ?? '', /Aperçu : \d+ séance\(s\) possible\(s\)/);
    await page.click('text=/Créer les \\d+ séance\\(s\\) sans conflit/');
    submissions++;
    await page.waitForURL(/\/equipe\/seances\?cycle=/);
    assert.match((await page.textContent('[role=status]')) ?? '', /séance\(s\) créée\(s\)/);

    const planned = (await db.selectFrom('sessions').select('id').where('cycle_id', '=', target.id).execute()).length;
    assert.ok(planned >= 45 && planned <= currentCount, `${planned} dates planned from ${currentCount}`);
    assert.equal(submissions, 3);
    console.log(`# planning: ${planned} dates of a new cycle in ${submissions} form submissions`);
    await context.close();
  });
});
