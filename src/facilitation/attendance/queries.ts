import type { Executor } from '../../platform/db/database.js';

/**
 * The people of a session for the sign-in: confirmed ones by name, then the waitlisted ones (they
 * may turn up). With each: company, sector, digital level, their note, whether this is their first
 * visit (no earlier session attended), their certificate. One query (subqueries, no N+1).
 */
export function attendanceRoster(db: Executor, territoryId: number, sessionId: number, startsAt: string) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .leftJoin('certificates as ce', (j) => j.onRef('ce.registration_id', '=', 'r.id').on('ce.revoked_at', 'is', null))
    .select(['r.id', 'r.participant_id', 'r.status', 'r.walk_in', 'r.attendance', 'r.notes', 'p.first_name', 'p.last_name', 'p.email', 'p.digital_level', 'c.name as company_name', 'c.sector', 'ce.code as certificate_code'])
    .select((eb) =>
      eb
        .selectFrom('registrations as r2')
        .innerJoin('sessions as s2', 's2.id', 'r2.session_id')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('r2.participant_id', '=', 'r.participant_id')
        .where('r2.attendance', '=', 'present')
        .where('s2.starts_at', '<', startsAt)
        .as('visits_before'),
    )
    .where('r.session_id', '=', sessionId)
    .where('p.territory_id', '=', territoryId)
    .where('r.status', 'in', ['confirmed', 'waitlisted'])
    .orderBy((eb) => eb.case().when('r.status', '=', 'confirmed').then(0).else(1).end())
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .orderBy('r.id')
    .limit(500)
    .execute();
}
export type AttendanceRow = Awaited<ReturnType<typeof attendanceRoster>>[number];

export interface AttendanceCounts {
  present: number;
  absent: number;
  excused: number;
  unmarked: number;
}

export function countAttendance(rows: Array<Pick<AttendanceRow, 'status' | 'attendance'>>): AttendanceCounts {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const n = (a: string | null) => confirmed.filter((r) => r.attendance === a).length;
  return { present: n('present'), absent: n('absent'), excused: n('excused'), unmarked: n(null) };
}

/**
 * A facilitator's own sessions. « upcoming »: from today on, and any earlier one still waiting to
 * be closed (first, so that it is not forgotten); « past »: the others, newest first.
 */
export function ownSessions(db: Executor, territoryId: number, staffId: number, when: 'upcoming' | 'past', from: string, page: number, perPage: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .select(['s.id', 's.status', 's.starts_at', 's.ends_at', 's.seats', 's.seats_taken', 's.closed_at', 'w.title as workshop_title', 'v.name as venue_name'])
    .select((eb) => eb.fn.count<number>('s.id').over().as('total'))
    .where('w.territory_id', '=', territoryId)
    .where('s.facilitator_id', '=', staffId)
    .$if(when === 'upcoming', (q) => q.where((eb) => eb.or([eb('s.ends_at', '>=', from), eb('s.status', '=', 'scheduled')])).orderBy('s.starts_at', 'asc'))
    .$if(when === 'past', (q) => q.where('s.ends_at', '<', from).where('s.status', '<>', 'scheduled').orderBy('s.starts_at', 'desc'))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
}
export type OwnSession = Awaited<ReturnType<typeof ownSessions>>[number];
