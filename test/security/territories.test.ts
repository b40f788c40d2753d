import { databaseTiers } from '../databases.js';
import { twoTerritoriesSuite } from './territories-suite.js';

// Two territories on one instance, on SQLite (territories-postgres.test.ts: the same on PostgreSQL).
for (const tier of databaseTiers().filter((x) => x.name === 'sqlite')) twoTerritoriesSuite(tier);
