import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as initial from './migrations/20261128_0001_initial.js';
import * as catalogueDetails from './migrations/20261128_0002_catalogue_details.js';
import * as outboxStates from './migrations/20261128_0003_outbox_states.js';
import * as facilitation from './migrations/20261128_0004_facilitation.js';
import * as onDemand from './migrations/20261128_0005_on_demand.js';
import * as resultsRolesSizes from './migrations/20261128_0006_results_roles_sizes.js';
import * as surveys from './migrations/20261128_0007_surveys.js';
import * as epciNames from './migrations/20261128_0009_epci_names.js';
import * as territoryContours from './migrations/20261128_0010_territory_contours.js';
import * as campaigns from './migrations/20261129_0011_campaigns.js';
import * as searchFold from './migrations/20261129_0012_search_fold.js';
import * as networking from './migrations/20261129_0015_networking.js';
import * as partnersReferrals from './migrations/20261129_0016_partners_referrals.js';
import * as diagnostics from './migrations/20261129_0017_diagnostics.js';
import * as staffSecurity from './migrations/20261129_0020_staff_security.js';
import * as territoryHosts from './migrations/20261129_0021_territory_hosts.js';
import * as nationalIndexes from './migrations/20261129_0022_national_indexes.js';
import * as sessionTerritory from './migrations/20261129_0023_session_territory.js';

/** Every migration, in order. Timestamped names; forward-only (see docs/decisions/0003). */
const migrations: Record<string, Migration> = {
  '20261128_0001_initial': initial,
  '20261128_0002_catalogue_details': catalogueDetails,
  '20261128_0003_outbox_states': outboxStates,
  '20261128_0004_facilitation': facilitation,
  '20261128_0005_on_demand': onDemand,
  '20261128_0006_results_roles_sizes': resultsRolesSizes,
  '20261128_0007_surveys': surveys,
  '20261128_0009_epci_names': epciNames,
  '20261128_0010_territory_contours': territoryContours,
  '20261129_0011_campaigns': campaigns,
  '20261129_0012_search_fold': searchFold,
  '20261129_0015_networking': networking,
  '20261129_0016_partners_referrals': partnersReferrals,
  '20261129_0017_diagnostics': diagnostics,
  '20261129_0020_staff_security': staffSecurity,
  '20261129_0021_territory_hosts': territoryHosts,
  '20261129_0022_national_indexes': nationalIndexes,
  '20261129_0023_session_territory': sessionTerritory,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to the named migration (tests of a migration on data written before it). */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error;
}

export class MigrationError extends Error {}

/** Brings the schema up to date; refuses a database migrated by a newer Boutic. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const unknown = await unknownMigrations(db);
  if (unknown.length) {
    throw new MigrationError(
      `Cette base a été mise à jour par une version plus récente de Boutic (migration inconnue : ${unknown.join(', ')}). Installez cette version de Boutic, ou restaurez une sauvegarde faite avec la version actuelle.`,
    );
  }
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const detail = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed ? `La migration ${failed.migrationName} a échoué : ${detail}` : `Migrations impossibles : ${detail}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The names of every migration this version of Boutic knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(migrations);
}

/** Migrations recorded in the database that this code does not know (a newer Boutic wrote them). */
export async function unknownMigrations(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !(name in migrations));
}
