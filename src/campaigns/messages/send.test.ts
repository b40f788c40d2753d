import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenueWith, buildWorkshop } from '../../../test/factories.js';
import { startTestSmtpServer, eventually, type TestSmtpServer } from '../../platform/mail/testing.js';
import { startOutboxWorker } from '../../platform/mail/worker.js';
import { MAIL_GUARDS } from '../../mail-guards.js';
import { unsubscribe } from '../unsubscribe.js';
import { campaignProgress, nearestSessions, startCampaign } from './send.js';
import { segmentContacts, segmentSchema } from './segment.js';
import type { CampaignContext } from './render.js';

const DAY = 86400_000;

test('the sessions nearest a contact: their commune first, then by distance, shown by date', () => {
  const s = (id: number, commune: string, lon: number | null, lat: number | null, day: number) => ({ id, starts_at: `2026-12-${String(day).padStart(2, '0')}T13:00:00.000Z`, ends_at: '', workshop_title: `A${id}`, venue_name: 'V', commune_name: 'C', commune_code: commune, longitude: lon, latitude: lat });
  const sessions = [s(1, '62767', 2.33, 50.38, 1), s(2, '62361', 2.29, 50.28, 2), s(3, '62652', 2.41, 50.48, 3), s(4, '62361', 2.29, 50.28, 4)];
  const centroids = new Map<string, [number, number]>([['62361', [2.29, 50.28]], ['62060', [2.1, 50.23]], ['62767', [2.33, 50.38]]]);
  // from Frévent: Frévent's two first, then Saint-Pol (nearer than Pernes)
  assert.deepEqual(nearestSessions(sessions, '62361', centroids, 3).map((x) => x.id), [1, 2, 4]);
  assert.deepEqual(nearestSessions(sessions, '62361', centroids, 2).map((x) => x.id), [2, 4]);
  // from Auxi-le-Château (no venue): by distance — Frévent, then Saint-Pol
  assert.deepEqual(nearestSessions(sessions, '62060', centroids, 2).map((x) => x.id), [2, 4]);
  // no commune known: the soonest
  assert.deepEqual(nearestSessions(sessions, null, centroids, 2).map((x) => x.id), [1, 2]);
});

