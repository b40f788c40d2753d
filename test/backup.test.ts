import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { databaseTiers } from './databases.js';
import { buildSession, buildStaff, buildTerritory } from './factories.js';
import { openForm, register, runScript, type Answer } from './registration-client.js';
import { startBoutic, stop } from '../scripts/bench-registration.js';
import { openDatabase } from '../src/platform/db/database.js';
import { knownMigrations, migrateToLatest, unknownMigrations } from '../src/platform/db/migrate.js';
import pino from 'pino';
import { loadConfig, type Config } from '../src/platform/config.js';
import { createApp } from '../src/app.js';

const BEFORE = 60;
const CONCURRENCY = 6;

const urlOf = (s: Config['database']) => (s.kind === 'sqlite' ? s.file : s.url);

/**
 * Issue 11: `npm run backup` while Boutic takes registrations, `npm run restore` into a fresh
 * database; every registration answered before the backup started is in the restored database,
 * which is at the latest migration and serves the registration page.
 */
// the two databases at once: each test is a real process or two, mostly waiting (keeps the file well under the runner's 120 s)
describe('backup while registering, then restore', { concurrency: true }, () => {
  for (const tier of databaseTiers()) {
    test(`a backup taken while people register, restored into a fresh database, has every registration answered before it, on ${tier.name}`, { timeout: 120_000 }, async (t) => {
      const { database, settings, cleanup } = await tier.create();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-backup-'));
      let child: ChildProcess | undefined;
      let freshName: string | undefined;
      const adminUrl = process.env.TEST_POSTGRES_URL;
      try {
        const territory = await buildTerritory(database.db);
        await buildStaff(database.db, { territoryId: territory.id, role: 'administrator' }); // past the first set-up
        const session = await buildSession(database.db, { territoryId: territory.id, seats: 40 });
        const env = { DATABASE_URL: urlOf(settings), DATA_DIR: dir, REMINDER_DAYS: '0' };
        const boutic = await startBoutic(env);
        child = boutic.child;
        const form = await openForm(boutic.base, session.id);

        // before the backup: answered registrations (confirmed, then waitlisted past 40 seats)
        const before: Answer[] = [];
        for (let i = 0; i < BEFORE; i += CONCURRENCY) {
          before.push(...(await Promise.all(Array.from({ length: Math.min(CONCURRENCY, BEFORE - i) }, (_, k) => register(form, `avant-${i + k}@exemple.fr`, i + k)))));
        }
        assert.deepEqual(before.filter((a) => a.outcome !== 'confirmed' && a.outcome !== 'waitlisted'), [], 'every registration before the backup was answered');

        // the backup runs while registrations keep coming
        const backupFile = path.join(dir, 'sauvegardes', tier.name === 'sqlite' ? 'boutic.sqlite' : 'boutic.dump');
        let backupDone = false;
        const backup = runScript('scripts/backup.ts', [backupFile], env).finally(() => (backupDone = true));
        const during: Answer[] = [];
        let n = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (!backupDone) {
              const i = n++;
              during.push(await register(form, `pendant-${i}@exemple.fr`, 1000 + i));
            }
          }),
        );
        const b = await backup;
        assert.equal(b.code, 0, b.out);
        assert.match(b.out, /^Sauvegarde écrite : .+ \(\d+(,\d)? Mo, (\d+ inscriptions, \d+ migrations, )?\d+ ms\)$/);
        assert.ok(during.filter((a) => a.outcome === 'confirmed' || a.outcome === 'waitlisted').length > 0, 'registrations were answered while the backup ran');
        assert.equal(fs.readdirSync(path.dirname(backupFile)).length, 1, 'no partial file left beside the backup');

        // a restore onto the database Boutic is using is refused, and nothing is touched
        const busy = await runScript('scripts/restore.ts', [backupFile, '--yes'], env);
        assert.equal(busy.code, 75, busy.out);
        assert.match(busy.out, /en cours d’utilisation.* : arrêtez Boutic avant de restaurer/);
        await stop(child);
        child = undefined;

        // restore into a fresh, empty database
        let fresh: Config['database'];
        if (settings.kind === 'sqlite') fresh = { kind: 'sqlite', file: path.join(dir, 'restauree', 'boutic.sqlite') };
        else {
          freshName = `boutic_restore_${Date.now().toString(36)}`;
          const admin = new pg.Client({ connectionString: adminUrl });
          await admin.connect();
          await admin.query(`create database ${freshName}`);
          await admin.end();
          const u = new URL(adminUrl!);
          u.pathname = `/${freshName}`;
          fresh = { kind: 'postgres', url: u.toString() };
        }
        const freshEnv = { DATABASE_URL: urlOf(fresh), DATA_DIR: dir, REMINDER_DAYS: '0' };
        const unconfirmed = await runScript('scripts/restore.ts', [backupFile], freshEnv);
        assert.equal(unconfirmed.code, 64);
        assert.match(unconfirmed.out, /Relancez avec --yes pour confirmer/);
        const r = await runScript('scripts/restore.ts', [backupFile, '--yes'], freshEnv);
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, /^Restauration terminée dans .+ : \d+ inscriptions/);

        const restored = openDatabase(fresh, { poolSize: 2 });
        let found: { email: string; n: number }[];
        try {
          const rows = await restored.db
            .selectFrom('registrations')
            .innerJoin('participants', 'participants.id', 'registrations.participant_id')
            .select(['participants.email', 'registrations.status'])
            .where('registrations.session_id', '=', session.id)
            .execute();
          const count = new Map<string, number>();
          for (const row of rows) count.set(row.email, (count.get(row.email) ?? 0) + 1);
          found = [...count].map(([email, n]) => ({ email, n }));
          const missingBefore = before.filter((a) => !count.has(a.email)).map((a) => a.email);
          assert.deepEqual(missingBefore, [], 'every registration answered before the backup is in the restored database');
          assert.deepEqual(found.filter((f) => f.n > 1), [], 'nobody twice');
          const seats = await restored.db.selectFrom('sessions').select(['seats', 'seats_taken']).where('id', '=', session.id).executeTakeFirstOrThrow();
          assert.equal(seats.seats_taken, rows.filter((x) => x.status === 'confirmed').length, 'the seat count matches the confirmed registrations');
          assert.ok(seats.seats_taken <= seats.seats);
          // the app's own checks: nothing unknown, nothing left to apply
          assert.deepEqual(await unknownMigrations(restored.db), []);
          assert.deepEqual(await migrateToLatest(restored.db), [], 'the restored database is at the latest migration');
          const applied = await restored.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
          assert.equal(applied.length, knownMigrations().length);
          // the app on the restored database serves the registration page, with the seats left
          const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir }), database: fresh };
          const app = await createApp({ config, database: restored, logger: pino({ level: 'silent' }) });
          try {
            const page = await app.inject({ method: 'GET', url: `/seances/${session.id}/inscription` });
            assert.equal(page.statusCode, 200);
            assert.match(page.body, /name="_csrf"/);
          } finally {
            await app.close();
          }
        } finally {
          await restored.destroy();
        }

        const answeredDuring = during.filter((a) => a.outcome === 'confirmed' || a.outcome === 'waitlisted').length;
        t.diagnostic(`${tier.name}: ${before.length} registrations answered before the backup, ${answeredDuring} answered while it ran; restored ${found.length} people (${found.length - before.length} of those during), 0 lost, 0 twice; backup: ${b.out}`);
      } finally {
        if (child) child.kill('SIGKILL');
        await cleanup();
        if (freshName) {
          const admin = new pg.Client({ connectionString: adminUrl });
          await admin.connect();
          await admin.query(`drop database if exists ${freshName} with (force)`);
          await admin.end();
        }
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
