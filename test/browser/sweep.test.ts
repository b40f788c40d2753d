import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { unsubscribeToken } from '../../src/campaigns/unsubscribe.js';
import { axeViolations, launchChromium, signIn, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

/** The pages of facilitation, on demand and results, with the demo's data, checked by axe (split from planning.test.ts so each file stays short). */
describe('facilitation, on-demand and results pages in Chromium, checked by axe-core', () => {
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

  test('contacts: the list, the import form (also with errors), a messy file previewed with its report, confirmed', async () => {
    const page = await signedIn();
    await sweep(page, ['/equipe/contacts', '/equipe/contacts/import']);
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await page.waitForSelector('.error-summary');
    assert.deepEqual(await axeViolations(page), [], 'axe on the import form with errors');
    const file = ['Courriel;Prénom;Nom;Raison sociale;SIRET;Code postal;Ville', 'alice@exemple.fr;Alice;Martin;Boulangerie Martin;;62130;Saint-Pol-sur-Ternoise', 'pas-une-adresse;Bob;Durand;Garage;;62270;Frévent', 'carole@exemple.fr;Carole;Petit;=1+1;123;;Nulle-Part'].join('\r\n');
    await page.setInputFiles('#fichier', { name: 'prospects.csv', mimeType: 'text/csv', buffer: Buffer.from(file, 'latin1') });
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await page.waitForURL(/\/equipe\/contacts\/import\/\d+$/);
    assert.match(await page.locator('#encodage').innerText(), /Windows-1252/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the preview with its report');
    await page.getByRole('button', { name: /Confirmer l’import de 1 contact/ }).click();
    await page.waitForSelector('#statut');
    assert.deepEqual(await axeViolations(page), [], 'axe on the confirmed import');
    await page.goto(`${app.baseUrl}/equipe/contacts?q=martin`);
    assert.match(await page.locator('#nombre').innerText(), /^1 contact/);
    await page.context().close();
  });

  test('campaigns: the list, composing (also with errors), a draft, a send followed, unsubscribing', async () => {
    const page = await signedIn();
    const sent = await app.database.db.selectFrom('campaigns').select('id').where('status', '=', 'sent').executeTakeFirstOrThrow();
    const contact = await app.database.db.selectFrom('contacts').select('email').where('commune_code', '=', '62361').executeTakeFirstOrThrow();
    await sweep(page, ['/equipe/campagnes', `/equipe/campagnes/${sent.id}`, `/equipe/campagnes/${sent.id}?contact=${encodeURIComponent(contact.email)}`, [`/equipe/campagnes/${sent.id}?contact=personne%40nulle.part`, 400], '/equipe/campagnes/nouvelle']);
    await page.locator('details.choice-list > summary').click();
    await page.getByLabel('Frévent', { exact: true }).check();
    assert.deepEqual(await axeViolations(page), [], 'axe with the communes unfolded');
    await page.fill('#name', '');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.waitForSelector('.error-summary');
    assert.deepEqual(await axeViolations(page), [], 'axe on the campaign form with errors');
    await page.fill('#name', 'Rentrée 2027');
    await page.fill('#subject', 'Les ateliers numériques reprennent');
    await page.getByLabel('Agriculture').check();
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.waitForURL(/\/equipe\/campagnes\/\d+$/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the draft');
    await page.getByLabel(/J’ai relu le message/).check();
    await page.getByRole('button', { name: 'Envoyer la campagne' }).click();
    await page.waitForSelector('progress');
    assert.deepEqual(await axeViolations(page), [], 'axe on a campaign being sent');
    const token = unsubscribeToken(app.config.sessionSecret, (await app.database.db.selectFrom('territories').select('id').executeTakeFirstOrThrow()).id, 'quelqu.un@example.fr');
    await sweep(page, [`/desinscription/${token}`]);
    await page.getByRole('button', { name: 'Me désinscrire' }).click();
    await page.waitForSelector('h1:has-text("Vous êtes désinscrit")');
    assert.deepEqual(await axeViolations(page), [], 'axe after unsubscribing');
    await page.context().close();
  });
});
