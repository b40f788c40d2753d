/**
 * `npm run restore -- fichier --yes`: puts a backup back into Boutic's database (DATABASE_URL /
 * DATA_DIR, as Boutic reads them). Boutic must be stopped. SQLite: the file is replaced
 * atomically and the old one kept beside it; PostgreSQL: pg_restore --clean in one transaction.
 * See docs/operations.md.
 */
import { ConfigError, loadConfig } from '../src/platform/config.js';
import { EXIT, OpsError, restoreDatabase } from '../src/platform/ops/backup.js';

const args = process.argv.slice(2);
const usage = 'Usage : npm run restore -- fichier-de-sauvegarde --yes';
if (args.includes('--help') || args.includes('-h')) {
  console.log(`${usage}\nRemplace la base de Boutic par la sauvegarde (Boutic doit être arrêté).`);
  process.exit(0);
}
const files = args.filter((a) => !a.startsWith('-'));
const unknownFlags = args.filter((a) => a.startsWith('-') && a !== '--yes');
if (files.length !== 1 || unknownFlags.length) {
  console.error(usage);
  process.exit(EXIT.usage);
}
try {
  const config = loadConfig();
  const where = config.database.kind === 'sqlite' ? config.database.file : `la base PostgreSQL ${new URL(config.database.url).pathname.slice(1)}`;
  if (!args.includes('--yes')) {
    console.error(`La restauration remplace tout le contenu de ${where} par ${files[0]}. Relancez avec --yes pour confirmer.`);
    process.exit(EXIT.usage);
  }
  const started = Date.now();
  const r = await restoreDatabase(config, files[0]!);
  console.log(`Restauration terminée dans ${where} : ${r.registrations.toLocaleString('fr-FR')} inscriptions (${Date.now() - started} ms).`);
  if (r.previous) console.log(`L’ancienne base est conservée sous ${r.previous}.`);
  console.log('Au démarrage, Boutic appliquera les migrations manquantes s’il y en a.');
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(EXIT.config);
  }
  console.error(error instanceof OpsError ? error.message : `La restauration a échoué : ${(error as Error).message}`);
  process.exit(error instanceof OpsError ? error.exitCode : EXIT.software);
}
