import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { unsubscribeToken } from '../../src/campaigns/unsubscribe.js';
import { issueAccessToken } from '../../src/registration/tokens.js';
import { axeViolations, startDemoBrowser } from './harness.js';

const [sqlite] = databaseTiers();
type Site = Awaited<ReturnType<typeof startDemoBrowser>>;

/** Goes to each page (expected status 200 unless given) and checks it with axe. */
async function sweep(site: Site, page: Page, urls: Array<string | [string, number]>) {
  for (const entry of urls) {
    const [url, status] = typeof entry === 'string' ? [entry, 200] : entry;
    const res = await page.goto(`${site.app.baseUrl}${url}`);
    assert.equal(res?.status(), status, url);
    assert.deepEqual(await axeViolations(page), [], `axe on ${url}`);
  }
}

/** Contacts, campaigns and the pages of personal data and security, with the demo's data, checked by axe (split from sweep.test.ts). */
describe('contacts, campaigns, personal data and security pages in Chromium, checked by axe-core', () => {
  let site: Site;
  before(async () => {
    site = await startDemoBrowser(sqlite!);
  });
  after(async () => {
    await site?.close();
  });

  test('contacts: the list, the import form (also with errors), a messy file previewed with its report, confirmed', async () => {
    const page = await site.signedIn();
    await sweep(site, page, ['/equipe/contacts', '/equipe/contacts/import']);
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
    await page.goto(`${site.app.baseUrl}/equipe/contacts?q=martin`);
    assert.match(await page.locator('#nombre').innerText(), /^1 contact/);
    await page.context().close();
  });

  test('campaigns: the list, composing (also with errors), a draft, a send followed, unsubscribing', async () => {
    const page = await site.signedIn();
    const sent = await site.app.database.db.selectFrom('campaigns').select('id').where('status', '=', 'sent').executeTakeFirstOrThrow();
    const contact = await site.app.database.db.selectFrom('contacts').select('email').where('commune_code', '=', '62361').executeTakeFirstOrThrow();
    await sweep(site, page, ['/equipe/campagnes', `/equipe/campagnes/${sent.id}`, `/equipe/campagnes/${sent.id}?contact=${encodeURIComponent(contact.email)}`, [`/equipe/campagnes/${sent.id}?contact=personne%40nulle.part`, 400], '/equipe/campagnes/nouvelle']);
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
    const token = unsubscribeToken(site.app.config.sessionSecret, (await site.app.database.db.selectFrom('territories').select('id').executeTakeFirstOrThrow()).id, 'quelqu.un@example.fr');
    await sweep(site, page, [`/desinscription/${token}`]);
    await page.getByRole('button', { name: 'Me désinscrire' }).click();
    await page.waitForSelector('h1:has-text("Vous êtes désinscrit")');
    assert.deepEqual(await axeViolations(page), [], 'axe after unsubscribing');
    await page.context().close();
  });

  test('personal data and security: « Mes données », the people and one person, the register, the journal, one’s sessions, the privacy page', async () => {
    const db = site.app.database.db;
    const person = await db.selectFrom('participants').select('id').orderBy('id').executeTakeFirstOrThrow();
    const coordinator = await site.signedIn('coordinator');
    await sweep(site, coordinator, ['/equipe/personnes', `/equipe/personnes?q=a`, `/equipe/personnes/${person.id}`, '/equipe/registre', '/equipe/securite', '/confidentialite']);
    await coordinator.context().close();
    const admin = await site.signedIn('administrator');
    await sweep(site, admin, ['/equipe/journal', '/equipe/securite']);
    await admin.locator('form[action="/equipe/securite/double-facteur"] button[type=submit]').click();
    await admin.waitForSelector('img[src^="data:image"], svg, input[name="code"]');
    assert.deepEqual(await axeViolations(admin), [], 'axe on the second-factor enrolment');
    await admin.context().close();
    const context = await site.browser.newContext();
    context.setDefaultTimeout(20_000);
    const participant = await context.newPage();
    await participant.goto(`${site.app.baseUrl}/mes-inscriptions/acces?jeton=${await issueAccessToken(db, person.id)}`);
    await participant.waitForURL(`${site.app.baseUrl}/mes-inscriptions`);
    await sweep(site, participant, ['/mes-inscriptions/donnees', '/mes-inscriptions/donnees/effacement']);
    await context.close();
  });

  test('the territories of the instance: the list, adding one (both steps, and with errors), changing a host name (and with an error)', async () => {
    const territory = await site.app.database.db.selectFrom('territories').select('id').orderBy('id').executeTakeFirstOrThrow();
    const admin = await site.signedIn('administrator');
    await sweep(site, admin, ['/equipe/territoires', '/equipe/territoires/nouveau', '/equipe/territoires/nouveau?departement=62', `/equipe/territoires/${territory.id}`]);
    await admin.goto(`${site.app.baseUrl}/equipe/territoires/nouveau?departement=62`);
    await admin.locator('form[action="/equipe/territoires/nouveau"][method="post"] button[type=submit]').click();
    await admin.waitForSelector('.error-summary, [role="alert"]');
    assert.deepEqual(await axeViolations(admin), [], 'axe on the new territory form with errors');
    await admin.goto(`${site.app.baseUrl}/equipe/territoires/${territory.id}`);
    await admin.fill('input[name="host"]', 'https://pas un nom');
    await admin.locator(`form[action="/equipe/territoires/${territory.id}"] button[type=submit]`).click();
    await admin.waitForSelector('#host-erreur');
    assert.equal(await admin.inputValue('input[name="host"]'), 'https://pas un nom', 'what was typed is kept');
    assert.deepEqual(await axeViolations(admin), [], 'axe on the host form with its error');
    await admin.context().close();
  });
});
