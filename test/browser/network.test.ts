import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../factories.js';
import { issueAccessToken } from '../../src/registration/tokens.js';
import { startTestSmtpServer, eventually, type TestSmtpServer } from '../../src/platform/mail/testing.js';
import { startOutboxWorker } from '../../src/platform/mail/worker.js';
import { MAIL_GUARDS } from '../../src/mail-guards.js';
import { axeViolations, launchChromium, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

/** Issue 10's journey: two leaders opt in, find each other, write through the relay (a real SMTP server), and one joins the other's project. */
describe('two leaders meet in the directory, in Chromium', () => {
  let browser: Browser;
  let app: BrowserApp;
  let smtp: TestSmtpServer;
  const people: Record<string, number> = {};

  before(async () => {
    smtp = await startTestSmtpServer();
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, { SMTP_URL: smtp.url })]);
    const db = app.database.db;
    const territoryId = (await buildTerritory(db)).id;
    await buildStaff(db, { territoryId, role: 'coordinator' });
    const workshop = await buildWorkshopWith(db, { territoryId, slug: 'e-commerce', title: 'Vendre en ligne', theme: 'vente', level: 'intermediaire' });
    const venue = await buildVenueWith(db, { territoryId, commune_code: '62361', name: 'Cybercentre de Frévent' });
    const held = await buildSession(db, { territoryId, cycleId: (await buildCycle(db, { territoryId })).id, venueId: venue.id, workshopId: workshop.id, startsAt: new Date('2026-10-12T07:00:00Z'), status: 'held' });
    for (const [key, first, company] of [['amelie', 'Amélie', 'Ferme Fontaine'], ['bruno', 'Bruno', 'Épicerie Caron']] as const) {
      const co = await db.insertInto('companies').values({ territory_id: territoryId, name: company, sector: key === 'amelie' ? 'agriculture' : 'commerce', commune_code: '62361' }).returning('id').executeTakeFirstOrThrow();
      people[key] = (await db.insertInto('participants').values({ territory_id: territoryId, email: `${key}@exemple.fr`, first_name: first, last_name: 'Leroy', company_id: co.id, commune_code: '62361' }).returning('id').executeTakeFirstOrThrow()).id;
      await db.insertInto('registrations').values({ session_id: held.id, participant_id: people[key]!, status: 'confirmed', attendance: 'present' }).execute();
    }
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.stop();
  });

  async function leader(key: string): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/mes-inscriptions/acces?jeton=${await issueAccessToken(app.database.db, people[key]!)}`);
    await page.waitForURL(`${app.baseUrl}/mes-inscriptions`);
    return page;
  }
  const axe = async (page: Page, what: string) => assert.deepEqual(await axeViolations(page), [], `axe on ${what}`);

  async function join(page: Page, shown: string[], offering?: string) {
    await page.getByRole('link', { name: 'L’annuaire des participants' }).click();
    await page.getByRole('link', { name: 'Rejoindre l’annuaire' }).click();
    await page.getByRole('button', { name: 'Rejoindre l’annuaire' }).click();
    await page.waitForSelector('.error-summary');
    await axe(page, 'the profile form with errors');
    for (const label of shown) await page.getByLabel(label, { exact: true }).check();
    if (offering) await page.getByLabel('Décrivez ce que vous pouvez apporter').fill(offering);
    await page.getByLabel('Vendre en ligne').check();
    await page.getByLabel(/Je souhaite figurer dans l’annuaire/).check();
    await page.getByRole('button', { name: 'Rejoindre l’annuaire' }).click();
    await page.waitForURL(/\/reseau\?bienvenue=1$/);
  }

  test('they opt in, find each other, write through Boutic, answer, and one joins the other’s project', async () => {
    const amelie = await leader('amelie');
    await join(amelie, ['Mon nom', 'Ce que je peux apporter'], 'Des paniers de légumes');
    await axe(amelie, 'the directory');
    const bruno = await leader('bruno');
    await join(bruno, ['Mon nom', 'Mon entreprise']);
    assert.match(await bruno.locator('#rencontres').locator('..').innerText(), /Vous étiez à l’atelier « Vendre en ligne » à Frévent le lundi 12 octobre 2026/);

    await bruno.getByRole('link', { name: 'Amélie Leroy' }).first().click();
    await axe(bruno, 'a member’s page');
    assert.doesNotMatch(await bruno.content(), /amelie@exemple\.fr|Ferme Fontaine/);
    await bruno.getByLabel('Votre message').fill('Bonjour, vos paniers m’intéressent pour mon épicerie.');
    await bruno.getByRole('button', { name: 'Envoyer par Boutic' }).click();
    await bruno.waitForURL(/\/reseau\/conversations\/\d+\?envoye=1$/);
    await axe(bruno, 'a conversation');

    const worker = startOutboxWorker({ database: app.database, config: app.config, logger: pino({ level: 'silent' }), guards: MAIL_GUARDS, autoStart: false });
    try {
      await worker.runOnce();
      await eventually(() => smtp.received.some((r) => r.envelope.to.includes('amelie@exemple.fr')));
    } finally {
      await worker.stop();
    }
    const mail = smtp.received.find((r) => r.envelope.to.includes('amelie@exemple.fr'))!;
    assert.match(mail.mail.text ?? '', /vos paniers m’intéressent/);
    assert.doesNotMatch(`${mail.mail.text}${mail.mail.html}`, /bruno@exemple\.fr/);
    const link = /http:\/\/127\.0\.0\.1:\d+(\/mes-inscriptions\/acces\?jeton=\S+)/.exec(mail.mail.text ?? '')?.[1] ?? /(\/mes-inscriptions\/acces\?jeton=[^\s"]+)/.exec(mail.mail.text ?? '')![1]!;
    await amelie.goto(`${app.baseUrl}${link}`);
    await amelie.waitForURL(/\/reseau\/conversations\/\d+$/);
    await amelie.getByLabel('Répondre').fill('Avec plaisir, passez à la ferme jeudi.');
    await amelie.getByRole('button', { name: 'Envoyer par Boutic' }).click();
    await amelie.waitForURL(/envoye=1$/);
    await bruno.reload();
    assert.match(await bruno.content(), /Adresse e-mail : amelie@exemple\.fr/);

    await amelie.goto(`${app.baseUrl}/reseau/projets/nouveau`);
    await amelie.getByLabel('Titre du projet').fill('Un site commun des producteurs');
    await amelie.getByLabel('Description').fill('Vendre nos paniers ensemble, avec les épiceries du coin.');
    await amelie.getByLabel('Agriculture').check();
    await amelie.getByRole('button', { name: 'Publier le projet' }).click();
    await amelie.waitForURL(/\/reseau\/projets\/\d+$/);
    await axe(amelie, 'a project, for its proposer');
    await bruno.goto(`${app.baseUrl}/reseau/projets`);
    await axe(bruno, 'the projects');
    await bruno.getByRole('link', { name: 'Un site commun des producteurs' }).click();
    await bruno.getByRole('button', { name: 'Ce projet m’intéresse' }).click();
    await bruno.waitForSelector('text=Vous êtes intéressé(e) par ce projet.');
    await amelie.reload();
    assert.match(await amelie.locator('#interesses').locator('..').innerText(), /Bruno Leroy/);
  });
});
