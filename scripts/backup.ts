/**
 * `npm run backup [-- fichier]`: a consistent backup of Boutic's database while it runs, with the
 * same settings as Boutic (DATABASE_URL / DATA_DIR). Default file: DATA_DIR/backups/boutic-<date>.
 * See docs/operations.md.
 */
import { ConfigError, loadConfig } from '../src/platform/config.js';
import { backupDatabase, EXIT, OpsError } from '../src/platform/ops/backup.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('Usage : npm run backup [-- fichier]\nÉcrit une sauvegarde cohérente de la base, même pendant que Boutic tourne.');
  process.exit(0);
}
const files = args.filter((a) => !a.startsWith('-'));
if (files.length > 1 || args.some((a) => a.startsWith('-'))) {
  console.error('Usage : npm run backup [-- fichier]');
  process.exit(EXIT.usage);
}
try {
  const config = loadConfig();
  const started = Date.now();
  const r = await backupDatabase(config, files[0]);
  const mb = (r.bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
  console.log(`Sauvegarde écrite : ${r.file} (${mb} Mo, ${r.registrations === null ? '' : `${r.registrations.toLocaleString('fr-FR')} inscriptions, ${r.migrations} migrations, `}${Date.now() - started} ms)`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(EXIT.config);
  }
  console.error(error instanceof OpsError ? error.message : `La sauvegarde a échoué : ${(error as Error).message}`);
  process.exit(error instanceof OpsError ? error.exitCode : EXIT.software);
}
