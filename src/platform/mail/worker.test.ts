import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { databaseTiers } from '../../../test/databases.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { enqueueMail, type OutgoingMail } from './outbox.js';
import { renderMail } from './templates.js';
import { freePort, startTestSmtpServer, type TestSmtpServer } from './testing.js';
import { backoffMs, claimDue, OUTBOX, startOutboxWorker, type MailGuard, type OutboxWorker } from './worker.js';

const silent = pino({ level: 'silent' });
const FROM = 'Boutic Ternois <ne-pas-repondre@ateliers.example.fr>';
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Boutic//FR\r\nBEGIN:VEVENT\r\nUID:seance-12@ateliers.example.fr\r\nSUMMARY:Créer son site web\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

function mailConfig(database: Config['database'], smtpUrl: string): Config {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SMTP_URL: smtpUrl, MAIL_FROM: FROM, BASE_URL: 'https://ateliers.example.fr' }), database };
}

function aMail(n: number | string, extra: Partial<OutgoingMail> = {}): OutgoingMail {
  const { html, text } = renderMail({
    title: `Inscription confirmée n° ${n}`,
    paragraphs: ['Bonjour Camille,', 'Votre place est réservée.'],
    details: [['Lieu', 'Cybercentre de Frévent']],
    action: { label: 'Gérer mon inscription', url: `https://ateliers.example.fr/inscriptions/${n}` },
  });
  return { to: `participant${n}@example.fr`, subject: `Inscription confirmée n° ${n}`, html, text, ...extra };
}

