import type { Executor } from '../platform/db/database.js';

/** A session as facilitation needs it: state, times, seats, workshop, venue, facilitator. */
export function facilitationSession(db: Executor, territoryId: number, sessionId: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .innerJoin('communes as co', (j) => j.onRef('co.insee_code', '=', 'v.commune_code').onRef('co.territory_id', '=', 'v.territory_id'))
    .leftJoin('staff_users as f', 'f.id', 's.facilitator_id')
    .select([
      's.id',
      's.status',
      's.starts_at',
      's.ends_at',
      's.seats',
      's.seats_taken',
      's.sequence',
      's.facilitator_id',
      's.closed_at',
      's.closed_by',
      's.report_notes',
      's.workshop_id',
      'w.title as workshop_title',
      'w.slug as workshop_slug',
      'w.summary as workshop_summary',
      'w.duration_minutes',
      'w.published',
      'v.name as venue_name',
      'v.address as venue_address',
      'v.workstations',
      'co.name as commune_name',
      'co.postcodes',
      'f.display_name as facilitator_name',
    ])
    .where('s.id', '=', sessionId)
    .where('w.territory_id', '=', territoryId)
    .executeTakeFirst();
}
export type FacilitationSession = NonNullable<Awaited<ReturnType<typeof facilitationSession>>>;
