import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { simpleParser } from 'mailparser';
import { databaseTiers } from '../../../test/databases.js';
import { loadConfig } from '../config.js';
import { enqueueMail } from './outbox.js';
import { renderMail } from './templates.js';
import { startOutboxWorker } from './worker.js';

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Boutic//FR\r\nEND:VCALENDAR\r\n';

for (const tier of databaseTiers()) {
  describe(`file transport on ${tier.name} (no SMTP_URL)`, () => {
    test('each message is written as a readable .eml file under DATA_DIR/mail', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-mail-files-'));
      const { database, settings, cleanup } = await tier.create();
      const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir }), database: settings };
      assert.equal(config.smtpUrl, undefined);
      const worker = startOutboxWorker({ database, config, logger: pino({ level: 'silent' }), autoStart: false });
      try {
        const { html, text } = renderMail({ title: 'Votre inscription', paragraphs: ['Bonjour Émilie,'], action: { label: 'Voir la séance', url: 'http://localhost:3000/seances/12' } });
        await enqueueMail(database.db, {
          kind: 'registration.confirmed',
          idempotencyKey: 'file-1',
          mail: { to: 'emilie@example.fr', subject: 'Votre inscription à « Créer son site web »', text, html, attachments: [{ filename: 'seance.ics', contentType: 'text/calendar', content: ICS }] },
        });
        assert.deepEqual(await worker.runOnce(), { sent: 1, failed: 0, skipped: 0 });

        const dir = path.join(dataDir, 'mail');
        const files = fs.readdirSync(dir);
        assert.equal(files.length, 1, 'one file, no temporary left behind');
        const row = await database.db.selectFrom('outbox').select(['id', 'status']).executeTakeFirstOrThrow();
        assert.equal(row.status, 'sent');
        assert.match(files[0]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z-${row.id}\\.eml$`));
        const mail = await simpleParser(fs.readFileSync(path.join(dir, files[0]!)));
        assert.equal(mail.subject, 'Votre inscription à « Créer son site web »');
        assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.text : null, 'emilie@example.fr');
        assert.equal(mail.from?.text, '"Boutic" <ne-pas-repondre@boutic.localhost>');
        assert.match(mail.text ?? '', /Voir la séance :\nhttp:\/\/localhost:3000\/seances\/12/);
        assert.match(String(mail.html), /Bonjour Émilie,/);
        assert.equal(mail.attachments[0]?.content.toString('utf8'), ICS);
        assert.match(mail.messageId ?? '', new RegExp(`^<outbox-${row.id}\\.[0-9a-f]{16}@localhost>$`));
      } finally {
        await worker.stop();
        await cleanup();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
