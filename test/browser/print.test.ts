import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../databases.js';
import { axeViolations, startDemoBrowser, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

/** The posters page with the demo's data, checked by axe. */
describe('posters and flyers page in Chromium, checked by axe-core', () => {
  let demo: Awaited<ReturnType<typeof startDemoBrowser>>;
  let app: BrowserApp;

  before(async () => {
    demo = await startDemoBrowser(sqlite!);
    app = demo.app;
  });
  after(() => demo?.close());

  test('the coordinator chooses a cycle and finds the two downloads; no axe violation', async () => {
    const page = await demo.signedIn('coordinator');
    const res = await page.goto(`${app.baseUrl}/equipe/campagnes/affiches`);
    assert.equal(res?.status(), 200);
    assert.deepEqual(await axeViolations(page), [], 'axe on the posters page');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/\?cycle=\d+/);
    assert.equal(await page.locator('a[href$="/affiche.pdf"]').count(), 1);
    assert.equal(await page.locator('a[href$="/flyer.pdf"]').count(), 1);
    assert.deepEqual(await axeViolations(page), [], 'axe after choosing the cycle');
    await page.context().close();
  });
});
