import { dialectOf, type Executor } from '../platform/db/database.js';

/**
 * A session as registration needs it: its state, seats, workshop, venue and cycle opening.
 * `lock`: the session's row locked FOR UPDATE on PostgreSQL in the same statement (one round trip
 * less while the lock is held); SQLite's transaction already holds the write lock.
 * `commune`: also tells, as `commune_known`, whether that INSEE code is one of the territory's
 * communes (the form's check, in the same round trip).
 */
export function sessionForRegistration(db: Executor, territoryId: number, sessionId: number, options: { lock?: boolean; commune?: string } = {}) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .innerJoin('communes as co', (j) => j.onRef('co.insee_code', '=', 'v.commune_code').onRef('co.territory_id', '=', 'v.territory_id'))
    .select([
      's.id',
      's.status',
      's.starts_at',
      's.ends_at',
      's.seats',
      's.seats_taken',
      's.sequence',
      's.public_from',
      's.workshop_id',
      'w.title as workshop_title',
      'w.summary as workshop_summary',
      'w.published',
      'v.name as venue_name',
      'v.address as venue_address',
      'co.name as commune_name',
      'co.postcodes',
      'c.registration_opens_at',
    ])
    .$if(options.commune !== undefined, (q) =>
      q.select((eb) =>
        eb
          .selectFrom('communes as known')
          .select('known.insee_code')
          .where('known.territory_id', '=', territoryId)
          .where('known.insee_code', '=', options.commune!)
          .as('commune_known'),
      ),
    )
    .where('s.id', '=', sessionId)
    .where('w.territory_id', '=', territoryId)
    .$if(!!options.lock && dialectOf(db) === 'postgres', (q) => q.forUpdate('s'))
    .executeTakeFirst();
}
export type RegistrationSession = NonNullable<Awaited<ReturnType<typeof sessionForRegistration>>>;

/** Why a session cannot take registrations now, or null when it can. */
export function registrationClosedReason(
  s: Pick<RegistrationSession, 'status' | 'starts_at' | 'registration_opens_at' | 'published' | 'public_from'>,
  now: Date,
  closesHours: number,
  /** Invited to a session opened on demand: registers during the priority window, before the cycle opens. */
  invited = false,
): 'cancelled' | 'past' | 'closed' | 'not_open' | 'priority' | null {
  if (s.status === 'cancelled' || !s.published) return 'cancelled';
  if (s.status === 'held' || s.starts_at <= now.toISOString()) return 'past';
  if (Date.parse(s.starts_at) - closesHours * 3600_000 <= now.getTime()) return 'closed';
  if (invited) return null;
  if (s.public_from && s.public_from > now.toISOString()) return 'priority';
  if (s.registration_opens_at > now.toISOString()) return 'not_open';
  return null;
}

/** The other upcoming dates of a workshop, for a full session's page. */
export function otherDates(db: Executor, workshopId: number, exceptSessionId: number, now: Date) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .select(['s.id', 's.starts_at', 's.ends_at', 's.seats', 's.seats_taken', 'v.name as venue_name'])
    .where('s.workshop_id', '=', workshopId)
    .where('s.id', '<>', exceptSessionId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>', now.toISOString())
    .orderBy('s.starts_at')
    .limit(6)
    .execute();
}

/** A participant's registrations with their sessions, newest sessions first. */
export function registrationsOf(db: Executor, participantId: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .leftJoin('certificates as ce', (j) => j.onRef('ce.registration_id', '=', 'r.id').on('ce.revoked_at', 'is', null))
    .select(['r.id', 'r.status', 'r.waitlist_position', 'r.attendance', 'ce.code as certificate_code', 's.id as session_id', 's.status as session_status', 's.starts_at', 's.ends_at', 'w.title as workshop_title', 'v.name as venue_name'])
    // the waitlist rank in the same query (arrival order), not one query per registration
    .select((eb) =>
      eb
        .selectFrom('registrations as q')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('q.session_id', '=', 'r.session_id')
        .where('q.status', '=', 'waitlisted')
        .whereRef('q.id', '<=', 'r.id')
        .as('queue_rank'),
    )
    .where('r.participant_id', '=', participantId)
    .orderBy('s.starts_at', 'desc')
    .limit(200)
    .execute();
}

/**
 * A session's live registrations. The `status <> 'cancelled'` term, implied by any live status,
 * is written out so that SQLite uses the partial index registrations_live_uq (session_id, …):
 * without it, counting a session's waitlist read the whole registrations table.
 */
export function liveRegistrationsOf(db: Executor, sessionId: number) {
  return db.selectFrom('registrations').where('session_id', '=', sessionId).where('status', '<>', 'cancelled');
}

/** How many people a session's waitlist holds. */
export async function waitlistLength(db: Executor, sessionId: number): Promise<number> {
  const r = await liveRegistrationsOf(db, sessionId).select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'waitlisted').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The rank of a waitlisted registration: how many were waitlisted before it, plus one. */
export async function waitlistRank(db: Executor, sessionId: number, registrationId: number): Promise<number> {
  const r = await liveRegistrationsOf(db, sessionId)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'waitlisted')
    .where('id', '<=', registrationId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A session's registrations for the coordinator: confirmed and waitlisted first, in arrival order. */
export function sessionRoster(db: Executor, territoryId: number, sessionId: number, search?: string, status?: 'confirmed' | 'waitlisted' | 'cancelled') {
  return db
    .selectFrom('registrations as r')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .leftJoin('companies as c', 'c.id', 'p.company_id')
    .select(['r.id', 'r.status', 'r.source', 'r.created_at', 'r.cancelled_at', 'p.first_name', 'p.last_name', 'p.email', 'p.phone', 'c.name as company_name', 'c.sector'])
    // the rank on the whole waitlist, so that a search or a filter does not renumber it
    .select((eb) => eb.selectFrom('registrations as q').select(eb.fn.countAll<number>().as('n')).whereRef('q.session_id', '=', 'r.session_id').where('q.status', '=', 'waitlisted').whereRef('q.id', '<=', 'r.id').as('queue_rank'))
    .where('r.session_id', '=', sessionId)
    .where('p.territory_id', '=', territoryId)
    .$if(!!status, (q) => q.where('r.status', '=', status!))
    .$if(!!search, (q) =>
      q.where((eb) => eb.or([eb('p.last_name', 'like', `%${search}%`), eb('p.first_name', 'like', `%${search}%`), eb('p.email', 'like', `%${search!.toLowerCase()}%`), eb('c.name', 'like', `%${search}%`)])),
    )
    .orderBy((eb) => eb.case().when('r.status', '=', 'confirmed').then(0).when('r.status', '=', 'waitlisted').then(1).else(2).end())
    .orderBy('r.id')
    .limit(500)
    .execute();
}
export type RosterRow = Awaited<ReturnType<typeof sessionRoster>>[number];
