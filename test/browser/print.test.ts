import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { axeViolations, launchChromium, signIn, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

/** The posters page with the demo's data, checked by axe. */
describe('posters and flyers page in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let app: BrowserApp;
  let coordinator: { email: string; password: string };

  before(async () => {
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!)]);
    const demo = await seedDemo(app.database.db);
    const c = demo.staff.find((s) => s.role === 'coordinator')!;
    coordinator = { email: c.email, password: c.password };
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the coordinator chooses a cycle and finds the two downloads; no axe violation', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, coordinator);
    const res = await page.goto(`${app.baseUrl}/equipe/campagnes/affiches`);
    assert.equal(res?.status(), 200);
    assert.deepEqual(await axeViolations(page), [], 'axe on the posters page');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/\?cycle=\d+/);
    assert.equal(await page.locator('a[href$="/affiche.pdf"]').count(), 1);
    assert.equal(await page.locator('a[href$="/flyer.pdf"]').count(), 1);
    assert.deepEqual(await axeViolations(page), [], 'axe after choosing the cycle');
    await context.close();
  });
});
