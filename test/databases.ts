import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrateTo, migrateToLatest } from '../src/platform/db/migrate.js';
import type { Config } from '../src/platform/config.js';
import { createFromTemplate, postgresTemplate, seedInto, sqliteTemplate, templatesEnabled, type DemoSeedOptions } from './demo-template.js';

export interface DatabaseTier {
  name: 'sqlite' | 'postgres';
  /**
   * A fresh, migrated, empty database of this kind, removed by `cleanup` (`upTo`: only up to that migration;
   * `demo`: holding the demo as `seedDemo(db, demo)` seeds it; copied from a template under `npm test`, see
   * test/demo-template.ts).
   */
  create(options?: CreateOptions): Promise<{ database: Database; settings: Config['database']; cleanup(): Promise<void> }>;
}

export interface CreateOptions {
  upTo?: string;
  demo?: DemoSeedOptions;
}

const sqliteTier: DatabaseTier = {
  name: 'sqlite',
  async create(options: CreateOptions = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutic-test-'));
    const settings = { kind: 'sqlite' as const, file: path.join(dir, 'boutic.sqlite') };
    const template = !options.upTo && templatesEnabled() ? await sqliteTemplate(options.demo ?? null) : undefined;
    if (template) fs.copyFileSync(template, settings.file);
    const database = openDatabase(settings);
    if (!template) {
      await (options.upTo ? migrateTo(database.db, options.upTo) : migrateToLatest(database.db));
      if (options.demo) await seedInto(database.db, options.demo);
    }
    return {
      database,
      settings,
      async cleanup() {
        await database.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgresTier(adminUrl: string): DatabaseTier {
  return {
    name: 'postgres',
    async create(options: CreateOptions = {}) {
      const name = `boutic_test_${crypto.randomBytes(5).toString('hex')}`;
      const template = !options.upTo && templatesEnabled() ? await postgresTemplate(adminUrl, options.demo ?? null) : undefined;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await (template ? createFromTemplate(admin, name, template) : admin.query(`create database ${name}`));
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const settings = { kind: 'postgres' as const, url: url.toString() };
      const database = openDatabase(settings, { poolSize: 5 });
      if (!template) {
        await (options.upTo ? migrateTo(database.db, options.upTo) : migrateToLatest(database.db));
        if (options.demo) await seedInto(database.db, options.demo);
      }
      return {
        database,
        settings,
        async cleanup() {
          await database.destroy();
          const again = new pg.Client({ connectionString: adminUrl });
          await again.connect();
          await again.query(`drop database if exists ${name} with (force)`);
          await again.end();
        },
      };
    },
  };
}

/**
 * The database tiers every database test runs on: SQLite always; PostgreSQL when the harness
 * (npm test) has started a server and set TEST_POSTGRES_URL.
 */
export function databaseTiers(): DatabaseTier[] {
  const url = process.env.TEST_POSTGRES_URL;
  return url ? [sqliteTier, postgresTier(url)] : [sqliteTier];
}