for (const tier of databaseTiers()) {
  describe(`outbox worker on ${tier.name}, with a real SMTP server`, () => {
    let database: Database;
    let settings: Config['database'];
    let cleanup: () => Promise<void>;
    let smtp: TestSmtpServer;
    let config: Config;
    const workers: OutboxWorker[] = [];
    const worker = (guards: Record<string, MailGuard> = {}, over: { database?: Database; config?: Config } = {}) => {
      const w = startOutboxWorker({ database: over.database ?? database, config: over.config ?? config, logger: silent, guards, autoStart: false });
      workers.push(w);
      return w;
    };
    const rows = () => database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    const makeDue = () => database.db.updateTable('outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).execute();

    before(async () => {
      ({ database, settings, cleanup } = await tier.create());
      smtp = await startTestSmtpServer();
      config = mailConfig(settings, smtp.url);
    });
    beforeEach(async () => {
      await database.db.deleteFrom('outbox').execute();
      smtp.received.length = 0;
      await smtp.restart();
    });
    after(async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await smtp.stop();
      await cleanup();
    });

    test('a message enqueued in a committed transaction is sent once, with its subject, both versions, the .ics, the sender and a stable Message-ID', async () => {
      await database.db.transaction().execute((tx) =>
        enqueueMail(tx, { kind: 'registration.confirmed', idempotencyKey: 'reg-1-confirmed', mail: aMail(1, { attachments: [{ filename: 'seance.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ICS }] }) }),
      );
      const w = worker();
      assert.deepEqual(await w.runOnce(), { sent: 1, failed: 0, skipped: 0 });
      assert.deepEqual(await w.runOnce(), { sent: 0, failed: 0, skipped: 0 }, 'nothing is sent twice');
      assert.equal(smtp.received.length, 1);
      const { mail, envelope } = smtp.received[0]!;
      assert.deepEqual(envelope.to, ['participant1@example.fr']);
      assert.equal(mail.subject, 'Inscription confirmée n° 1');
      assert.equal(mail.from?.text, '"Boutic Ternois" <ne-pas-repondre@ateliers.example.fr>');
      assert.match(mail.text ?? '', /Votre place est réservée\.\n\nLieu : Cybercentre de Frévent\n\nGérer mon inscription :\nhttps:\/\/ateliers\.example\.fr\/inscriptions\/1/);
      assert.match(String(mail.html), /<html lang="fr"/);
      assert.match(String(mail.html), /<a class="button" href="https:\/\/ateliers\.example\.fr\/inscriptions\/1">Gérer mon inscription<\/a>/);
      assert.equal(mail.attachments.length, 1);
      assert.equal(mail.attachments[0]!.filename, 'seance.ics');
      assert.equal(mail.attachments[0]!.contentType, 'text/calendar');
      assert.equal(mail.attachments[0]!.content.toString('utf8'), ICS);
      assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
      const [row] = await rows();
      assert.equal(row!.status, 'sent');
      assert.equal(row!.attempts, 1);
      assert.ok(row!.sent_at);
      assert.match(mail.messageId ?? '', new RegExp(`^<outbox-${row!.id}\\.[0-9a-f]{16}@ateliers\\.example\\.fr>$`));
    });

    test('a transaction that rolls back leaves nothing to send', async () => {
      await assert.rejects(
        database.db.transaction().execute(async (tx) => {
          await enqueueMail(tx, { kind: 'registration.confirmed', idempotencyKey: 'rolled-back', mail: aMail(2) });
          throw new Error('the command failed after deciding to send');
        }),
        /the command failed/,
      );
      assert.equal((await rows()).length, 0);
      assert.deepEqual(await worker().runOnce(), { sent: 0, failed: 0, skipped: 0 });
      assert.equal(smtp.received.length, 0);
    });

    test('the same idempotency key twice (in one transaction and in another) gives one message; the first one stands', async () => {
      await database.db.transaction().execute(async (tx) => {
        await enqueueMail(tx, { kind: 'k', idempotencyKey: 'once', mail: aMail(3) });
        await enqueueMail(tx, { kind: 'k', idempotencyKey: 'once', mail: aMail(3, { subject: 'doublon' }) });
      });
      await database.db.transaction().execute((tx) => enqueueMail(tx, { kind: 'k', idempotencyKey: 'once', mail: aMail(3, { subject: 'doublon' }) }));
      assert.equal((await rows()).length, 1);
      assert.equal((await worker().runOnce()).sent, 1);
      assert.equal(smtp.received.length, 1);
      assert.equal(smtp.received[0]!.mail.subject, 'Inscription confirmée n° 3');
    });

    test('a message with notBefore waits for its time', async () => {
      await enqueueMail(database.db, { kind: 'k', idempotencyKey: 'later', mail: aMail(4), notBefore: new Date(Date.now() + 3600_000) });
      assert.equal((await worker().runOnce()).sent, 0);
      await makeDue();
      assert.equal((await worker().runOnce()).sent, 1);
    });

    test('SMTP server down: the message stays pending with its error and a later attempt; back up and time passed: sent once', async () => {
      await enqueueMail(database.db, { kind: 'k', idempotencyKey: 'down', mail: aMail(5) });
      await smtp.stop();
      const w = worker();
      const before = Date.now();
      assert.deepEqual(await w.runOnce(), { sent: 0, failed: 1, skipped: 0 });
      let [row] = await rows();
      assert.equal(row!.status, 'pending');
      assert.equal(row!.attempts, 1);
      assert.ok(row!.last_error, 'the error is kept');
      const wait = new Date(row!.next_attempt_at).getTime() - before;
      assert.ok(wait >= backoffMs(1) - 1000 && wait <= backoffMs(1) + 5000, `retried in about 30 s (got ${wait} ms)`);
      assert.deepEqual(await w.runOnce(), { sent: 0, failed: 0, skipped: 0 }, 'not retried before its time');

      await smtp.restart();
      await makeDue();
      assert.deepEqual(await w.runOnce(), { sent: 1, failed: 0, skipped: 0 });
      assert.deepEqual(await w.runOnce(), { sent: 0, failed: 0, skipped: 0 });
      assert.equal(smtp.received.length, 1);
      [row] = await rows();
      assert.equal(row!.status, 'sent');
      assert.equal(row!.attempts, 2);
    });

    test('after ten failed attempts the message is marked failed and kept', async () => {
      const closed = mailConfig(settings, `smtp://127.0.0.1:${await freePort()}`);
      const w = worker({}, { config: closed });
      await enqueueMail(database.db, { kind: 'k', idempotencyKey: 'hopeless', mail: aMail(6) });
      for (let attempt = 1; attempt <= OUTBOX.maxAttempts; attempt++) {
        assert.equal((await w.runOnce()).failed, 1, `attempt ${attempt}`);
        const [row] = await rows();
        assert.equal(row!.attempts, attempt);
        assert.equal(row!.status, attempt < OUTBOX.maxAttempts ? 'pending' : 'failed');
        await makeDue();
      }
      assert.deepEqual(await w.runOnce(), { sent: 0, failed: 0, skipped: 0 }, 'a failed message is not tried again');
      const [row] = await rows();
      assert.equal(row!.status, 'failed');
      assert.ok(row!.last_error);
      assert.deepEqual([1, 2, 3, 8, 9].map(backoffMs), [30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
    });

    test('a guard answering false skips the message (never sent); true sends it; an unknown guard keeps it pending', async () => {
      const seen: unknown[] = [];
      const guards: Record<string, MailGuard> = {
        'registration.still-confirmed': async (db, data) => {
          seen.push(data);
          assert.ok(db, 'the guard gets the database');
          return (data as { registrationId: number }).registrationId === 1;
        },
      };
      await enqueueMail(database.db, { kind: 'reminder', idempotencyKey: 'g1', mail: aMail(71), guard: { name: 'registration.still-confirmed', data: { registrationId: 1 } } });
      await enqueueMail(database.db, { kind: 'reminder', idempotencyKey: 'g2', mail: aMail(72), guard: { name: 'registration.still-confirmed', data: { registrationId: 2 } } });
      await enqueueMail(database.db, { kind: 'reminder', idempotencyKey: 'g3', mail: aMail(73), guard: { name: 'nobody.knows', data: null } });
      assert.deepEqual(await worker(guards).runOnce(), { sent: 1, failed: 1, skipped: 1 });
      assert.deepEqual(seen, [{ registrationId: 1 }, { registrationId: 2 }]);
      assert.deepEqual(smtp.received.map((r) => r.mail.subject), ['Inscription confirmée n° 71']);
      const [sent, skipped, unknown] = await rows();
      assert.equal(sent!.status, 'sent');
      assert.equal(skipped!.status, 'skipped');
      assert.ok(skipped!.skipped_at);
      assert.equal(skipped!.sent_at, null);
      assert.equal(unknown!.status, 'pending');
      assert.equal(unknown!.attempts, 0, 'a deployment problem does not use up the attempts');
      assert.match(unknown!.last_error ?? '', /nobody\.knows/);
      assert.ok(new Date(unknown!.next_attempt_at).getTime() > Date.now());
    });

    test('two workers on separate connections share 50 messages: each is received exactly once', async () => {
      const second = openDatabase(settings, { poolSize: 5 });
      try {
        await database.db.transaction().execute(async (tx) => {
          for (let i = 1; i <= 50; i++) await enqueueMail(tx, { kind: 'campaign', idempotencyKey: `c-${i}`, mail: aMail(100 + i) });
        });
        const a = worker();
        const b = worker({}, { database: second });
        const drain = async (w: OutboxWorker) => {
          let sent = 0;
          for (let round = 0; round < 20; round++) {
            const r = await w.runOnce();
            sent += r.sent;
            if (r.sent + r.failed + r.skipped === 0) break;
          }
          return sent;
        };
        const [sentA, sentB] = await Promise.all([drain(a), drain(b)]);
        assert.equal(sentA + sentB, 50);
        assert.equal(smtp.received.length, 50);
        assert.equal(new Set(smtp.received.map((r) => r.mail.messageId)).size, 50);
        assert.equal(new Set(smtp.received.map((r) => r.mail.subject)).size, 50);
        const all = await rows();
        assert.ok(all.every((r) => r.status === 'sent' && r.attempts === 1), 'no message claimed twice');
      } finally {
        await second.destroy();
      }
    });

    test('a worker killed between claim and mark: the row waits for its lease to expire, then is sent', async () => {
      await enqueueMail(database.db, { kind: 'k', idempotencyKey: 'crash', mail: aMail(8) });
      const claimed = await claimDue(database.db, 20, OUTBOX.leaseMs); // …and the process dies here
      assert.equal(claimed.length, 1);
      const w = worker();
      assert.deepEqual(await w.runOnce(), { sent: 0, failed: 0, skipped: 0 }, 'a live lease is respected');
      await makeDue(); // two minutes later
      assert.deepEqual(await w.runOnce(), { sent: 1, failed: 0, skipped: 0 });
      const [row] = await rows();
      assert.equal(row!.status, 'sent');
      assert.equal(row!.attempts, 2);
      assert.equal(smtp.received.length, 1);
    });

    test('stopped mid-batch, the worker finishes the message in hand and hands the rest back, attempts uncounted', async () => {
      for (const n of [1, 2, 3]) await enqueueMail(database.db, { kind: 'k', idempotencyKey: `stop-${n}`, mail: aMail(20 + n) });
      let release!: () => void;
      const sending = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inHand = new Promise<void>((resolve) => (started = resolve));
      const sentTo: string[] = [];
      const w = startOutboxWorker({
        database,
        config,
        logger: silent,
        autoStart: false,
        transport: {
          async send(m) {
            started();
            await sending;
            sentTo.push(m.to);
          },
        },
      });
      const run = w.runOnce();
      await inHand;
      const stopped = w.stop();
      release();
      assert.deepEqual(await run, { sent: 1, failed: 0, skipped: 0 });
      await stopped;
      assert.deepEqual(sentTo, ['participant21@example.fr']);
      const all = await rows();
      assert.deepEqual(all.map((r) => [r.status, r.attempts]), [['sent', 1], ['pending', 0], ['pending', 0]]);
      assert.ok(all.slice(1).every((r) => new Date(r.next_attempt_at).getTime() <= Date.now()), 'due at once for another worker');
    });

    test('started with polling, the worker sends on its own and stops cleanly', async () => {
      const w = startOutboxWorker({ database, config, logger: silent, pollMs: 20 });
      try {
        await enqueueMail(database.db, { kind: 'k', idempotencyKey: 'polled', mail: aMail(9) });
        const start = Date.now();
        while (smtp.received.length === 0 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 20));
        assert.equal(smtp.received.length, 1);
      } finally {
        await w.stop();
      }
      const [row] = await rows();
      assert.equal(row!.status, 'sent');
    });
  });
}
