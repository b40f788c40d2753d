import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { databaseTiers } from '../databases.js';
import { seedDemo } from '../../src/demo/seed.js';
import { registerParticipant } from '../../src/registration/commands.js';
import { registrationLive } from '../../src/registration/guards.js';
import type { RegistrationInput } from '../../src/registration/form.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/platform/mail/worker.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../src/platform/mail/testing.js';
import { axeViolations, launchChromium, startBrowserApp, type BrowserApp } from './harness.js';

const [sqlite] = databaseTiers();

describe('a leader registers, gets the e-mail, opens the link, cancels; the waitlisted person is promoted and mailed', () => {
  let browser: Browser;
  let app: BrowserApp;
  let smtp: TestSmtpServer;
  let worker: OutboxWorker;

  before(async () => {
    smtp = await startTestSmtpServer();
    [browser, app] = await Promise.all([launchChromium(), startBrowserApp(sqlite!, { SMTP_URL: smtp.url }, { demo: {} })]);
    await seedDemo(app.database.db);
    worker = startOutboxWorker({ database: app.database, config: app.config, logger: pino({ level: 'silent' }), guards: { registration_live: registrationLive }, autoStart: false });
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await app?.close();
    await smtp?.stop();
  });

  test('the whole journey in Chromium, JavaScript off, with a real SMTP server', async () => {
    const db = app.database.db;
    // an upcoming session with at least two free seats, three weeks ahead or more (registration open, reminder queued)
    const session = await db
      .selectFrom('sessions')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', new Date(Date.now() + 21 * 86400_000).toISOString())
      .where((eb) => eb('seats_taken', '<', eb(eb.ref('seats'), '-', 1)))
      .orderBy('starts_at')
      .executeTakeFirstOrThrow();

    const context = await browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/seances/${session.id}`);
    await page.click('text=S’inscrire');
    await page.waitForURL(`${app.baseUrl}/seances/${session.id}/inscription`);
    await page.fill('#first_name', 'Valérie');
    await page.fill('#last_name', 'Bocquet');
    await page.fill('#email', 'parcours.test@example.org');
    await page.fill('#phone', '06 12 34 56 78');
    await page.fill('#company', 'Ferme Bocquet');
    await page.selectOption('#sector', 'agriculture');
    await page.selectOption('#commune', '62361');
    await page.selectOption('#level', 'debutant');
    await page.click('main form button[type=submit]');
    assert.match((await page.textContent('h1')) ?? '', /Votre inscription est confirmée/);

    // the confirmation e-mail, with its calendar entry
    await worker.runOnce();
    const confirmation = smtp.received.find((m) => m.envelope.to.includes('parcours.test@example.org'));
    assert.ok(confirmation, 'the confirmation arrived');
    assert.match(confirmation.mail.subject ?? '', /^Inscription confirmée/);
    assert.match(confirmation.mail.text ?? '', /Valérie/);
    assert.match(String(confirmation.mail.html), /<html lang="fr"/);
    const ics = confirmation.mail.attachments.find((a) => a.filename === 'atelier.ics');
    assert.ok(ics, 'the .ics is attached');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
    assert.equal(event.startDate.toJSDate().toISOString(), session.starts_at);

    // fill the session and put someone on the waitlist
    const ctx = { baseUrl: app.config.baseUrl, programmeName: 'Boutic', territoryId: (await db.selectFrom('territories').select('id').executeTakeFirstOrThrow()).id, closesHours: 2, reminderDays: 2 };
    const person = (i: number): RegistrationInput => ({ first_name: `Personne${i}`, last_name: 'Test', email: `attente${i}@example.fr`, phone: null, company: 'Test', siret: null, sector: 'commerce', commune: '62767', role: null, level: 'debutant', heard_from: null, consent_news: false });
    let waitlisted = null;
    for (let i = 0; i < 20 && !waitlisted; i++) {
      const r = await registerParticipant(db, ctx, { sessionId: session.id, person: person(i), source: 'test' });
      if (r.ok && r.status === 'waitlisted') waitlisted = person(i).email;
    }
    assert.ok(waitlisted);

    // the link from the e-mail opens « Mes inscriptions »; cancel in one click
    const link = /(http:\/\/[^\s]+\/mes-inscriptions\/acces\?jeton=[A-Za-z0-9_%-]+)/.exec(confirmation.mail.text ?? '')![1]!;
    await page.goto(link.replace(app.config.baseUrl, app.baseUrl));
    await page.waitForURL(`${app.baseUrl}/mes-inscriptions`);
    assert.match((await page.textContent('main')) ?? '', /Inscription confirmée/);
    await page.click('main form button.danger');
    await page.waitForURL(/\/mes-inscriptions\?annule=1/);
    assert.match((await page.textContent('[role=status]')) ?? '', /Votre inscription est annulée/);

    await worker.runOnce();
    const promotion = smtp.received.find((m) => m.envelope.to.includes(waitlisted!) && /place s’est libérée/.test(m.mail.subject ?? ''));
    assert.ok(promotion, 'the waitlisted person was told');
    assert.ok(smtp.received.some((m) => m.envelope.to.includes('parcours.test@example.org') && /^Inscription annulée/.test(m.mail.subject ?? '')));
    const promoted = await db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select('r.status').where('p.email', '=', waitlisted!).where('r.session_id', '=', session.id).executeTakeFirstOrThrow();
    assert.equal(promoted.status, 'confirmed');
    await context.close();

    // the pages of the journey have no axe violation
    const axe = await browser.newContext();
    const p = await axe.newPage();
    for (const url of [`/seances/${session.id}/inscription`, '/mes-inscriptions/lien']) {
      await p.goto(`${app.baseUrl}${url}`);
      assert.deepEqual(await axeViolations(p), [], url);
    }
    await p.goto(`${app.baseUrl}/seances/${session.id}/inscription`);
    await p.click('main form button[type=submit]');
    await p.waitForSelector('.error-summary');
    assert.deepEqual(await axeViolations(p), [], 'registration form with errors');
    await axe.close();
  });
});
