/** Rows per INSERT: well under SQLite's bound-parameter limit, few round trips on PostgreSQL. */
export const CHUNK = 200;

/**
 * Inserts `rows` by chunks and answers the new ids in the rows' order. Within one INSERT … VALUES,
 * both SQLite (rowid) and PostgreSQL (sequence) hand out growing ids in the order of the VALUES,
 * so sorting the RETURNING rows restores that order whatever order they come back in.
 */
export async function insertChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<Array<{ id: number }>>): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const got = (await insert(chunk)).map((r) => Number(r.id)).sort((a, b) => a - b);
    if (got.length !== chunk.length) throw new Error(`insert returned ${got.length} ids for ${chunk.length} rows`);
    ids.push(...got);
  }
  return ids;
}

/** Inserts `rows` by chunks, nothing returned. */
export async function insertAll<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}
