import type { Executor } from '../../platform/db/database.js';

/** One line of the registrations export: the registration, its session, and the company's sector and size (no name, no address). */
export interface ExportRow {
  id: number;
  session_id: number;
  cycle: string;
  starts_at: string;
  workshop: string;
  venue: string;
  venue_commune: string | null;
  session_status: string;
  status: string;
  attendance: string | null;
  walk_in: number;
  source: string | null;
  created_at: string;
  sector: string | null;
  size_band: string | null;
}

export interface ExportScope {
  territoryId: number;
  /** One cycle, or all of them. */
  cycleId: number | null;
}

/** Sessions looked at per step: the territory's sessions are walked in id order, a window at a time. */
const SESSION_WINDOW = 500;

/** The territory's sessions (of the cycle) with an id at or after `from`, in id order: the window's ids. */
function sessionWindow(db: Executor, scope: ExportScope, from: number, size: number) {
  return db
    .selectFrom('sessions as s')
    .select('s.id')
    .where('s.territory_id', '=', scope.territoryId)
    .$if(scope.cycleId !== null, (q) => q.where('s.cycle_id', '=', scope.cycleId!))
    .where('s.id', '>=', from)
    .orderBy('s.id')
    .limit(size)
    .execute();
}

/**
 * Every registration of the territory (of a cycle), by batches of `batch` lines, keyset-paginated on
 * (session id, registration id): each step reads a window of the territory's sessions by the
 * sessions' primary key, then their registrations by the (session_id, id) index from where the
 * last batch stopped. No OFFSET, no step that grows with the position, the same cost for a small
 * territory in a big database (never a scan of the other territories' registrations), and never
 * more than one batch in memory.
 */
export async function* registrationBatches(db: Executor, scope: ExportScope, sizes: { batch?: number; sessions?: number } = {}): AsyncGenerator<ExportRow[]> {
  const batch = sizes.batch ?? 5000;
  let session = 0;
  let after = 0; // the last registration id sent in `session`
  for (;;) {
    const window = await sessionWindow(db, scope, session, sizes.sessions ?? SESSION_WINDOW);
    if (!window.length) return;
    const ids = window.map((s) => s.id);
    const last = ids[ids.length - 1]!;
    const rows = await db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .innerJoin('cycles as c', 'c.id', 's.cycle_id')
      .innerJoin('workshops as w', 'w.id', 's.workshop_id')
      .innerJoin('venues as v', 'v.id', 's.venue_id')
      .leftJoin('communes as vc', (j) => j.onRef('vc.territory_id', '=', 'v.territory_id').onRef('vc.insee_code', '=', 'v.commune_code'))
      .innerJoin('participants as p', 'p.id', 'r.participant_id')
      .leftJoin('companies as co', 'co.id', 'p.company_id')
      .select([
        'r.id',
        'r.session_id',
        'c.name as cycle',
        's.starts_at',
        'w.title as workshop',
        'v.name as venue',
        'vc.name as venue_commune',
        's.status as session_status',
        'r.status',
        'r.attendance',
        'r.walk_in',
        'r.source',
        'r.created_at',
        'co.sector',
        'co.size_band',
      ])
      .where('r.session_id', 'in', ids)
      .where((eb) => eb.or([eb('r.session_id', '>', session), eb('r.id', '>', after)]))
      .orderBy('r.session_id')
      .orderBy('r.id')
      .limit(batch)
      .execute();
    if (rows.length) yield rows as ExportRow[];
    if (rows.length === batch) {
      const end = rows[rows.length - 1]!;
      session = end.session_id;
      after = end.id;
    } else {
      // the window is exhausted: the next one starts after its last session
      session = last + 1;
      after = 0;
    }
  }
}

/** How many lines the export holds (for the access log, written before the first line goes). */
export async function registrationCount(db: Executor, scope: ExportScope): Promise<number> {
  const row = await db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.territory_id', '=', scope.territoryId)
    .$if(scope.cycleId !== null, (q) => q.where('s.cycle_id', '=', scope.cycleId!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
