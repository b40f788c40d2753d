import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../factories.js';
import { parisDateTimeFields } from '../../src/platform/time.js';
import { registrationLive } from '../../src/registration/guards.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/platform/mail/worker.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/platform/mail/testing.js';
import { axeViolations, launchChromium, signIn, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();
const DAY = 86400_000;
const dateIn = (days: number) => parisDateTimeFields(new Date(Date.now() + days * DAY)).date;

describe('on demand in Chromium: four requests, a poll, the answers, a session from the best date, the requesters first, then everyone', () => {
  let browser: Browser;
  let app: BrowserApp;
  let smtp: TestSmtpServer;
  let worker: OutboxWorker;
  let staff: { email: string; password: string };

  before(async () => {
    smtp = await startTestSmtpServer();
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, { SMTP_URL: smtp.url })]);
    const db = app.database.db;
    const territoryId = (await buildTerritory(db)).id;
    await buildWorkshopWith(db, { territoryId, slug: 'e-commerce', title: 'Vendre en ligne' });
    await buildVenueWith(db, { territoryId, slug: 'auxi', name: 'Cybercentre d’Auxi-le-Château', workstations: 8 });
    await db.insertInto('cycles').values({ territory_id: territoryId, number: 5, name: '5e session', starts_on: dateIn(-10), ends_on: dateIn(90), registration_opens_at: new Date(Date.now() - 10 * DAY).toISOString() }).execute();
    const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
    staff = { email: coord.email, password: coord.password };
    worker = startOutboxWorker({ database: app.database, config: app.config, logger: pino({ level: 'silent' }), guards: { registration_live: registrationLive }, autoStart: false });
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await app?.close();
    await smtp?.stop();
  });

  const mailTo = (email: string, subject: RegExp) => smtp.received.filter((m) => m.envelope.to.includes(email) && subject.test(m.mail.subject ?? '')).at(-1);
  /** The path of a link in an e-mail (the e-mails point at BASE_URL; the test server listens elsewhere). */
  const linkIn = (text: string, re: RegExp) => re.exec(text)![0]!;

  async function ask(page: Page, name: string, days: string[], people = '1') {
    await page.goto(`${app.baseUrl}/ateliers/e-commerce`);
    await page.click('text=Aucune date ne vous convient ? Demandez une séance');
    await page.waitForURL(/\/ateliers\/demande\?atelier=e-commerce/);
    await page.selectOption('#venue', { label: 'Cybercentre d’Auxi-le-Château' });
    for (const d of days) await page.check(`#days-${d}`);
    await page.check('#times-apres-midi');
    await page.fill('#people', people);
    await page.fill('#first_name', name);
    await page.fill('#last_name', 'Demandeur');
    await page.fill('#email', `${name.toLowerCase()}@example.fr`);
    await page.click('button:has-text("Envoyer ma demande")');
    await page.waitForSelector('h1:has-text("Votre demande est enregistrée")');
  }

  test('the whole journey, with axe clean on each new page and real e-mails', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    // a mistake first: explained beside the fields, axe clean
    await page.goto(`${app.baseUrl}/ateliers/demande?atelier=e-commerce`);
    assert.deepEqual(await axeViolations(page), []);
    await page.click('button:has-text("Envoyer ma demande")');
    await page.waitForSelector('#days-erreur');
    assert.deepEqual(await axeViolations(page), [], 'axe on the form with errors');
    for (const [name, days, people] of [['Alice', ['mar'], '2'], ['Bruno', ['mar', 'jeu'], '1'], ['Chloe', ['jeu'], '1'], ['Denis', ['mar'], '1']] as const) await ask(page, name, [...days], people);
    assert.deepEqual(await axeViolations(page), [], 'axe on the confirmation');
    await worker.runOnce();
    assert.ok(mailTo('alice@example.fr', /Votre demande d’atelier/), 'the acknowledgement arrived');

    // the coordinator sees a ready group and proposes dates
    await signIn(page, app.baseUrl, staff);
    await page.click('text=Demandes d’ateliers');
    await page.waitForSelector('text=Prêt à programmer');
    assert.match((await page.textContent('main')) ?? '', /4 demandes, 5 personnes \(seuil : 4\)/);
    assert.deepEqual(await axeViolations(page), [], 'axe on the board');
    await page.getByRole('link', { name: /Proposer des dates/ }).first().click();
    await page.waitForSelector('h1:has-text("Proposer des dates")');
    await page.fill('#date_1', dateIn(15));
    await page.fill('#date_2', dateIn(17));
    await page.fill('#closes', dateIn(8));
    assert.deepEqual(await axeViolations(page), [], 'axe on the poll form');
    await page.click('button:has-text("Envoyer le sondage")');
    await page.waitForSelector('text=Sondage envoyé à 4 personnes.');
    assert.deepEqual(await axeViolations(page), [], 'axe on the poll page');
    const pollUrl = page.url();

    // three requesters answer from the link in their e-mail
    await worker.runOnce();
    for (const [name, first, second] of [['alice', 'yes', 'no'], ['bruno', 'maybe', 'yes'], ['chloe', 'no', 'yes']] as const) {
      const mail = mailTo(`${name}@example.fr`, /Quelle date vous convient/);
      assert.ok(mail, `the poll reached ${name}`);
      const requester = await browser.newContext();
      const p = await requester.newPage();
      await p.goto(app.baseUrl + linkIn(mail.mail.text ?? '', /\/demandes\/[A-Za-z0-9_-]+/));
      if (name === 'alice') assert.deepEqual(await axeViolations(p), [], 'axe on the requester’s poll');
      const radios = p.locator('fieldset.poll-option');
      await radios.nth(0).locator(`input[value=${first}]`).check();
      await radios.nth(1).locator(`input[value=${second}]`).check();
      await p.click('button:has-text("Envoyer mes réponses")');
      await p.waitForSelector('text=Vos réponses sont enregistrées');
      await requester.close();
    }

    // the tally: the first date has alice (2 people) yes and bruno if needed → 3; the second bruno and chloe yes → 2; the first is best
    await page.goto(pollUrl);
    const firstRow = page.locator('table.data tbody tr').nth(0);
    assert.match((await firstRow.textContent()) ?? '', /Meilleure date/);
    assert.equal(await page.inputValue('#option'), await page.locator('#option option').nth(1).getAttribute('value'));
    await page.fill('#seats', '8');
    await page.click('button:has-text("Créer la séance et inviter les demandeurs")');
    await page.waitForURL(/\/equipe\/seances\/\d+/);
    const sessionId = Number(/\/equipe\/seances\/(\d+)/.exec(page.url())![1]);

    // the requesters are invited first; the public waits
    await worker.runOnce();
    const invitation = mailTo('alice@example.fr', /Votre atelier a lieu/);
    assert.ok(invitation, 'alice is invited');
    const publicContext = await browser.newContext({ javaScriptEnabled: false });
    const visitor = await publicContext.newPage();
    await visitor.goto(`${app.baseUrl}/seances/${sessionId}/inscription`);
    assert.match((await visitor.textContent('main')) ?? '', /ont la priorité jusqu’au/);
    const alice = await (await browser.newContext()).newPage();
    await alice.goto(app.baseUrl + linkIn(invitation.mail.text ?? '', /\/seances\/\d+\/inscription\?invitation=[A-Za-z0-9_%-]+/));
    assert.equal(await alice.inputValue('#email'), 'alice@example.fr');
    assert.deepEqual(await axeViolations(alice), [], 'axe on the invitation form');
    await alice.fill('#company', 'Ferme Demandeur');
    await alice.selectOption('#sector', 'agriculture');
    await alice.selectOption('#commune', '62060');
    await alice.selectOption('#level', 'debutant');
    await alice.click('main form button[type=submit]');
    await alice.waitForSelector('h1:has-text("Votre inscription est confirmée")');

    // the window ends (time passes): everyone may register
    await app.database.db.updateTable('sessions').set({ public_from: new Date(Date.now() - 1000).toISOString() }).where('id', '=', sessionId).execute();
    await visitor.goto(`${app.baseUrl}/seances/${sessionId}/inscription`);
    await visitor.fill('#first_name', 'Emma');
    await visitor.fill('#last_name', 'Publique');
    await visitor.fill('#email', 'emma@example.fr');
    await visitor.fill('#company', 'Boutique Emma');
    await visitor.selectOption('#sector', 'commerce');
    await visitor.selectOption('#commune', '62767');
    await visitor.selectOption('#level', 'intermediaire');
    await visitor.click('main form button[type=submit]');
    await visitor.waitForSelector('h1:has-text("Votre inscription est confirmée")');
    const sources = await app.database.db.selectFrom('registrations').select(['source']).where('session_id', '=', sessionId).orderBy('id').execute();
    assert.deepEqual(sources.map((s) => s.source), ['invitation', 'web']);
    await publicContext.close();
    await context.close();
  });

  test('go / no-go: a thin session merged into another date; its people moved and told by e-mail', async () => {
    const db = app.database.db;
    const base = await db.selectFrom('sessions').select(['territory_id', 'workshop_id', 'venue_id', 'cycle_id']).executeTakeFirstOrThrow();
    const at = (days: number, hour: number) => new Date(Date.parse(`${dateIn(days)}T00:00:00Z`) + hour * 3600_000);
    const thin = await db.insertInto('sessions').values({ ...base, starts_at: at(3, 13).toISOString(), ends_at: at(3, 16).toISOString(), seats: 8, seats_taken: 2, min_seats: 4 }).returning('id').executeTakeFirstOrThrow();
    const target = await db.insertInto('sessions').values({ ...base, starts_at: at(12, 8).toISOString(), ends_at: at(12, 11).toISOString(), seats: 8, seats_taken: 0 }).returning('id').executeTakeFirstOrThrow();
    for (const name of ['gaston', 'helene']) {
      const p = await db.insertInto('participants').values({ territory_id: (await db.selectFrom('territories').select('id').executeTakeFirstOrThrow()).id, email: `${name}@example.fr`, first_name: name, last_name: 'Mince' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('registrations').values({ session_id: thin.id, participant_id: p.id, status: 'confirmed', source: 'web' }).execute();
    }
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, staff);
    await page.click('text=Séances à confirmer');
    await page.waitForSelector(`#target-${thin.id}`);
    assert.deepEqual(await axeViolations(page), [], 'axe on the go / no-go board');
    await page.selectOption(`#target-${thin.id}`, String(target.id));
    await page.click(`form:has(#target-${thin.id}) button:has-text("Regrouper")`);
    await page.waitForSelector('text=Séances regroupées');
    const moved = await db.selectFrom('registrations').select(['session_id', 'status']).where('status', '=', 'confirmed').where('session_id', 'in', [thin.id, target.id]).execute();
    assert.deepEqual(moved.map((m) => m.session_id), [target.id, target.id]);
    assert.equal((await db.selectFrom('sessions').select('status').where('id', '=', thin.id).executeTakeFirstOrThrow()).status, 'cancelled');
    await worker.runOnce();
    for (const name of ['gaston', 'helene']) assert.ok(mailTo(`${name}@example.fr`, /Changement de date/), `${name} is told`);
    await context.close();
  });
});
