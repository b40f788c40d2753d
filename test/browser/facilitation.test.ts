import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../factories.js';
import { readPdf } from '../pdf.js';
import { registerParticipant } from '../../src/registration/commands.js';
import type { RegistrationInput } from '../../src/registration/form.js';
import { certificateValid } from '../../src/facilitation/certificates.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/platform/mail/worker.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/platform/mail/testing.js';
import { axeViolations, launchChromium, signIn, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

const person = (first: string, last: string, i: number): RegistrationInput => ({
  first_name: first, last_name: last, email: `tablette${i}@example.fr`, phone: null, company: `Entreprise ${last}`, siret: null,
  sector: 'commerce', commune: '62767', role: null, level: 'debutant', heard_from: null, consent_news: false,
});

describe('a facilitator’s whole session on a tablet: open the roster, tick, add a walk-in, close', () => {
  let browser: Browser;
  let app: BrowserApp;
  let smtp: TestSmtpServer;
  let worker: OutboxWorker;
  let sessionId: number;
  let login: { email: string; password: string };

  before(async () => {
    smtp = await startTestSmtpServer();
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, { SMTP_URL: smtp.url })]);
    const db = app.database.db;
    const territoryId = (await buildTerritory(db, { programmeName: 'Boutic Ternois' })).id;
    const facilitator = await buildStaff(db, { territoryId, role: 'facilitator', name: 'Camille Animatrice' });
    login = { email: facilitator.email, password: facilitator.password };
    const start = Date.now() - 5 * 60_000;
    sessionId = (
      await buildSessionWith(db, {
        territoryId,
        cycleId: (await buildCycle(db, { territoryId })).id,
        venueId: (await buildVenue(db, { territoryId, workstations: 8, name: 'Cybercentre de Saint-Pol' })).id,
        workshopId: (await buildWorkshop(db, { territoryId, title: 'Créer son site web' })).id,
        seats: 6,
        startsAt: new Date(start),
        set: { facilitator_id: facilitator.id },
      })
    ).id;
    const ctx = { baseUrl: app.config.baseUrl, programmeName: 'Boutic Ternois', territoryId, closesHours: 2, reminderDays: 2 };
    for (const [i, [first, last]] of [['Amandine', 'Leroy'], ['Bruno', 'Caron'], ['Chloé', 'Dubois']].entries()) {
      assert.ok((await registerParticipant(db, ctx, { sessionId, person: person(first!, last!, i), source: 'web' }, new Date(start - 48 * 3600_000))).ok);
    }
    worker = startOutboxWorker({ database: app.database, config: app.config, logger: pino({ level: 'silent' }), guards: { certificate_valid: certificateValid }, autoStart: false });
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await app?.close();
    await smtp?.stop();
  });

  const logIn = (page: Page) => signIn(page, app.baseUrl, login);
  const card = (page: Page, name: string) => page.locator('li.person', { has: page.getByRole('heading', { name }) });

  test('in Chromium at tablet size, with axe clean on every page, and the certificate arrives by e-mail', async () => {
    const context = await browser.newContext({ viewport: { width: 810, height: 1080 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await logIn(page);
    await page.click('text=Mes séances');
    await page.waitForURL(`${app.baseUrl}/equipe/mes-seances`);
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('link', { name: /Ouvrir l’émargement/ }).first().click();
    await page.waitForURL(`${app.baseUrl}/equipe/seances/${sessionId}/emargement`);
    assert.deepEqual(await axeViolations(page), []);

    // each tap saves without reloading the page
    await page.evaluate(() => ((window as unknown as { stayed: string }).stayed = 'oui'));
    const amandine = card(page, 'Amandine Leroy');
    const present = amandine.getByRole('button', { name: 'Présent' });
    const box = await present.boundingBox();
    assert.ok(box && box.height >= 44 && box.width >= 44, `a large touch target (${box?.width}×${box?.height})`);
    await present.tap();
    await amandine.locator('button[value=present][aria-pressed=true]').waitFor();
    await card(page, 'Bruno Caron').getByRole('button', { name: 'Absent' }).tap();
    await page.waitForFunction(() => /Absents : 1/.test(document.getElementById('compteurs')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => (window as unknown as { stayed?: string }).stayed), 'oui', 'no page load happened');
    assert.match((await page.textContent('#compteurs')) ?? '', /Présents : 1 · Absents : 1 · Excusés : 0 · Non pointés : 1 \(sur 3\)/);
    assert.match((await amandine.locator('.person-state').textContent()) ?? '', /Présent/);
    // a change of mind is one more tap
    await card(page, 'Bruno Caron').getByRole('button', { name: 'Excusé' }).tap();
    await page.waitForFunction(() => /Excusés : 1/.test(document.getElementById('compteurs')?.textContent ?? ''));
    const db = app.database.db;
    const marks = await db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select(['p.first_name', 'r.attendance']).where('r.session_id', '=', sessionId).orderBy('p.first_name').execute();
    assert.deepEqual(marks.map((m) => m.attendance), ['present', 'excused', null]);

    // a walk-in: a mistake first (kept, explained beside the field), then right
    await page.click('summary:has-text("Ajouter une personne venue sans inscription")');
    await page.fill('#first_name', 'Denis');
    await page.fill('#last_name', 'Fournier');
    await page.fill('#email', 'denis.fournier');
    await page.fill('#company', 'Garage Fournier');
    await page.selectOption('#sector', 'artisanat');
    await page.click('text=Ajouter et noter présent');
    await page.waitForSelector('#email-erreur');
    assert.equal(await page.inputValue('#first_name'), 'Denis');
    assert.deepEqual(await axeViolations(page), []);
    await page.fill('#email', 'denis.fournier@example.fr');
    await page.click('text=Ajouter et noter présent');
    await page.waitForSelector('text=Personne ajoutée et notée présente.');
    assert.equal(await card(page, 'Denis Fournier').locator('button[value=present]').getAttribute('aria-pressed'), 'true');
    assert.match((await card(page, 'Denis Fournier').textContent()) ?? '', /Venu·e sans inscription/);

    // close: Chloé, not ticked, becomes absent; the two present get their certificate
    await page.check('#confirm');
    await page.click('button:has-text("Clôturer la séance")');
    await page.waitForSelector('text=Séance clôturée : 2 présents, 1 absents, 1 excusés.');
    assert.deepEqual(await axeViolations(page), []);
    assert.equal(await page.locator('form[data-attendance-form]').count(), 0, 'a closed session is read-only for its facilitator');
    await context.close();

    // the three registration confirmations, then the two certificates
    assert.deepEqual(await worker.runOnce(), { sent: 5, failed: 0, skipped: 0 });
    assert.equal(smtp.received.filter((m) => /attestation de présence/.test(m.mail.subject ?? '')).length, 2);
    const mail = smtp.received.find((m) => m.envelope.to.includes('denis.fournier@example.fr'));
    assert.ok(mail, 'the walk-in’s certificate arrived');
    assert.match(mail.mail.subject ?? '', /Votre attestation de présence — Créer son site web/);
    const attachment = mail.mail.attachments.find((a) => a.contentType === 'application/pdf');
    assert.ok(attachment, 'the PDF is attached');
    const text = (await readPdf(attachment.content)).lines.flat().join(' ');
    const code = (await db.selectFrom('certificates as c').innerJoin('registrations as r', 'r.id', 'c.registration_id').innerJoin('participants as p', 'p.id', 'r.participant_id').select('c.code').where('p.email', '=', 'denis.fournier@example.fr').executeTakeFirstOrThrow()).code;
    assert.match(text, new RegExp(code));
    assert.match(text, /Denis/);
    assert.match(text, /Créer son site web/);
  });

  test('without JavaScript a tap is an ordinary form post that comes back to the person', async () => {
    const db = app.database.db;
    // a second session, tomorrow → not open; today's other one, open
    const base = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    const second = await db
      .insertInto('sessions')
      .values({ territory_id: base.territory_id, workshop_id: base.workshop_id, venue_id: base.venue_id, cycle_id: base.cycle_id, facilitator_id: base.facilitator_id, starts_at: new Date(Date.now() - 60_000).toISOString(), ends_at: new Date(Date.now() + 2 * 3600_000).toISOString(), seats: 4, seats_taken: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const participant = await db.selectFrom('participants').select('id').where('email', '=', 'tablette0@example.fr').executeTakeFirstOrThrow();
    const reg = await db.insertInto('registrations').values({ session_id: second.id, participant_id: participant.id, status: 'confirmed', source: 'web' }).returning('id').executeTakeFirstOrThrow();
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 810, height: 1080 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${app.baseUrl}/equipe/seances/${second.id}/emargement`);
    await card(page, 'Amandine Leroy').getByRole('button', { name: 'Présent' }).click();
    await page.waitForURL(`${app.baseUrl}/equipe/seances/${second.id}/emargement#inscription-${reg.id}`);
    assert.equal(await card(page, 'Amandine Leroy').locator('button[value=present]').getAttribute('aria-pressed'), 'true');
    assert.equal((await db.selectFrom('registrations').select('attendance').where('id', '=', reg.id).executeTakeFirstOrThrow()).attendance, 'present');
    await context.close();
  });
});
