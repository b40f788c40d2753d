import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { databaseTiers } from './databases.js';
import { buildSession, buildStaff, buildTerritory } from './factories.js';
import { openForm, register } from './registration-client.js';
import { startBoutic } from '../scripts/bench-registration.js';
import { eventually, freePort } from '../src/platform/mail/testing.js';
import { knownMigrations } from '../src/platform/db/migrate.js';
import { nodeArgs } from '../scripts/run-ts.js';

const sqlite = databaseTiers()[0]!; // the process's behaviour does not depend on the database

/** An SMTP server on 127.0.0.1 that holds each message until the test releases it. */
async function slowSmtp() {
  const held: (() => void)[] = [];
  const delivered: string[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => held.push(() => (delivered.push(session.envelope.rcptTo.map((r) => r.address).join(',')), callback())));
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { url: `smtp://127.0.0.1:${port}`, held, delivered, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

test('SIGTERM: a request in flight completes, new connections are refused, the mail being sent is finished, exit 0', { timeout: 90_000 }, async (t) => {
  const { database, settings, cleanup } = await sqlite.create();
  const smtp = await slowSmtp();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-shutdown-'));
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const db = database.db;
    const territory = await buildTerritory(db);
    await buildStaff(db, { territoryId: territory.id, role: 'administrator' });
    const session = await buildSession(db, { territoryId: territory.id, seats: 10 });
    const boutic = await startBoutic({ DATABASE_URL: settings.kind === 'sqlite' ? settings.file : settings.url, DATA_DIR: dir, SMTP_URL: smtp.url, REMINDER_DAYS: '0' });
    child = boutic.child;
    const exited = new Promise<number | null>((r) => boutic.child.once('exit', (code) => r(code)));
    const form = await openForm(boutic.base, session.id);

    // 1. a first person registers; the worker starts sending their confirmation, which the SMTP server holds
    assert.equal((await register(form, 'premiere@exemple.fr', 1)).outcome, 'confirmed');
    await eventually(() => smtp.held.length === 1, 15_000);

    // 2. a second person's registration is in flight: headers and half of the body sent (a slow connection)
    const body = new URLSearchParams({ _csrf: form.token, first_name: 'Lente', last_name: 'Connexion', email: 'lente@exemple.fr', company: 'Entreprise lente', sector: 'commerce', commune: '62767', level: 'debutant' }).toString();
    const url = new URL(`${boutic.base}/seances/${session.id}/inscription`);
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie: form.cookie } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 40));
      (globalThis as { finishSlow?: () => void }).finishSlow = () => req.end(body.slice(40));
    });
    await new Promise((r) => setTimeout(r, 300)); // the request has reached the server

    // 3. SIGTERM: the port is closed to new connections, the process waits
    boutic.child.kill('SIGTERM');
    await eventually(async () => {
      try {
        await fetch(`${boutic.base}/healthz`, { headers: { connection: 'close' } });
        return false;
      } catch {
        return true;
      }
    }, 5000);
    assert.equal(boutic.child.exitCode, null, 'still running: a request and a mail are in flight');

    // 4. the slow request finishes and gets its confirmation page
    (globalThis as { finishSlow?: () => void }).finishSlow!();
    const slow = await answer;
    assert.equal(slow.status, 200);
    assert.match(slow.text, /Votre inscription est confirmée/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(boutic.child.exitCode, null, 'still running: the mail is being sent');

    // 5. the SMTP server accepts the message: the worker records it and the process exits 0
    smtp.held.shift()!();
    assert.equal(await exited, 0, 'graceful shutdown exits 0');
    child = undefined;
    assert.deepEqual(smtp.delivered, ['premiere@exemple.fr']);
    const mails = await db.selectFrom('outbox').select(['recipient', 'status']).where('kind', '=', 'registration.confirmation').orderBy('id').execute();
    assert.deepEqual(mails, [
      { recipient: 'premiere@exemple.fr', status: 'sent' },
      { recipient: 'lente@exemple.fr', status: 'pending' },
    ], 'the mail in flight was recorded as sent; the later one waits for the next start');
    const people = await db.selectFrom('registrations').innerJoin('participants', 'participants.id', 'registrations.participant_id').select('email').orderBy('registrations.id').execute();
    assert.deepEqual(people.map((p) => p.email), ['premiere@exemple.fr', 'lente@exemple.fr']);
    t.diagnostic('1 request in flight completed (200), new connections refused, 1 mail in flight finished, exit code 0');
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await smtp.stop();
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('start-up refuses a database migrated by a newer Boutic: exit 1 and one French line', async () => {
  const { database, settings, cleanup } = await sqlite.create();
  try {
    await sql`insert into kysely_migration (name, timestamp) values ('29991231_9999_du_futur', '2999-12-31T00:00:00.000Z')`.execute(database.db);
    const child = spawn(process.execPath, [...nodeArgs('src/main.ts')], {
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: settings.kind === 'sqlite' ? settings.file : settings.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 1);
    assert.equal(out.trim().split('\n').length, 1, out);
    assert.match(out.trim(), /^Cette base a été mise à jour par une version plus récente de Boutic \(migration inconnue : 29991231_9999_du_futur\)/);
    const names = await database.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    assert.equal(names.length, knownMigrations().length + 1, 'nothing applied, nothing removed');
  } finally {
    await cleanup();
  }
});
