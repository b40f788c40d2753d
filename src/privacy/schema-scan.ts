import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import { dialectOf } from '../platform/db/database.js';

/** Every table of the live schema with its columns, read from the database itself (for the guard and the scan tests). */
export async function schemaColumns(db: Executor): Promise<Map<string, string[]>> {
  const rows =
    dialectOf(db) === 'postgres'
      ? (await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)).rows
      : (
          await sql<{ table_name: string; column_name: string }>`select m.name as table_name, c.name as column_name from sqlite_master m join pragma_table_info(m.name) c
            where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, c.cid`.execute(db)
        ).rows;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

/** Where any of the needles appears (case-insensitive) in any column of any table: "table.column" list. */
export async function findAnywhere(db: Executor, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  const lowered = needles.map((n) => n.toLowerCase());
  for (const [table, columns] of await schemaColumns(db)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    for (const row of rows) {
      for (const column of columns) {
        const value = row[column];
        if (value === null || value === undefined) continue;
        const text = String(value).toLowerCase();
        for (const [i, n] of lowered.entries()) if (text.includes(n)) found.push(`${table}.${column}: ${needles[i]}`);
      }
    }
  }
  return [...new Set(found)];
}
