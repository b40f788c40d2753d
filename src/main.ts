import cluster from 'node:cluster';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrateToLatest, MigrationError } from './platform/db/migrate.js';
import { createLogger } from './platform/logger.js';
import { startOutboxWorker, type OutboxWorker } from './platform/mail/worker.js';
import { MAIL_GUARDS } from './mail-guards.js';
import { startJobs } from './platform/jobs.js';
import { reportListening, superviseWorkers, workerIndex } from './platform/cluster.js';
import { forgetStaleContacts } from './campaigns/retention.js';
import { forgetInactiveParticipants } from './privacy/retention.js';
import { forgetOldAuditEntries } from './privacy/audit-retention.js';
import { createApp } from './app.js';

/**
 * Starts Boutic: settings, database and migrations, (demo data), HTTP server; stops cleanly on
 * SIGTERM/SIGINT. With WEB_CONCURRENCY=N (N > 1), this process is the primary of a cluster: it
 * migrates once, then forks N workers serving the same port (src/platform/cluster.ts).
 */
async function main() {
  const demo = process.argv.includes('--demo');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) return serve(config, logger, await openChecked(config));

  const database = await openChecked(config);
  await prepare(config, logger, database, demo);
  if (config.webConcurrency === 1) return serve(config, logger, database);
  // the primary serves nothing: its connection goes, the workers open theirs
  await database.destroy();
  superviseWorkers({
    count: config.webConcurrency,
    logger,
    onOnline: () => console.log(`Boutic est en ligne sur ${config.baseUrl} (${config.webConcurrency} processus, démarré en ${Math.round(performance.now())} ms, base ${config.database.kind})`),
  });
}

/** Opens the database and checks that it answers; exits 1 with one French line when it does not. */
async function openChecked(config: Config): Promise<Database> {
  const database = openDatabase(config.database, { poolSize: config.databasePoolSize });
  try {
    await sql`select 1`.execute(database.db);
  } catch (error) {
    console.error(`Base de données inaccessible : ${(error as Error).message}`);
    await database.destroy().catch(() => {});
    process.exit(1);
  }
  return database;
}

/** Migrations, then the demo data when asked: once, by the single process or the cluster's primary. */
async function prepare(config: Config, logger: Logger, database: Database, demo: boolean) {
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  } catch (error) {
    console.error(error instanceof MigrationError ? error.message : `Migrations impossibles : ${(error as Error).message}`);
    await database.destroy().catch(() => {});
    process.exit(1);
  }
  if (demo) {
    const { seedDemo } = await import('./demo/seed.js'); // only the demo pays for loading it
    const result = await seedDemo(database.db, { baseUrl: config.baseUrl, secret: config.sessionSecret });
    console.log('\nDémo du Pays du Ternois prête. Comptes de l’équipe :');
    for (const s of result.staff) console.log(`  ${s.role.padEnd(14)} ${s.email.padEnd(38)} mot de passe : ${s.password}`);
    console.log('');
  }
}

/** One serving process: the HTTP server, the outbox worker and (in the first process only) the scheduled jobs. */
async function serve(config: Config, logger: Logger, database: Database) {
  const app = await createApp({ config, database, logger });
  let worker: OutboxWorker | undefined;
  let jobs: ReturnType<typeof startJobs> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    // stops accepting and drains requests in flight; the worker finishes the message it is sending
    await Promise.all([app.close(), worker?.stop(), jobs?.stop()]);
    await database.destroy();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  // Sends the outbox after commit (DESIGN.md, invariant 5), in every process: claims are disjoint
  // (SKIP LOCKED). Every guard name a capability enqueues must be listed here: a message with an
  // unknown guard is never sent.
  if (!stopping) worker = startOutboxWorker({ database, config, logger, guards: MAIL_GUARDS });
  // retention rules, every six hours: in one process of a cluster (several hosts may still run
  // them at once: each is idempotent, see docs/decisions/0020)
  if (!stopping && workerIndex() === 0)
    jobs = startJobs(
      [
        { name: 'contacts.retention', everyMs: 6 * 3600_000, run: () => forgetStaleContacts(database.db, config.contactRetentionYears) },
        { name: 'participants.retention', everyMs: 6 * 3600_000, run: () => forgetInactiveParticipants(database.db, config.participantRetentionYears) },
        { name: 'audit_log.retention', everyMs: 6 * 3600_000, run: () => forgetOldAuditEntries(database.db, config.auditRetentionMonths) },
      ],
      logger,
    );
  if (cluster.isWorker) reportListening();
  else console.log(`Boutic est en ligne sur ${config.baseUrl} (démarré en ${Math.round(performance.now())} ms, base ${database.dialect})`);
}

main().catch((error) => {
  console.error(`Boutic n’a pas pu démarrer : ${(error as Error).message}`);
  process.exit(1);
});
