import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { databaseTiers } from '../databases.js';
import { createTestApp } from '../app.js';
import { StaffClient } from '../staff-session.js';
import { seedDemo } from '../../src/demo/seed.js';
import { reportData } from '../../src/results/report/data.js';
import { reportTables } from '../../src/results/report/tables.js';

/**
 * Every route that answers a CSV file. A new one must be added here, and so get this test: values
 * typed by people that a spreadsheet would run as a formula (= + - @, tab or CR first) come out
 * with a leading apostrophe (OWASP « CSV injection »).
 */
const CSV_ROUTES = ['/lieux.csv', '/equipe/seances/:id/inscrits.csv', '/equipe/absences.csv', '/equipe/bilan/rapport/:cycleId(^\\d{1,9}).csv', '/equipe/journal.csv', '/equipe/registre.csv', '/equipe/bilan/inscriptions.csv'];
/** Exports whose cells are written by the code from the settings, not typed: checked, but no hostile value is expected to reach them. */
const NOTHING_TYPED = new Set(['/equipe/registre.csv']);

const DANGEROUS = /^[=+\-@\t\r]/;
/** A plain number (a count, a latitude, an E.164 phone number) is no formula. */
const NUMBER = /^[+-]?\d+([.,]\d+)?$/;

/** The cells of a CSV answer, read back by csv-parse (not by the code that wrote it). */
function cellsOf(body: string, delimiter: string): string[] {
  const rows = parse(body, { bom: true, delimiter, relax_column_count: true }) as string[][];
  return rows.flat();
}

function checkCells(label: string, cells: string[]): number {
  let neutralised = 0;
  for (const cell of cells) {
    assert.ok(!DANGEROUS.test(cell) || NUMBER.test(cell), `${label}: formula cell ${JSON.stringify(cell)}`);
    if (/^'[=+\-@\t\r]/.test(cell)) neutralised++;
  }
  return neutralised;
}

const NOW = new Date('2026-11-28T10:00:00Z');

for (const tier of databaseTiers()) {
  test(`[${tier.name}] every CSV export neutralises formula cells`, async () => {
    const t = await createTestApp(tier);
    try {
      const db = t.database.db;
      const csvRoutes = t.app.routeTable.filter((r) => r.method === 'GET' && /\.csv$/.test(r.url)).map((r) => r.url);
      assert.deepEqual([...csvRoutes].sort(), [...CSV_ROUTES].sort(), 'a CSV route not listed here (add it, and its check, below)');

      const demo = await seedDemo(db, { now: NOW });
      // every text a person types, as an attacker would type it
      const pre = (prefix: string, column: string) => sql<string>`cast(${prefix} as text) || ${sql.ref(column)}`;
      await db.updateTable('participants').set({ last_name: pre('=HYPERLINK("http://x.test/")&', 'last_name'), first_name: pre('+', 'first_name'), email: pre('@', 'email'), phone: pre('-1+', 'phone') }).execute();
      await db.updateTable('companies').set({ name: pre('\t=', 'name') }).execute();
      await db.updateTable('communes').set({ name: pre('\r=', 'name') }).execute();
      await db.updateTable('venues').set({ name: pre('=', 'name'), address: pre('@', 'address') }).execute();
      await db.updateTable('workshops').set({ title: pre('-', 'title') }).execute();
      await db.updateTable('staff_users').set({ display_name: pre('=', 'display_name') }).execute();
      await db.updateTable('programmes').set({ publisher: sql<string>`'=HYPERLINK("http://x.test/")'`, name: pre('+', 'name') }).execute();

      const coordinator = demo.staff.find((s) => s.role === 'coordinator')!;
      const client = await new StaffClient(t.app).logIn(coordinator.email, coordinator.password);
      const fetched: Record<string, { files: number; cells: number; neutralised: number }> = {};
      const check = async (route: string, url: string, delimiter: string, get: (url: string) => Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>) => {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['content-type']), /^text\/csv/, url);
        const cells = cellsOf(res.body, delimiter);
        const entry = (fetched[route] ??= { files: 0, cells: 0, neutralised: 0 });
        entry.files++;
        entry.cells += cells.length;
        entry.neutralised += checkCells(url, cells);
      };

      await check('/lieux.csv', '/lieux.csv', ',', (url) => t.app.inject({ url }));

      const sessions = await db
        .selectFrom('registrations')
        .select('session_id')
        .where('status', '=', 'confirmed')
        .groupBy('session_id')
        .orderBy('session_id')
        .limit(5)
        .execute();
      assert.ok(sessions.length > 0);
      for (const s of sessions) await check('/equipe/seances/:id/inscrits.csv', `/equipe/seances/${s.session_id}/inscrits.csv`, ';', (url) => client.get(url));

      // the repeated no-shows: every cycle (the default filter) then all of them
      await check('/equipe/absences.csv', '/equipe/absences.csv', ';', (url) => client.get(url));

      const cycles = await db.selectFrom('cycles').select('id').where('territory_id', '=', demo.territoryId).execute();
      for (const cycle of cycles) {
        const data = await reportData(db, demo.territoryId, cycle.id);
        if (!data) continue;
        for (const table of reportTables(data)) {
          await check(CSV_ROUTES[3]!, `/equipe/bilan/rapport/${cycle.id}.csv?table=${table.slug}`, ';', (url) => client.get(url));
        }
      }

      // every registration of the territory, then of one cycle
      await check('/equipe/bilan/inscriptions.csv', '/equipe/bilan/inscriptions.csv', ';', (url) => client.get(url));
      await check('/equipe/bilan/inscriptions.csv', `/equipe/bilan/inscriptions.csv?session=${cycles[0]!.id}`, ';', (url) => client.get(url));

      // the audit log (administrators) and the register of processing (the coordination)
      const administrator = demo.staff.find((s) => s.role === 'administrator')!;
      const admin = await new StaffClient(t.app).logIn(administrator.email, administrator.password);
      await check('/equipe/journal.csv', '/equipe/journal.csv', ';', (url) => admin.get(url));
      await check('/equipe/registre.csv', '/equipe/registre.csv', ';', (url) => client.get(url));

      for (const route of CSV_ROUTES) {
        const seen = fetched[route];
        assert.ok(seen && seen.files > 0, `${route} was exported`);
        if (NOTHING_TYPED.has(route)) continue;
        // the attacker's values reached the file (so the check above checked something) and came out as text
        assert.ok(seen.neutralised > 0, `${route}: no neutralised cell, the hostile values did not reach the export`);
      }
      console.log(`[${tier.name}] ${JSON.stringify(fetched)}`);
    } finally {
      await t.close();
    }
  });
}
