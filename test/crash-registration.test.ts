import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { databaseTiers } from './databases.js';
import { buildSession, buildStaff, buildTerritory } from './factories.js';
import { openForm, register, type Answer } from './registration-client.js';
import { startBoutic, stop } from '../scripts/bench-registration.js';
import { startTestSmtpServer, eventually } from '../src/platform/mail/testing.js';

const PEOPLE = 80;
const SEATS = 25;
const CONCURRENCY = 16;
/** The process is killed with SIGKILL once this many registrations have been answered. */
const KILL_AFTER = 30;

const answered = (a: Answer) => a.outcome === 'confirmed' || a.outcome === 'waitlisted' || a.outcome === 'already';

/**
 * Issue 11: `kill -9` in the middle of a burst of registrations. After the restart, every
 * registration that was answered is there once, the seats are not overbooked, the people who got
 * no answer can register again, and the outbox mails each person once (a message in flight at the
 * kill may go again with the same Message-ID, as in crash-campaign.test.ts).
 */
// the two databases at once: each test is a real process or two, mostly waiting (keeps the file well under the runner's 120 s)
describe('kill -9 in a burst of registrations', { concurrency: true }, () => {
  for (const tier of databaseTiers()) {
    test(`registrations killed with SIGKILL in the middle of a burst: none lost, none twice, one mail each, on ${tier.name}`, { timeout: 120_000 }, async (t) => {
      const { database, settings, cleanup } = await tier.create();
      const smtp = await startTestSmtpServer();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-crash-reg-'));
      let child: ChildProcess | undefined;
      try {
        const db = database.db;
        const territory = await buildTerritory(db);
        await buildStaff(db, { territoryId: territory.id, role: 'administrator' });
        const session = await buildSession(db, { territoryId: territory.id, seats: SEATS });
        const env = { DATABASE_URL: settings.kind === 'sqlite' ? settings.file : settings.url, DATA_DIR: dir, SMTP_URL: smtp.url, MAIL_LEASE_SECONDS: '2', REMINDER_DAYS: '0' };
        const emails = Array.from({ length: PEOPLE }, (_, i) => `personne${String(i).padStart(3, '0')}@exemple.fr`);

        // the burst, killed in the middle
        let boutic = await startBoutic(env);
        child = boutic.child;
        const victim = child;
        const exited = new Promise((r) => victim.once('exit', r));
        let form = await openForm(boutic.base, session.id);
        const first: Answer[] = [];
        let next = 0;
        let killed = false;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < PEOPLE) {
              const i = next++;
              const a = await register(form, emails[i]!, i);
              first.push(a);
              if (!killed && first.filter(answered).length >= KILL_AFTER) {
                killed = true;
                victim.kill('SIGKILL');
              }
            }
          }),
        );
        await exited;
        child = undefined;
        const before = first.filter(answered);
        const unanswered = first.filter((a) => !answered(a));
        assert.ok(before.length >= KILL_AFTER && before.length < PEOPLE, `the kill landed in the middle (${before.length} answered of ${PEOPLE})`);
        assert.ok(unanswered.length > 0, 'some requests got no answer');
        assert.ok(first.every((a) => answered(a) || a.outcome === 'no-answer'), 'no error page before the kill');

        // restart: the people who got no answer try again
        boutic = await startBoutic(env);
        child = boutic.child;
        form = await openForm(boutic.base, session.id);
        const retries = await Promise.all(unanswered.map((a) => register(form, a.email, emails.indexOf(a.email))));
        assert.deepEqual(retries.filter((a) => !answered(a)), [], 'everyone who retried got an answer');
        const alreadyThere = retries.filter((a) => a.outcome === 'already').length;
        const registrationMail = async () =>
          Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', 'like', 'registration.%').where('status', '!=', 'sent').executeTakeFirstOrThrow()).n);
        await eventually(async () => (await registrationMail()) === 0, 60_000);
        await stop(child);
        child = undefined;

        // the database: everyone once, the answered ones with the answer they got, no overbooking
        const rows = await db
          .selectFrom('registrations')
          .innerJoin('participants', 'participants.id', 'registrations.participant_id')
          .select(['participants.email', 'registrations.status'])
          .where('registrations.session_id', '=', session.id)
          .execute();
        const byEmail = new Map<string, string[]>();
        for (const r of rows) byEmail.set(r.email, [...(byEmail.get(r.email) ?? []), r.status]);
        assert.deepEqual([...byEmail.keys()].sort(), emails, 'every person registered, nobody else');
        assert.deepEqual([...byEmail].filter(([, s]) => s.length > 1), [], 'nobody twice');
        const lost = before.filter((a) => a.outcome !== 'already' && byEmail.get(a.email)?.[0] !== a.outcome);
        assert.deepEqual(lost, [], 'every answered registration is there with the answer given');
        const confirmed = rows.filter((r) => r.status === 'confirmed').length;
        const seats = await db.selectFrom('sessions').select(['seats', 'seats_taken']).where('id', '=', session.id).executeTakeFirstOrThrow();
        assert.equal(confirmed, SEATS, 'the seats are all taken, no more');
        assert.equal(seats.seats_taken, confirmed, 'the seat counter matches the confirmed registrations');

        // the mail: one message per person (confirmation or waiting list), the same Message-ID if repeated
        const byRecipient = new Map<string, { id: string; subject: string }[]>();
        for (const r of smtp.received) for (const to of r.envelope.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), { id: r.mail.messageId ?? '', subject: r.mail.subject ?? '' }]);
        assert.deepEqual([...byRecipient.keys()].sort(), emails, 'everyone mailed, nobody else');
        assert.deepEqual([...byRecipient].filter(([, m]) => new Set(m.map((x) => x.id)).size > 1), [], 'nobody received two different messages');
        for (const [email, [status]] of byEmail) {
          const subject = byRecipient.get(email)![0]!.subject;
          assert.match(subject, status === 'confirmed' ? /^Inscription confirmée/ : /^Liste d’attente/, email);
        }
        const repeats = smtp.received.length - PEOPLE;
        assert.ok(repeats <= 1, `at most the message in flight at the kill went again (${repeats})`);
        t.diagnostic(
          `${tier.name}: 1 kill survived; ${before.length} registrations answered before the kill, ${unanswered.length} unanswered (${alreadyThere} of those were in fact recorded: « déjà inscrit » on retry); found ${byEmail.size} people once each, 0 lost, 0 twice; ${confirmed}/${SEATS} seats; ${smtp.received.length} mails for ${PEOPLE} people (${repeats} repeated with the same Message-ID)`,
        );
      } finally {
        if (child) child.kill('SIGKILL');
        await smtp.stop();
        await cleanup();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