for (const tier of databaseTiers()) {
  describe(`a campaign sent to a segment, on ${tier.name}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let ctx: CampaignContext & { staffId: number };
    let campaignId: number;

    before(async () => {
      smtp = await startTestSmtpServer();
      t = await createTestApp(tier, { SMTP_URL: smtp.url, BASE_URL: 'https://ateliers.example.fr' });
      const db = t.database.db;
      const territoryId = (await buildTerritory(db, { programmeName: 'Boutic Ternois' })).id;
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      ctx = { territoryId, staffId: coord.id, baseUrl: 'https://ateliers.example.fr', programmeName: 'Boutic Ternois', publisher: 'Pays du Ternois', secret: t.config.sessionSecret };
      const cycleId = (await buildCycle(db, { territoryId })).id;
      const frevent = await buildVenueWith(db, { territoryId, name: 'Cybercentre de Frévent', commune_code: '62361' });
      const workshopId = (await buildWorkshop(db, { territoryId, title: 'Vendre en ligne' })).id;
      for (const days of [3, 10]) await buildSessionWith(db, { territoryId, cycleId, venueId: frevent.id, workshopId, seats: 8, startsAt: new Date(Date.now() + days * DAY) });
      const contact = (email: string, sector: 'agriculture' | 'commerce' | 'tourisme', commune: string | null) =>
        db.insertInto('contacts').values({ territory_id: territoryId, email, first_name: email.split('@')[0]!, sector, commune_code: commune, lawful_basis: 'interet_legitime', source: 'cci.csv' }).execute();
      await contact('ferme@example.fr', 'agriculture', '62361');
      await contact('boutique@example.fr', 'commerce', '62767');
      await contact('gite@example.fr', 'tourisme', null);
      await contact('parti@example.fr', 'agriculture', '62361');
      await unsubscribe(db, territoryId, 'parti@example.fr');
      // a participant who consented to the news is a contact too; one who did not is not
      for (const [email, consent] of [['news@example.fr', true], ['silence@example.fr', false]] as const) {
        const p = await db.insertInto('participants').values({ territory_id: territoryId, email, first_name: 'P', last_name: 'Q' }).returning('id').executeTakeFirstOrThrow();
        if (consent) await db.insertInto('consents').values({ participant_id: p.id, purpose: 'programme_news', text_version: 'news-v1', given_at: new Date().toISOString() }).execute();
      }
      campaignId = (
        await db
          .insertInto('campaigns')
          .values({ territory_id: territoryId, name: 'Rentrée', ref: 'rentree-2026', subject: 'Les ateliers de la rentrée', body: 'Bonjour {prénom},\n\nLes **ateliers** reprennent : [le programme](https://ateliers.example.fr/ateliers) et <script>alert(1)</script>.', segment: JSON.stringify({}), per_minute: 2 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    after(async () => {
      await t.close();
      await smtp.stop();
    });

    test('a segment narrows by sector and leaves the unsubscribed out', async () => {
      const farmers = await segmentContacts(t.database.db, ctx.territoryId, segmentSchema.parse({ sectors: ['agriculture'] })).select('c.email').execute();
      assert.deepEqual(farmers.map((c) => c.email), ['ferme@example.fr']);
    });

    test('starting queues one message per contact at the campaign’s rate, once', async () => {
      const db = t.database.db;
      const at = new Date();
      const started = await startCampaign(db, ctx, campaignId, at);
      assert.deepEqual(started, { ok: true, recipients: 4 }, 'three imported contacts and the consenting participant; not the unsubscribed, not the silent');
      const rows = await db.selectFrom('outbox').select(['recipient', 'next_attempt_at']).where('kind', '=', 'campaign').orderBy('next_attempt_at').orderBy('id').execute();
      assert.equal(rows.length, 4);
      assert.ok(!rows.some((r) => /parti@|silence@/.test(r.recipient)));
      // two a minute: 0, 0, +1 min, +1 min
      assert.deepEqual(rows.map((r) => Math.round((Date.parse(r.next_attempt_at) - at.getTime()) / 60_000)), [0, 0, 1, 1]);
      assert.deepEqual(await startCampaign(db, ctx, campaignId, at), { ok: false }, 'a second start changes nothing');
      assert.equal((await db.selectFrom('outbox').select('id').where('kind', '=', 'campaign').execute()).length, 4);
      assert.deepEqual(await campaignProgress(db, campaignId), { total: 4, sent: 0, failed: 0, skipped: 0, remaining: 4 });
    });

    test('received with one-click unsubscribe headers, a text version, the reference on the links, no raw HTML; an unsubscribe meanwhile is honoured', async () => {
      const db = t.database.db;
      await unsubscribe(db, ctx.territoryId, 'gite@example.fr');
      await db.updateTable('outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('kind', '=', 'campaign').execute();
      const worker = startOutboxWorker({ database: t.database, config: t.config, logger: pino({ level: 'silent' }), guards: MAIL_GUARDS, autoStart: false });
      try {
        assert.deepEqual(await worker.runOnce(), { sent: 3, failed: 0, skipped: 1 });
      } finally {
        await worker.stop();
      }
      await eventually(() => smtp.received.length >= 3);
      assert.ok(!smtp.received.some((m) => m.envelope.to.includes('gite@example.fr')));
      const mail = smtp.received.find((m) => m.envelope.to.includes('ferme@example.fr'))!.mail;
      // the raw header lines (mailparser also parses List-* headers into objects)
      const header = (name: string) => (mail.headerLines.find((h) => h.key === name)?.line ?? '').replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '');
      assert.match(header('list-unsubscribe'), /^<https:\/\/ateliers\.example\.fr\/desinscription\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}\?campagne=\d+>$/);
      assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.match(mail.text ?? '', /Bonjour ferme,/);
      assert.match(mail.text ?? '', /Ne plus recevoir ces messages, en un clic : https:\/\/ateliers\.example\.fr\/desinscription\//);
      assert.match(mail.html || '', /href="https:\/\/ateliers\.example\.fr\/ateliers\?ref=rentree-2026"/);
      assert.match(mail.html || '', /<strong>ateliers<\/strong>/);
      assert.doesNotMatch(mail.html || '', /<script>/, 'raw HTML in the Markdown is escaped');
      assert.match(mail.text ?? '', /Vendre en ligne — Cybercentre de Frévent, Frévent\n\s*https:\/\/ateliers\.example\.fr\/seances\/\d+\?ref=rentree-2026/);
      assert.match(mail.text ?? '', /intérêt légitime/);
      assert.match(mail.text ?? '', /\(https:\/\/ateliers\.example\.fr\/ateliers\?ref=rentree-2026\)/, 'the text version’s links carry the reference too');
      assert.deepEqual(await campaignProgress(db, campaignId), { total: 4, sent: 3, failed: 0, skipped: 1, remaining: 0 });
      // the link of the header unsubscribes in one POST, as a mail client does it
      const url = new URL(header('list-unsubscribe').slice(1, -1));
      const click = await t.app.inject({ method: 'POST', url: `${url.pathname}${url.search}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(click.statusCode, 200);
      const left = await segmentContacts(db, ctx.territoryId, segmentSchema.parse({})).select('c.email').orderBy('c.email').execute();
      assert.deepEqual(left.map((c) => c.email), ['boutique@example.fr', 'news@example.fr']);
    });
  });
}
