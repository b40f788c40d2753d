import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import pg from 'pg';
import type { Database } from '../platform/db/database.js';
import { createNationalDatabase } from '../demo/national/database.js';
import type { NationalResult } from '../demo/national/generate.js';
import { NO_FILTER, type ResultsFilter } from './filters.js';
import { figuresByCycle, programmeFigures, sectorMix, sessionsByVenue } from './queries.js';
import { territoryMapData } from './map/queries.js';
import { reportData } from './report/data.js';
import { surveyFigures } from './surveys/queries.js';
import { registrationCount } from './export/query.js';
import * as before0023 from '../../test/reference-0022/queries.js';
import * as beforeMap from '../../test/reference-0022/map-queries.js';
import * as beforeReport from '../../test/reference-0022/report-data.js';
import * as beforeSurveys from '../../test/reference-0022/survey-queries.js';

/**
 * Migration 0023 gave sessions their own territory and the results' queries were rewritten to
 * filter on it (and to make people distinct before counting them). Every figure must be the same:
 * each function is compared, on the national dataset at a small scale, with a frozen copy of the
 * same function as it was before (test/reference-0022), for several territories and filters.
 */
const NOW = new Date('2026-11-28T10:00:00Z');
const adminUrl = process.env.TEST_POSTGRES_URL;

/** Rows whose order the query never fixed (sectorMix orders by cycle only), in one order. */
const sorted = <T>(rows: T[]) => [...rows].map((r) => JSON.stringify(r)).sort();

describe('the results after migration 0023 are the results before it (national dataset, small scale)', { skip: adminUrl ? false : 'PostgreSQL only (npm test starts one)' }, () => {
  let database: Database;
  let result: NationalResult;
  const name = `boutic_equivalence_${crypto.randomBytes(4).toString('hex')}`;

  before(async () => {
    ({ database, result } = await createNationalDatabase(adminUrl!, { name, scale: 0.002, now: NOW }));
  });
  after(async () => {
    await database?.destroy();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  /** The largest territory, one in the middle and the last; for each, the filters a person picks. */
  async function cases(): Promise<Array<{ label: string; territoryId: number; filter: ResultsFilter }>> {
    const out: Array<{ label: string; territoryId: number; filter: ResultsFilter }> = [];
    const ords = [0, Math.floor(result.ids.territories.length / 2), result.ids.territories.length - 1];
    for (const ord of ords) {
      const territoryId = result.ids.territories[ord]!.id;
      const cycles = result.ids.cycles[ord]!;
      const db = database.db;
      const venue = await db.selectFrom('venues').select('id').where('territory_id', '=', territoryId).orderBy('id').executeTakeFirstOrThrow();
      const workshop = await db.selectFrom('workshops').select('id').where('territory_id', '=', territoryId).orderBy('id').executeTakeFirstOrThrow();
      const epci = await db.selectFrom('communes').select('epci_code').where('territory_id', '=', territoryId).where('epci_code', 'is not', null).executeTakeFirst();
      const filters: Array<[string, ResultsFilter]> = [
        ['none', NO_FILTER],
        ['last cycle', { ...NO_FILTER, cycleId: cycles.at(-1)! }],
        ['a past cycle + sector', { ...NO_FILTER, cycleId: cycles.at(-2)!, sector: 'commerce' }],
        ['venue', { ...NO_FILTER, venueId: venue.id }],
        ['workshop + past cycle', { ...NO_FILTER, workshopId: workshop.id, cycleId: cycles.at(-3)! }],
        ...(epci?.epci_code ? [['intercommunality', { ...NO_FILTER, epciCode: epci.epci_code }] as [string, ResultsFilter]] : []),
      ];
      for (const [label, filter] of filters) out.push({ label: `territory #${ord}, ${label}`, territoryId, filter });
    }
    return out;
  }

  test('the dashboard: figures, figures by cycle, sectors, venues, surveys, map', async () => {
    const db = database.db;
    let compared = 0;
    for (const { label, territoryId, filter } of await cases()) {
      const figures = await programmeFigures(db, territoryId, filter.cycleId, filter);
      assert.deepEqual(figures, await before0023.programmeFigures(db, territoryId, filter.cycleId, filter), `programmeFigures, ${label}`);
      assert.deepEqual(await figuresByCycle(db, territoryId, filter), await before0023.figuresByCycle(db, territoryId, filter), `figuresByCycle, ${label}`);
      assert.deepEqual(sorted(await sectorMix(db, territoryId, filter)), sorted(await before0023.sectorMix(db, territoryId, filter)), `sectorMix, ${label}`);
      assert.deepEqual(await sessionsByVenue(db, territoryId, filter.cycleId, filter), await before0023.sessionsByVenue(db, territoryId, filter.cycleId, filter), `sessionsByVenue, ${label}`);
      assert.deepEqual(await surveyFigures(db, territoryId, filter, NOW), await beforeSurveys.surveyFigures(db, territoryId, filter, NOW), `surveyFigures, ${label}`);
      if (filter.cycleId !== null) {
        assert.deepEqual(await territoryMapData(db, territoryId, filter), await beforeMap.territoryMapData(db, territoryId, filter), `territoryMapData, ${label}`);
      }
      if (label.startsWith('territory #0, none')) assert.ok(figures.leaders > 0 && figures.companies > 0 && figures.participantHours > 0, 'the comparison is over real figures');
      compared++;
    }
    assert.ok(compared >= 15);
  });

  test("the funder's report of every cycle, and the export's line count", async () => {
    const db = database.db;
    for (const ord of [0, result.ids.territories.length - 1]) {
      const territoryId = result.ids.territories[ord]!.id;
      for (const cycleId of result.ids.cycles[ord]!) {
        const report = await reportData(db, territoryId, cycleId, { now: NOW });
        assert.deepEqual(report, await beforeReport.reportData(db, territoryId, cycleId, { now: NOW }), `reportData, territory #${ord}, cycle ${cycleId}`);
        for (const scope of [{ territoryId, cycleId }, { territoryId, cycleId: null }]) {
          const n = await registrationCount(db, scope);
          const expected = await db
            .selectFrom('registrations as r')
            .innerJoin('sessions as s', 's.id', 'r.session_id')
            .innerJoin('workshops as w', 'w.id', 's.workshop_id')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('w.territory_id', '=', territoryId)
            .$if(scope.cycleId !== null, (q) => q.where('s.cycle_id', '=', scope.cycleId!))
            .executeTakeFirstOrThrow();
          assert.equal(n, Number(expected.n));
        }
      }
    }
  });
});
