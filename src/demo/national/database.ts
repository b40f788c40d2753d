import pg from 'pg';
import { openDatabase, type Database } from '../../platform/db/database.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { generateNational, type NationalResult } from './generate.js';

/**
 * A fresh database `name` on the PostgreSQL server of `adminUrl`, migrated, then filled with the
 * national programme. Answers its settings (for a Boutic process) and what was generated; the
 * caller destroys the database handle.
 */
export async function createNationalDatabase(adminUrl: string, input: { name: string; scale: number; now?: Date; log?: (line: string) => void }): Promise<{ url: string; database: Database; result: NationalResult }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(input.name)) throw new Error(`bad database name ${input.name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${input.name} with (force)`);
    await admin.query(`create database ${input.name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${input.name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 4 });
  await migrateToLatest(database.db);
  const result = await generateNational(database.db, { scale: input.scale, now: input.now, log: input.log });
  return { url: url.toString(), database, result };
}
