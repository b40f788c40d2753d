import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { databaseTiers } from './databases.js';
import { buildSession, buildStaff, buildTerritory } from './factories.js';
import { burst, startBoutic } from '../scripts/bench-registration.js';
import { eventually, startTestSmtpServer } from '../src/platform/mail/testing.js';
import { startCampaign } from '../src/campaigns/messages/send.js';

const postgres = databaseTiers().find((tier) => tier.name === 'postgres');
const CONTACTS = 80;
const BURST = 200;

/** The pids of the cluster's workers: the primary's children running Boutic (tsx's esbuild is a child too). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'src/main\\.[jt]s'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number).sort();
  } catch {
    return []; // pgrep answers 1 when there is none
  }
}

/** The pid of each request the workers logged for this path (JSON log lines, one per request). */
function servedBy(output: string, url: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"request completed"') || line.includes('"incoming request"'))
    .map((line) => JSON.parse(line) as { pid?: number; req?: { url?: string }; reqId?: string })
    .filter((l) => l.req?.url === url)
    .map((l) => l.pid!);
}

/**
 * `WEB_CONCURRENCY=2 npm start` on one PostgreSQL, through its one port: a registration burst never
 * overbooks and every person gets exactly one mail from a real SMTP server; a campaign is sent once
 * per contact by the two processes; a staff session opened on one process is valid on the other;
 * a worker killed with SIGKILL is replaced and service goes on; SIGTERM to the primary exits 0.
 */
