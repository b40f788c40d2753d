/**
 * `npx tsx scripts/national-dataset.ts [--scale 1] [--database boutic_national]`: builds the national
 * synthetic programme (issue 12; src/demo/national) in a fresh database on the PostgreSQL server of
 * DATABASE_URL (its database part is replaced by --database), or on an embedded server started for
 * the run and stopped after it when DATABASE_URL is not set. Prints the time of each step and the
 * row counts. Scale 1: 200 territories, 800 venues, 500,000 participants, 3,000,000 registrations.
 */
import { createNationalDatabase } from '../src/demo/national/database.js';
import { NATIONAL_PASSWORD } from '../src/demo/national/generate.js';
import { startPostgres } from '../test/postgres-server.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const scale = Number(arg('scale') ?? '1');
const name = arg('database') ?? 'boutic_national';

const server = process.env.DATABASE_URL ? null : await startPostgres();
const adminUrl = process.env.DATABASE_URL ?? server!.url;
try {
  console.log(`Programme national synthétique, échelle ${scale}, base ${name}${server ? ' (PostgreSQL embarqué, arrêté à la fin)' : ''} :`);
  const { database, result } = await createNationalDatabase(adminUrl, { name, scale, log: console.log });
  await database.destroy();
  console.log(`Construit en ${result.seconds.toFixed(1)} s.`);
  for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(22)} ${n.toLocaleString('fr-FR')}`);
  const big = result.ids.territories[0]!;
  console.log(`Le plus grand territoire : ${big.slug} (coordination@${big.slug}.boutic.example, mot de passe ${NATIONAL_PASSWORD}).`);
} finally {
  await server?.stop();
}
