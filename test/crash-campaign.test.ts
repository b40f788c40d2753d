import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { databaseTiers } from './databases.js';
import { buildStaff, buildTerritory } from './factories.js';
import { startBoutic, stop } from '../scripts/bench-registration.js';
import { startTestSmtpServer, eventually } from '../src/platform/mail/testing.js';
import { startCampaign } from '../src/campaigns/messages/send.js';

const CONTACTS = 150;
/** After how many messages received each running process is killed with SIGKILL. */
const KILL_AT = [35, 80];

async function killHard(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Issue 8 (and 11): a campaign being sent by the Boutic process survives `kill -9` in the middle.
 * The outbox is at least once with a stable Message-ID: every recipient gets the message, none
 * gets two different messages, and a message in flight at the kill (accepted by the SMTP server,
 * not yet recorded as sent) goes again with the same Message-ID, which mail systems deduplicate;
 * the test counts those physical repeats, at most one per kill (one message in flight at a time).
 */
// the two databases at once (each case is mostly waiting on its own processes): the file stays under the runner's 120 s
describe('kill -9 during a campaign send', { concurrency: true }, () => {
  for (const tier of databaseTiers()) {
    test(`a campaign send killed twice with SIGKILL: everyone mailed, nobody sent two messages, on ${tier.name}`, { timeout: 120_000 }, async (t) => {
      const { database, settings, cleanup } = await tier.create();
      const smtp = await startTestSmtpServer();
      let child: ChildProcess | undefined;
      try {
        const db = database.db;
        const territoryId = (await buildTerritory(db)).id;
        const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
        const emails = Array.from({ length: CONTACTS }, (_, i) => `contact${String(i).padStart(3, '0')}@exemple.fr`);
        await db.insertInto('contacts').values(emails.map((email) => ({ territory_id: territoryId, email, lawful_basis: 'interet_legitime' as const, source: 'crash.csv' }))).execute();
        const { id: campaignId } = await db
          .insertInto('campaigns')
          .values({ territory_id: territoryId, name: 'Rentrée', ref: 'rentree-crash', subject: 'Les ateliers reprennent', body: 'Bonjour {prénom}.', segment: JSON.stringify({}), per_minute: 10_000 })
          .returning('id')
          .executeTakeFirstOrThrow();
        const started = await startCampaign(db, { territoryId, staffId: coord.id, baseUrl: 'http://127.0.0.1', programmeName: 'Boutic', publisher: 'Pays du Ternois', secret: 'x'.repeat(32) }, campaignId);
        assert.ok(started.ok);

        const env = { DATABASE_URL: settings.kind === 'sqlite' ? settings.file : settings.url, SMTP_URL: smtp.url, MAIL_LEASE_SECONDS: '2' };
        for (const threshold of KILL_AT) {
          child = (await startBoutic(env)).child;
          await eventually(() => smtp.received.length >= threshold, 30_000);
          await killHard(child);
          child = undefined;
        }
        const atLastKill = smtp.received.length;
        assert.ok(atLastKill < CONTACTS, `the kills landed in the middle (${atLastKill} of ${CONTACTS} received)`);
        child = (await startBoutic(env)).child;
        const pending = async () => Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'campaign').where('status', '!=', 'sent').executeTakeFirstOrThrow()).n);
        await eventually(async () => (await pending()) === 0, 60_000);
        await stop(child);
        child = undefined;

        const byRecipient = new Map<string, string[]>();
        for (const r of smtp.received) for (const to of r.envelope.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), r.mail.messageId ?? '']);
        assert.deepEqual([...byRecipient.keys()].sort(), emails, 'every contact, and nobody else');
        const twoMessages = [...byRecipient].filter(([, ids]) => new Set(ids).size > 1);
        assert.deepEqual(twoMessages, [], 'nobody received two different messages');
        const repeats = smtp.received.length - CONTACTS;
        assert.ok(repeats <= KILL_AT.length, `at most one message in flight per kill went again (${repeats})`);
        t.diagnostic(`${KILL_AT.length} kills survived, ${CONTACTS} recipients, ${repeats} message(s) delivered again with the same Message-ID, 0 lost`);
        const rows = await db.selectFrom('campaign_recipients').select('contact_id').where('campaign_id', '=', campaignId).execute();
        assert.equal(rows.length, CONTACTS);
      } finally {
        if (child) await killHard(child);
        await smtp.stop();
        await cleanup();
      }
    });
  }
});
