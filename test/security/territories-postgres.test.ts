import { databaseTiers } from '../databases.js';
import { twoTerritoriesSuite } from './territories-suite.js';

// Two territories on one instance, on PostgreSQL (a file of its own: the runner's time budget is per file).
for (const tier of databaseTiers().filter((x) => x.name === 'postgres')) twoTerritoriesSuite(tier);