test('two Boutic processes behind one port (WEB_CONCURRENCY=2) keep the invariants', { skip: !postgres && 'needs TEST_POSTGRES_URL (npm test sets it)', timeout: 150_000 }, async (t) => {
  const { database, settings, cleanup } = await postgres!.create();
  const smtp = await startTestSmtpServer();
  let primary: Awaited<ReturnType<typeof startBoutic>> | undefined;
  try {
    const db = database.db;
    const territory = await buildTerritory(db);
    const coordinator = await buildStaff(db, { territoryId: territory.id, role: 'coordinator', email: 'coordination@exemple.fr' });
    const session = await buildSession(db, { territoryId: territory.id, seats: 12 });
    const contacts = Array.from({ length: CONTACTS }, (_, i) => `contact${String(i).padStart(3, '0')}@exemple.fr`);
    await db.insertInto('contacts').values(contacts.map((email) => ({ territory_id: territory.id, email, lawful_basis: 'interet_legitime' as const, source: 'cluster.csv' }))).execute();

    // whatever happens (a timeout skips `finally`), no process is left behind
    t.after(() => {
      if (!primary || primary.child.exitCode !== null) return;
      for (const pid of childrenOf(primary.child.pid!)) process.kill(pid, 'SIGKILL');
      primary.child.kill('SIGKILL');
    });
    primary = await startBoutic({ DATABASE_URL: settings.kind === 'postgres' ? settings.url : '', WEB_CONCURRENCY: '2', SMTP_URL: smtp.url, LOG_LEVEL: 'info', REMINDER_DAYS: '0' });
    const primaryPid = primary.child.pid!;
    const workers = childrenOf(primaryPid);
    assert.equal(workers.length, 2, 'the primary forked two workers');

    const t0 = Date.now();
    const steps: string[] = [];
    const step = (what: string) => steps.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    step('started');
    // 1. a burst through the one port: 12 confirmed, the rest waitlisted, no error
    const result = await burst([primary.base], session.id, BURST, 'cluster');
    assert.equal(result.errors, 0);
    const rows = await db.selectFrom('registrations').select('status').where('session_id', '=', session.id).execute();
    assert.equal(rows.filter((r) => r.status === 'confirmed').length, 12);
    assert.equal(rows.filter((r) => r.status === 'waitlisted').length, BURST - 12);
    assert.equal((await db.selectFrom('sessions').select('seats_taken').where('id', '=', session.id).executeTakeFirstOrThrow()).seats_taken, 12);
    assert.equal(new Set(servedBy(primary.output(), `/seances/${session.id}/inscription`)).size, 2, 'both workers took registrations');

    step('burst done');
    // 2. a campaign queued now: the two workers' outbox pollers share it
    const campaign = await db
      .insertInto('campaigns')
      .values({ territory_id: territory.id, name: 'Rentrée', ref: 'rentree-cluster', subject: 'Les ateliers reprennent', body: 'Bonjour {prénom}.', segment: JSON.stringify({}), per_minute: 10_000 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const started = await startCampaign(db, { territoryId: territory.id, staffId: coordinator.id, baseUrl: 'http://127.0.0.1', programmeName: 'Boutic', publisher: 'Pays du Ternois', secret: 'x'.repeat(32) }, campaign.id);
    assert.ok(started.ok);

    // every registration mail and every campaign mail, received by the SMTP server exactly once
    const burstAddresses = Array.from({ length: BURST }, (_, i) => `bench-cluster-${i}@example.org`);
    await eventually(() => smtp.received.length >= BURST + started.recipients!, 60_000);
    step('mails received');
    await new Promise((r) => setTimeout(r, 2500)); // one more poll of each worker: nothing goes twice
    const to = (subject: RegExp) => smtp.received.filter((m) => subject.test(m.mail.subject ?? '')).flatMap((m) => m.envelope.to).sort();
    const registrationMails = smtp.received.filter((m) => burstAddresses.includes(m.envelope.to[0]!));
    assert.deepEqual(registrationMails.flatMap((m) => m.envelope.to).sort(), [...burstAddresses].sort(), 'one registration mail per person');
    assert.equal(registrationMails.filter((m) => /confirmée/i.test(m.mail.subject ?? '')).length, 12, 'twelve confirmations');
    const recipients = await db.selectFrom('campaign_recipients as r').innerJoin('contacts as c', 'c.id', 'r.contact_id').select('c.email').where('r.campaign_id', '=', campaign.id).execute();
    assert.deepEqual(to(/ateliers reprennent/), recipients.map((r) => r.email).sort(), 'one campaign mail per contact');
    assert.equal(smtp.received.length, BURST + started.recipients!, 'nothing else, nothing twice');
    assert.equal(new Set(smtp.received.map((m) => m.mail.messageId)).size, smtp.received.length);
    const sentBy = primary
      .output()
      .split('\n')
      .filter((l) => l.includes('"mail sent"'))
      .map((l) => (JSON.parse(l) as { pid: number }).pid);
    assert.equal(new Set(sentBy).size, 2, 'both workers sent mail');

    step('mails checked');
    // 3. a staff session opened on one worker is valid on the other (sessions are in the database)
    const login = await fetch(`${primary.base}/equipe/connexion`, { headers: { connection: 'close' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
    const jar = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const signedIn = await fetch(`${primary.base}/equipe/connexion`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar, connection: 'close' },
      body: new URLSearchParams({ _csrf: csrf, email: coordinator.email, password: coordinator.password }),
    });
    assert.equal(signedIn.status, 303);
    const staffCookie = [jar, ...signedIn.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    for (let i = 0; i < 8; i++) {
      // a new connection each time: the primary hands connections to the workers in turn
      const page: Response = await fetch(`${primary.base}/equipe`, { redirect: 'manual', headers: { cookie: staffCookie, connection: 'close' }, signal: AbortSignal.timeout(10_000) });
      assert.equal(page.status, 200, 'signed in on whichever worker answers');
      await page.arrayBuffer();
    }
    assert.equal(new Set(servedBy(primary.output(), '/equipe')).size, 2, 'the staff pages were served by both workers');

    step('staff done');
    // 4. kill -9 of one worker: once the primary has seen it die (it forks a replacement at once),
    // the survivor serves every request, then the replacement joins it. (A connection the primary
    // hands to a worker in the instant between its death and the primary seeing it is lost with
    // it, as its requests in flight are: docs/decisions/0020.)
    const [victim, survivor] = workers as [number, number];
    process.kill(victim, 'SIGKILL');
    const health = async () => {
      const res = await fetch(`${primary!.base}/healthz`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      return res.status;
    };
    await eventually(() => primary!.output().includes('"worker died; restarting it"'), 10_000);
    for (let i = 0; i < 4; i++) assert.equal(await health(), 200, 'the surviving worker answers');
    await eventually(() => childrenOf(primaryPid).length === 2, 30_000);
    const replacement = childrenOf(primaryPid).find((p) => p !== survivor)!;
    await eventually(async () => (await health()) === 200 && servedBy(primary!.output(), '/healthz').includes(replacement), 30_000);

    step('restart done');
    // 5. SIGTERM to the primary: every worker stops cleanly, exit 0
    const exited = new Promise<number | null>((r) => primary!.child.once('exit', (code) => r(code)));
    primary.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(childrenOf(primaryPid), []);
    for (const pid of [survivor, replacement]) assert.throws(() => process.kill(pid, 0), 'worker gone');
    primary = undefined;
    t.diagnostic(steps.join(', '));
    t.diagnostic(`burst ${BURST}: 12 confirmed; ${smtp.received.length} mails each received once; workers ${workers.join(', ')} → ${survivor}, ${replacement}`);
  } finally {
    if (primary && primary.child.exitCode === null) {
      for (const pid of childrenOf(primary.child.pid!)) process.kill(pid, 'SIGKILL');
      primary.child.kill('SIGKILL');
    }
    await smtp.stop();
    await cleanup();
  }
});
