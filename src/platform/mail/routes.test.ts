import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildStaff, buildTerritory } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { enqueueMail } from './outbox.js';
import { renderMail } from './templates.js';

for (const tier of databaseTiers()) {
  describe(`the outbox in the back office on ${tier.name}`, () => {
    let t: TestApp;
    let admin: StaffClient;
    let coordinator: StaffClient;
    let firstId: number;
    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      const a = await buildStaff(db, { territoryId: territory.id, role: 'administrator' });
      const c = await buildStaff(db, { territoryId: territory.id, role: 'coordinator' });
      const { html, text } = renderMail({ title: 'Inscription confirmée', paragraphs: ['Bonjour Camille, votre place est réservée.'], action: { label: 'Gérer mon inscription', url: 'http://localhost:3000/inscriptions/1' } });
      await enqueueMail(db, {
        kind: 'registration.confirmed',
        idempotencyKey: 'reg-1',
        mail: { to: 'camille@example.fr', subject: 'Votre place <script>alert(1)</script> est réservée', text, html, attachments: [{ filename: 'seance.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }] },
        guard: { name: 'registration.still-confirmed', data: { registrationId: 1 } },
      });
      for (let i = 2; i <= 55; i++) await enqueueMail(db, { kind: 'campaign', idempotencyKey: `c-${i}`, mail: { to: `p${i}@example.fr`, subject: `Campagne n° ${i}`, text: 't', html: '<p>t</p>' } });
      await db.updateTable('outbox').set({ status: 'failed', attempts: 10, last_error: 'Connection refused' }).where('idempotency_key', '=', 'c-2').execute();
      firstId = (await db.selectFrom('outbox').select('id').where('idempotency_key', '=', 'reg-1').executeTakeFirstOrThrow()).id;
      admin = await new StaffClient(t.app).logIn(a.email, a.password);
      coordinator = await new StaffClient(t.app).logIn(c.email, c.password);
    });
    after(() => t.close());

    test('an administrator sees the messages, newest first, fifty a page, with their state and subject', async () => {
      const page1 = await admin.get('/equipe/courriels');
      assert.equal(page1.statusCode, 200);
      assert.match(page1.body, /<h1>Courriels<\/h1>/);
      assert.match(page1.body, /55 courriel\(s\)/);
      assert.match(page1.body, /Aucun serveur SMTP n’est configuré/);
      assert.equal((page1.body.match(/<tr key|<tr>/g) ?? []).length - 1, 50, 'fifty rows and the header');
      assert.ok(page1.body.indexOf('Campagne n° 55') < page1.body.indexOf('Campagne n° 54'), 'newest first');
      assert.doesNotMatch(page1.body, /Campagne n° 5</, 'the oldest are on page 2');
      assert.match(page1.body, /href="\/equipe\/courriels\?page=2" rel="next"/);
      assert.match(page1.body, /<time datetime="[^"]+">\S+ \d+(er)? \S+ \d{4} à \d+ h( \d\d)?<\/time>/);

      const page2 = await admin.get('/equipe/courriels?page=2');
      assert.match(page2.body, /Votre place &lt;script>alert\(1\)&lt;\/script> est réservée/, 'the subject is shown, escaped');
      assert.doesNotMatch(page2.body, /<script>alert/);
      assert.match(page2.body, /camille@example\.fr/);
      assert.match(page2.body, /registration\.confirmed/);
      assert.match(page2.body, /En attente/);
      assert.match(page2.body, /Échec définitif/);
      assert.match(page2.body, /Connection refused/);

      const failed = await admin.get('/equipe/courriels?statut=failed');
      assert.match(failed.body, /1 courriel\(s\)/);
      assert.match(failed.body, /Campagne n° 2</);
    });

    test('one message shows its text version, headers and attachments', async () => {
      const res = await admin.get(`/equipe/courriels/${firstId}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`<h1>Courriel n° ${firstId}</h1>`));
      assert.match(res.body, /<pre>Inscription confirmée\n\nBonjour Camille, votre place est réservée\.\n\nGérer mon inscription :\nhttp:\/\/localhost:3000\/inscriptions\/1\n<\/pre>/);
      assert.match(res.body, /Auto-Submitted/);
      assert.match(res.body, /seance\.ics \(text\/calendar\)/);
      assert.match(res.body, /registration\.still-confirmed/);
      assert.match(res.body, new RegExp(`&lt;outbox-${firstId}\\.[0-9a-f]{16}@localhost>`));
      assert.equal((await admin.get('/equipe/courriels/999999')).statusCode, 404);
      assert.equal((await admin.get('/equipe/courriels/abc')).statusCode, 404);
    });

    test('a coordinator gets a 404, an anonymous visitor the login page', async () => {
      assert.equal((await coordinator.get('/equipe/courriels')).statusCode, 404);
      assert.equal((await coordinator.get(`/equipe/courriels/${firstId}`)).statusCode, 404);
      const anonymous = await t.app.inject({ url: '/equipe/courriels' });
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, '/equipe/connexion');
    });
  });
}
