import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import axe from 'axe-core';
import type { DatabaseTier } from '../databases.js';
import type { DemoSeedOptions } from '../demo-template.js';
import { createTestApp, type TestApp } from '../app.js';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';

export interface BrowserApp extends TestApp {
  baseUrl: string;
}

/** A Boutic listening on 127.0.0.1 (a random port), on a fresh database of the tier (`demo`: holding the demo, see createTestApp). */
export async function startBrowserApp(tier: DatabaseTier, env: Record<string, string> = {}, options: { demo?: DemoSeedOptions } = {}): Promise<BrowserApp> {
  const t = await createTestApp(tier, env, [], options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { ...t, baseUrl: `http://127.0.0.1:${port}` };
}

export async function launchChromium(): Promise<Browser> {
  const found = findChromium();
  if (!found.path) throw new Error(found.advice);
  return chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true });
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'RGAAv4'];

/**
 * axe-core's violations on the page (RGAA 4.1 automatable part, WCAG 2.1 A and AA), as readable lines.
 * The same rules as `new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()`, run by `axe.run` in the page
 * itself: AxeBuilder injects axe's 560 kB at every call and finishes in a blank page it opens, injected
 * again (about 3.4 s of CPU a check against 0.9 s). axe is injected once per document; only violations are
 * detailed (`resultTypes`: the passes are not walked for selectors; the violations are the same).
 * A page with frames goes through AxeBuilder, which injects axe into each frame.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  let results: axe.AxeResults;
  if (page.frames().length > 1) results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  else {
    if (!(await page.evaluate('typeof window.axe?.run === "function"'))) await page.evaluate(axe.source);
    results = await page.evaluate(
      (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
  }
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Signs a staff member in through the login form, as a person would; resolves on the back-office home. */
export async function signIn(page: Page, baseUrl: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/equipe/connexion`);
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await page.click('main form button[type=submit]');
  await page.waitForURL(`${baseUrl}/equipe`);
}

/**
 * Chromium and a Boutic holding the demo's data, for the browser tests that read the demo: `signedIn`
 * opens a fresh context signed in as the demo's account of that role; `close` stops both.
 */
export async function startDemoBrowser(tier: DatabaseTier) {
  const [browser, app] = await Promise.all([launchChromium(), startBrowserApp(tier, {}, { demo: {} })]);
  const { seedDemo } = await import('../../src/demo/seed.js');
  const demo = await seedDemo(app.database.db);
  const account = (role: string) => {
    const s = demo.staff.find((x) => x.role === role);
    if (!s) throw new Error(`no demo account of role ${role}`);
    return { email: s.email, password: s.password };
  };
  return {
    browser,
    app,
    account,
    async signedIn(role = 'coordinator'): Promise<Page> {
      const context = await browser.newContext();
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      await signIn(page, app.baseUrl, account(role));
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
    },
  };
}
