import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSession, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { registrationBatches, type ExportRow } from './query.js';
import { registrationsCsv } from './routes.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the registrations export streams with back-pressure', () => {
  const row = (id: number): ExportRow => ({ id, session_id: 1, cycle: 'Cycle 1', starts_at: '2026-10-01T07:30:00.000Z', workshop: 'Atelier', venue: 'Lieu', venue_commune: 'Commune', session_status: 'held', status: 'confirmed', attendance: 'present', walk_in: 0, source: null, created_at: '2026-09-01T10:00:00.000Z', sector: null, size_band: null });
  /** An endless database walk of batches of 100 lines, counting the batches asked for. */
  function endless() {
    const state = { pulled: 0, finished: false };
    async function* batches() {
      try {
        for (;;) {
          await new Promise((resolve) => setImmediate(resolve)); // a query's round trip
          const first = state.pulled++ * 100;
          yield Array.from({ length: 100 }, (_, i) => row(first + i));
        }
      } finally {
        state.finished = true;
      }
    }
    return { state, batches: batches() };
  }

  test('a client that does not read stops the walk after a few batches; reading resumes it', async () => {
    const { state, batches } = endless();
    const csv = registrationsCsv(batches);
    for (let i = 0; i < 10; i++) await tick();
    const paused = state.pulled;
    assert.ok(paused >= 1 && paused <= 3, `batches read while nobody reads: ${paused}`);
    let bytes = 0;
    csv.on('data', (chunk: Buffer) => (bytes += chunk.length));
    for (let i = 0; i < 5 && state.pulled < paused + 5; i++) await tick();
    csv.pause();
    assert.ok(state.pulled > paused && bytes > 0, 'reading pulls the next batches');
    csv.destroy();
    await tick();
    assert.ok(state.finished, 'the walk of the database stops when the stream is destroyed');
  });
});

