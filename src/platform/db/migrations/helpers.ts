import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../database.js';

/** Column helpers so that one migration reads the same on SQLite and PostgreSQL. */
export function columns(db: Kysely<any>) {
  const pg = dialectOf(db) === 'postgres';
  return {
    pg,
    /** Adds an auto-increment integer primary key named `id`. */
    id<T extends string>(t: CreateTableBuilder<T, any>) {
      return pg
        ? t.addColumn('id', 'bigserial', (c) => c.primaryKey())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    },
    /** An integer that may hold an id. */
    bigint: pg ? ('bigint' as const) : ('integer' as const),
    /** A UTC instant: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
    instant: pg ? ('timestamptz' as const) : ('text' as const),
    /** Default "now" for an instant column, in the shape that column holds. */
    nowDefault: pg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    /** A 0/1 flag with a check. */
    flag(name: string, dflt: 0 | 1) {
      return (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(dflt).check(sql`${sql.ref(name)} in (0, 1)`);
    },
  };
}
