import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { parisMonthOf, shiftMonth } from '../../src/catalogue/filters.js';
import { axeViolations, launchChromium, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

describe('the public catalogue in Chromium', () => {
  let browser: Browser;
  let app: BrowserApp;
  let open: number; // a coming session with seats left
  let cancelled: number;
  const nextMonth = shiftMonth(parisMonthOf(new Date()), 1); // the demo's dates start a few days from now

  before(async () => {
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, {}, { demo: {} })]);
    const db = app.database.db;
    await seedDemo(db);
    const coming = await db
      .selectFrom('sessions')
      .select(['id', 'seats', 'seats_taken'])
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', new Date().toISOString())
      .orderBy('starts_at')
      .execute();
    open = coming.find((s) => s.seats_taken < s.seats)!.id;
    cancelled = coming[coming.length - 1]!.id;
    await db.updateTable('sessions').set({ status: 'cancelled', cancelled_at: new Date().toISOString() }).where('id', '=', cancelled).execute();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function check(context: BrowserContext, path: string, heading: RegExp) {
    const page = await context.newPage();
    const response = await page.goto(`${app.baseUrl}${path}`);
    assert.equal(response?.status(), 200, path);
    assert.equal(await page.locator('h1').count(), 1, `one h1 on ${path}`);
    assert.match((await page.locator('h1').textContent()) ?? '', heading, path);
    assert.deepEqual(await axeViolations(page), [], `axe on ${path}`);
    await page.close();
  }

  test('catalogue, workshop, session, venue and calendar pages have no axe violation', async () => {
    const context = await browser.newContext();
    const consoleErrors: string[] = [];
    context.on('page', (p) => p.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${p.url()}: ${m.text()}`)));
    await check(context, '/ateliers', /Les ateliers et leurs séances/);
    await check(context, '/ateliers?theme=web&niveau=intermediaire&places=1', /Les ateliers et leurs séances/);
    await check(context, '/ateliers?lieu=inconnu', /Les ateliers et leurs séances/);
    await check(context, '/ateliers/creer-son-site-web', /Créer son site web/);
    await check(context, `/seances/${open}`, /./);
    await check(context, `/seances/${cancelled}`, /./);
    await check(context, '/lieux/frevent', /Cybercentre de Frévent/);
    await check(context, '/calendrier', /Calendrier des séances/);
    await check(context, `/calendrier?mois=${nextMonth}&theme=web`, /Calendrier des séances/);
    assert.deepEqual(consoleErrors, [], 'no CSP violation (the JSON-LD block is data, not a script)');
    await context.close();
  });

  test('JavaScript off: filter the sessions, go to the calendar and its next month, open a session', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/ateliers`);
    await page.selectOption('#lieu', 'frevent');
    await page.check('#places');
    await page.click('text=Afficher les séances');
    await page.waitForURL(/\/ateliers\?lieu=frevent&.*places=1/);
    const places = await page.locator('.session-where').allTextContents();
    assert.ok(places.length > 0, 'some sessions at Frévent');
    assert.ok(places.every((p) => p.includes('Frévent')), places.join(' | '));
    assert.equal(await page.locator('.badge-full, .badge-cancelled').count(), 0, 'only sessions with seats left');
    assert.equal(await page.inputValue('#lieu'), 'frevent', 'the form shows the filters in use');

    await page.click('text=Voir ces séances dans le calendrier');
    await page.waitForURL((u) => u.pathname === '/calendrier' && u.searchParams.get('lieu') === 'frevent' && u.searchParams.get('places') === '1');
    await page.click('text=/Mois suivant/');
    await page.waitForURL((u) => u.pathname === '/calendrier' && u.searchParams.get('mois') === nextMonth);
    assert.equal(new URL(page.url()).searchParams.get('places'), '1');
    assert.equal(await page.inputValue('#lieu'), 'frevent', 'the month links keep the filters');

    await page.goto(`${app.baseUrl}/calendrier?mois=${nextMonth}&lieu=frevent`);
    const first = page.locator('.cal-sessions a').first();
    await first.click();
    await page.waitForURL(/\/seances\/\d+$/);
    assert.match((await page.locator('main').textContent()) ?? '', /Cybercentre de Frévent/);
    await context.close();
  });

  test('the catalogue and the calendar fit a phone screen without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    for (const path of ['/ateliers', `/calendrier?mois=${nextMonth}`, `/seances/${open}`]) {
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path}: ${overflow}px of horizontal overflow`);
      assert.deepEqual(await axeViolations(page), [], `axe on ${path} at 360 px`);
      await page.close();
    }
    await context.close();
  });
});