for (const tier of databaseTiers()) {
  describe(`the registrations export, on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let elected: StaffClient;
    let territoryId: number;
    let cycleIds: number[];
    let expected: number[];

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territory = await buildTerritory(db);
      territoryId = territory.id;
      const other = await buildTerritory(db);
      const workshop = await buildWorkshop(db, { territoryId });
      await db.updateTable('workshops').set({ title: '=HYPERLINK("http://x.test/")' }).where('id', '=', workshop.id).execute();
      const venue = await buildVenue(db, { territoryId });
      cycleIds = [(await buildCycle(db, { territoryId })).id, (await buildCycle(db, { territoryId })).id];
      const company = await db.insertInto('companies').values({ territory_id: territoryId, name: 'Ferme', sector: 'agriculture', size_band: '1-2' }).returning('id').executeTakeFirstOrThrow();
      // 7 sessions in two cycles, 0 to 6 registrations each, of every status; one session of another territory
      let n = 0;
      const statuses = ['confirmed', 'waitlisted', 'cancelled'] as const;
      for (let i = 0; i < 7; i++) {
        const s = await buildSession(db, { territoryId, workshopId: workshop.id, venueId: venue.id, cycleId: cycleIds[i % 2]!, status: i < 3 ? 'held' : 'scheduled', startsAt: new Date(Date.UTC(2026, 9, 1 + i, 7, 30)) });
        for (let j = 0; j < i; j++) {
          const p = await db.insertInto('participants').values({ territory_id: territoryId, email: `p${n++}@example.fr`, first_name: 'Prénom', last_name: 'Nomsecret', company_id: j % 2 ? company.id : null }).returning('id').executeTakeFirstOrThrow();
          const status = statuses[j % 3]!;
          await db.insertInto('registrations').values({ session_id: s.id, participant_id: p.id, status, attendance: i < 3 && status === 'confirmed' ? 'present' : null, created_at: new Date().toISOString() }).execute();
        }
      }
      const elsewhere = await buildSession(db, { territoryId: other.id });
      const stranger = await db.insertInto('participants').values({ territory_id: other.id, email: 'x@example.fr', first_name: 'X', last_name: 'Y' }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('registrations').values({ session_id: elsewhere.id, participant_id: stranger.id, status: 'confirmed', created_at: new Date().toISOString() }).execute();
      expected = (await db.selectFrom('registrations as r').innerJoin('sessions as s', 's.id', 'r.session_id').innerJoin('workshops as w', 'w.id', 's.workshop_id').select('r.id').where('w.territory_id', '=', territoryId).orderBy('r.session_id').orderBy('r.id').execute()).map((r) => r.id);
      const c = await buildStaff(db, { territoryId, role: 'coordinator' });
      const e = await buildStaff(db, { territoryId, role: 'elected' });
      coordinator = await new StaffClient(t.app).logIn(c.email, c.password);
      elected = await new StaffClient(t.app).logIn(e.email, e.password);
    });
    after(() => t.close());

    test('keyset batches give every registration of the territory once, in order, whatever the batch and window sizes', async () => {
      assert.equal(expected.length, 21);
      for (const sizes of [{ batch: 1, sessions: 1 }, { batch: 2, sessions: 2 }, { batch: 4, sessions: 3 }, { batch: 5000, sessions: 500 }]) {
        const got: number[] = [];
        for await (const rows of registrationBatches(t.database.db, { territoryId, cycleId: null }, sizes)) {
          assert.ok(rows.length <= sizes.batch);
          got.push(...rows.map((r) => r.id));
        }
        assert.deepEqual(got, expected, JSON.stringify(sizes));
      }
    });

    test('the coordinator gets one line per registration, streamed as CSV, without names; formulas made inert', async () => {
      const res = await coordinator.get('/equipe/bilan/inscriptions.csv');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.equal(res.headers['content-length'], undefined, 'streamed: no length known in advance');
      assert.ok(res.body.startsWith('\uFEFF'));
      const rows = parse(res.body, { bom: true, delimiter: ';' }) as string[][];
      assert.equal(rows.length, expected.length + 1);
      assert.deepEqual(rows.slice(1).map((r) => Number(r[0])), expected);
      assert.ok(!res.body.includes('Nomsecret') && !res.body.includes('@example.fr'), 'no name, no address');
      assert.ok(rows.slice(1).every((r) => r[4] === `'=HYPERLINK("http://x.test/")`), 'a title that a spreadsheet would run is text');
      const first = rows[1]!;
      assert.deepEqual([first[2], first[3], first[8]], ['02/10/2026', '09:30', 'Confirmée']);
      assert.ok(rows.some((r) => r[13] === 'Agriculture' && r[14] === '1 à 2 salariés'));
      assert.ok(rows.some((r) => r[9] === 'Présent'));
      const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export.registrations').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(JSON.parse(entry.details!).rows, expected.length);
    });

    test('one cycle with ?session=; an unknown or another territory’s cycle: not found (404), nothing logged', async () => {
      const res = await coordinator.get(`/equipe/bilan/inscriptions.csv?session=${cycleIds[1]}`);
      const rows = parse(res.body, { bom: true, delimiter: ';' }) as string[][];
      const inCycle = await t.database.db.selectFrom('registrations as r').innerJoin('sessions as s', 's.id', 'r.session_id').select('r.id').where('s.cycle_id', '=', cycleIds[1]!).execute();
      assert.equal(rows.length - 1, inCycle.length);
      const logged = async () => (await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'export.registrations').execute()).length;
      const before = await logged();
      const unknown = await coordinator.get('/equipe/bilan/inscriptions.csv?session=999999');
      assert.equal(unknown.statusCode, 404);
      assert.equal(await logged(), before, 'no export logged');
    });

    test('the elected officials read the aggregates, not the lines: 404', async () => {
      assert.equal((await elected.get('/equipe/bilan/inscriptions.csv')).statusCode, 404);
    });
  });
}
