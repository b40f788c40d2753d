import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { axeViolations, launchChromium, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

describe('pages in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let app: BrowserApp;
  let empty: BrowserApp;
  let staff: { email: string; password: string };

  before(async () => {
    [browser, app, empty] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, {}, { demo: {} }), startBrowserApp(sqlite!)]);
    const demo = await seedDemo(app.database.db);
    const coordinator = demo.staff.find((s) => s.role === 'coordinator')!;
    staff = { email: coordinator.email, password: coordinator.password };
  });
  after(async () => {
    await browser?.close();
    await Promise.all([app?.close(), empty?.close()]);
  });

  async function check(context: BrowserContext, url: string, expect: { status?: number; heading: RegExp }) {
    const page = await context.newPage();
    const response = await page.goto(url);
    assert.equal(response?.status(), expect.status ?? 200, url);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.match((await page.locator('h1').first().textContent()) ?? '', expect.heading);
    assert.deepEqual(await axeViolations(page), [], `axe on ${url}`);
    await page.close();
  }

  test('public and staff pages have no axe violation (RGAA 4.1 automatable part, WCAG 2.1 AA)', async () => {
    const context = await browser.newContext();
    const consoleErrors: string[] = [];
    context.on('page', (p) => p.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${p.url()}: ${m.text()}`)));
    await check(context, `${app.baseUrl}/`, { heading: /Ateliers numériques/ });
    await check(context, `${app.baseUrl}/accessibilite`, { heading: /Déclaration d’accessibilité/ });
    await check(context, `${app.baseUrl}/mentions-legales`, { heading: /Mentions légales/ });
    await check(context, `${app.baseUrl}/equipe/connexion`, { heading: /Connexion/ });
    await check(context, `${app.baseUrl}/nulle-part`, { status: 404, heading: /Page introuvable/ });
    await check(context, `${empty.baseUrl}/mise-en-route?departement=62`, { heading: /Première mise en route/ });
    assert.deepEqual(consoleErrors.filter((e) => !e.includes('/nulle-part: Failed to load resource')), [], 'no CSP violation or script error in the console');
    await context.close();
  });

  test('a staff member signs in and out with the keyboard, JavaScript off; errors are announced beside the fields', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/equipe/connexion`);
    await page.click('button[type=submit]');
    assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#email-erreur').textContent()) ?? '', /obligatoire/);

    await page.fill('#email', staff.email);
    await page.fill('#password', 'mauvais mot de passe');
    await page.press('#password', 'Enter');
    assert.match((await page.locator('[role=alert]').first().textContent()) ?? '', /incorrect/);
    assert.equal(await page.inputValue('#email'), staff.email, 'the e-mail is kept');

    await page.fill('#password', staff.password);
    await page.press('#password', 'Enter');
    await page.waitForURL(`${app.baseUrl}/equipe`);
    assert.match((await page.locator('main').textContent()) ?? '', /Bonjour Camille Delattre/);

    await page.click('text=Se déconnecter');
    await page.waitForURL(/\/equipe\/connexion\?deconnecte=1/);
    assert.match((await page.locator('[role=status]').textContent()) ?? '', /déconnecté/);
    await context.close();
  });

  test('forms with errors and the back office have no axe violation', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/equipe/connexion`);
    await page.click('button[type=submit]');
    await page.waitForSelector('#email-erreur');
    // the enhancement script (deferred) moves the focus to the error summary once the page is parsed
    await page.waitForFunction(() => document.activeElement?.id === 'erreurs', undefined, { timeout: 5000 });
    assert.deepEqual(await axeViolations(page), [], 'axe on the login form with errors');
    await page.fill('#email', staff.email);
    await page.fill('#password', staff.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${app.baseUrl}/equipe`);
    assert.deepEqual(await axeViolations(page), [], 'axe on the back office');
    const setup = await context.newPage();
    await setup.goto(`${empty.baseUrl}/mise-en-route?departement=62`);
    await setup.click('form[method=post] button[type=submit]');
    await setup.waitForSelector('#epci-erreur');
    assert.deepEqual(await axeViolations(setup), [], 'axe on the first-run form with errors');
    await context.close();
  });

  test('first run, JavaScript off: choose the department and the EPCI, create the administrator, sign in', async () => {
    const fresh = await startBrowserApp(sqlite!);
    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      await page.goto(`${fresh.baseUrl}/`);
      assert.match(page.url(), /\/mise-en-route$/);
      await page.selectOption('#departement', '62');
      await page.click('text=Afficher les intercommunalités');
      await page.selectOption('#epci', '200069672');
      await page.fill('#name', 'Dominique Leroy');
      await page.fill('#email', 'dominique.leroy@ternois.localhost');
      await page.fill('#password', 'un mot de passe solide');
      await page.fill('#password_confirm', 'un mot de passe different');
      await page.click('text=Créer le compte et le territoire');
      assert.match((await page.locator('#password_confirm-erreur').textContent()) ?? '', /pas identiques/);
      assert.equal(await page.inputValue('#email'), 'dominique.leroy@ternois.localhost', 'the form keeps what was typed');
      assert.equal(await page.inputValue('#epci'), '200069672');
      await page.fill('#password', 'un mot de passe solide');
      await page.fill('#password_confirm', 'un mot de passe solide');
      await page.click('text=Créer le compte et le territoire');
      await page.waitForURL(/\/equipe\/connexion\?installe=1/);
      assert.match((await page.locator('[role=status]').textContent()) ?? '', /CC du Ternois/);
      await page.fill('#email', 'dominique.leroy@ternois.localhost');
      await page.fill('#password', 'un mot de passe solide');
      await page.click('main button[type=submit]');
      await page.waitForURL(`${fresh.baseUrl}/equipe`);
      assert.match((await page.locator('main').textContent()) ?? '', /Votre rôle : administrateur/);
      const communes = await fresh.database.db.selectFrom('communes').select('insee_code').execute();
      assert.equal(communes.length, 103);
    } finally {
      await context.close();
      await fresh.close();
    }
  });

  test('the skip link is the first stop of the keyboard and leads to the content', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Aller au contenu');
    assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'solid', 'visible focus');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contenu');
    await context.close();
  });

  test('the home page fits a phone screen without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${overflow}px of horizontal overflow`);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
