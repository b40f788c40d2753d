import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../test/databases.js';
import { buildTerritory } from '../../test/factories.js';
import { openDatabase } from './db/database.js';
import { bumpContentVersion, TerritoryResolver } from './programme.js';

for (const tier of databaseTiers()) {
  describe(`the territory of a request, kept between requests, on ${tier.name}`, () => {
    test('follows what another process commits: a territory added with a host, a programme renamed; random hosts share one entry', async () => {
      const { database, settings, cleanup } = await tier.create();
      const other = openDatabase(settings); // another process's connection to the same database
      try {
        const first = await buildTerritory(database.db, { programmeName: 'Premier' });
        const resolver = new TerritoryResolver(database, undefined);
        assert.equal((await resolver.resolve('ateliers.exemple.fr'))?.id, first.id, 'no territory claims it: the default');
        assert.equal((await resolver.resolve('ateliers.exemple.fr'))?.programme_name, 'Premier');
        // another process adds a territory that claims that host name
        const second = await buildTerritory(other.db, { host: 'ateliers.exemple.fr', programmeName: 'Second' });
        assert.equal((await resolver.resolve('ateliers.exemple.fr'))?.id, second.id, 'seen at the next request');
        assert.equal((await resolver.resolve('autre.exemple.fr'))?.id, first.id);
        // another process renames the programme, bumping the version as every public change does
        await other.db.transaction().execute(async (tx) => {
          await tx.updateTable('programmes').set({ name: 'Second, renommé' }).where('territory_id', '=', second.id).execute();
          await bumpContentVersion(tx, second.id);
        });
        const renamed = await resolver.resolve('ateliers.exemple.fr');
        assert.equal(renamed?.programme_name, 'Second, renommé');
        const version = renamed!.content_version;
        // a request only reads the version while nothing changes
        const before = database.queryCount();
        assert.equal((await resolver.resolve('ateliers.exemple.fr'))?.content_version, version);
        assert.equal(database.queryCount() - before, 1, 'one small read per request');
        // hosts nobody claims do not fill the memory: they share the default's entry
        for (let i = 0; i < 50; i++) assert.equal((await resolver.resolve(`x${i}.invalid`))?.id, first.id);
        assert.equal((resolver as unknown as { rows: Map<string, unknown> }).rows.size, 2);
      } finally {
        await other.destroy();
        await cleanup();
      }
    });
  });
}
