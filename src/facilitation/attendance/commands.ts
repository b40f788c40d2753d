import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';
import { dialectOf, isUniqueViolation } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import { issueCertificate, revokeCertificate, type ProgrammeFacts } from '../certificates.js';
import { claimSeat as claimFreeSeat } from '../../registration/commands.js';
import type { WalkInInput } from './form.js';

export type Attendance = 'present' | 'absent' | 'excused';

/** Attendance can be ticked from this long before the start: people arrive early. */
export const OPENS_BEFORE_MINUTES = 30;

export interface AttendanceContext {
  territoryId: number;
  staffId: number;
  /** The coordination may still correct a closed session; a facilitator may not. */
  coordinator: boolean;
  programme: ProgrammeFacts;
}

export type AttendanceRefusal =
  | { ok: false; code: 'unknown' | 'cancelled' | 'not_started' | 'closed' | 'not_registered' | 'room_full'; opensAt?: string; closedAt?: string };

type SessionState = { id: number; status: 'scheduled' | 'cancelled' | 'held'; starts_at: string; closed_at: string | null; seats: number; seats_taken: number; workstations: number };

export const attendanceOpensAt = (startsAt: string) => new Date(Date.parse(startsAt) - OPENS_BEFORE_MINUTES * 60_000);

/** Locks the session (PostgreSQL: the same row lock as registration) and reads its state in the territory. */
async function lockedSession(tx: Tx, territoryId: number, sessionId: number): Promise<SessionState | undefined> {
  if (dialectOf(tx) === 'postgres') await sql`select id from sessions where id = ${sessionId} for update`.execute(tx);
  return tx
    .selectFrom('sessions as s')
    .innerJoin('workshops as w', 'w.id', 's.workshop_id')
    .innerJoin('venues as v', 'v.id', 's.venue_id')
    .select(['s.id', 's.status', 's.starts_at', 's.closed_at', 's.seats', 's.seats_taken', 'v.workstations'])
    .where('s.id', '=', sessionId)
    .where('w.territory_id', '=', territoryId)
    .executeTakeFirst();
}

/** Why attendance cannot be written now, or null. A closed session stays open to the coordination only. */
function refusal(s: SessionState | undefined, ctx: AttendanceContext, at: Date): AttendanceRefusal | null {
  if (!s) return { ok: false, code: 'unknown' };
  if (s.status === 'cancelled') return { ok: false, code: 'cancelled' };
  if (at < attendanceOpensAt(s.starts_at)) return { ok: false, code: 'not_started', opensAt: attendanceOpensAt(s.starts_at).toISOString() };
  if (s.status === 'held' && !ctx.coordinator) return { ok: false, code: 'closed', closedAt: s.closed_at ?? undefined };
  return null;
}

/**
 * Ticks one person present, absent or excused (one tap on the tablet). After the session was
 * closed, only the coordination may change it: that correction is audited, and the certificate
 * follows it (issued and mailed when the person becomes present, withdrawn otherwise).
 */
export async function markAttendance(
  db: Db,
  ctx: AttendanceContext,
  input: { sessionId: number; registrationId: number; attendance: Attendance },
  at = new Date(),
): Promise<{ ok: true; attendance: Attendance; changed: boolean; corrected: boolean } | AttendanceRefusal> {
  return db.transaction().execute(async (tx) => {
    const session = await lockedSession(tx, ctx.territoryId, input.sessionId);
    const refused = refusal(session, ctx, at);
    if (refused) return refused;
    const registration = await tx
      .selectFrom('registrations')
      .select(['id', 'attendance'])
      .where('id', '=', input.registrationId)
      .where('session_id', '=', input.sessionId)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    if (!registration) return { ok: false, code: 'not_registered' };
    if (registration.attendance === input.attendance) return { ok: true, attendance: input.attendance, changed: false, corrected: false };
    await tx.updateTable('registrations').set({ attendance: input.attendance, attendance_at: at.toISOString() }).where('id', '=', registration.id).execute();
    const corrected = session!.status === 'held';
    if (corrected) {
      if (input.attendance === 'present') await issueCertificate(tx, ctx.territoryId, ctx.programme, registration.id, at);
      else await revokeCertificate(tx, registration.id, at);
    }
    await audit(tx, {
      territoryId: ctx.territoryId,
      actor: `staff:${ctx.staffId}`,
      action: corrected ? 'attendance.corrected' : 'attendance.marked',
      subject: `registration:${registration.id}`,
      details: { session: input.sessionId, from: registration.attendance, to: input.attendance },
    });
    return { ok: true, attendance: input.attendance, changed: true, corrected };
  });
}

/**
 * Someone came without registering: they get a registration marked as a walk-in, present. They
 * take a free seat; when none is left but the room still has a free workstation (fewer people in
 * the room than workstations: the seats were set below the room, or someone is absent), the
 * session's seats grow by one, so that seats_taken never exceeds seats (invariant 1).
 * A person already registered is simply ticked present (a waitlisted one takes their seat).
 */
export async function addWalkIn(
  db: Db,
  ctx: AttendanceContext,
  input: { sessionId: number; person: WalkInInput },
  at = new Date(),
): Promise<{ ok: true; registrationId: number; already: boolean; seatsRaised: boolean } | AttendanceRefusal> {
  const attempt = () =>
    db.transaction().execute(async (tx) => {
      const session = await lockedSession(tx, ctx.territoryId, input.sessionId);
      const refused = refusal(session, ctx, at);
      if (refused) return refused;
      const s = session!;
      const known = await tx.selectFrom('participants').select('id').where('territory_id', '=', ctx.territoryId).where('email', '=', input.person.email).executeTakeFirst();
      const live = known
        ? await tx.selectFrom('registrations').select(['id', 'status']).where('session_id', '=', s.id).where('participant_id', '=', known.id).where('status', '<>', 'cancelled').executeTakeFirst()
        : undefined;
      if (live?.status === 'confirmed') {
        await tx.updateTable('registrations').set({ attendance: 'present', attendance_at: at.toISOString() }).where('id', '=', live.id).execute();
        if (s.status === 'held') await issueCertificate(tx, ctx.territoryId, ctx.programme, live.id, at);
        await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'attendance.marked', subject: `registration:${live.id}`, details: { session: s.id, to: 'present', via: 'walk_in_form' } });
        return { ok: true as const, registrationId: live.id, already: true, seatsRaised: false };
      }
      // the seat first: when the room is full nothing at all is written
      const seatsRaised = await claimSeat(tx, s);
      if (seatsRaised === null) return { ok: false as const, code: 'room_full' as const };
      const participantId = known?.id ?? (await createParticipant(tx, ctx.territoryId, input.person));
      let registrationId: number;
      if (live) {
        // waitlisted and here: they take a seat
        await tx.updateTable('registrations').set({ status: 'confirmed', waitlist_position: null, walk_in: 1, attendance: 'present', attendance_at: at.toISOString() }).where('id', '=', live.id).execute();
        await tx.updateTable('registrations').set((eb) => ({ waitlist_position: eb('waitlist_position', '-', 1) })).where('session_id', '=', s.id).where('status', '=', 'waitlisted').where('id', '>', live.id).execute();
        registrationId = live.id;
      } else {
        registrationId = (
          await tx
            .insertInto('registrations')
            .values({ session_id: s.id, participant_id: participantId, status: 'confirmed', source: 'sur_place', walk_in: 1, attendance: 'present', attendance_at: at.toISOString(), created_at: at.toISOString() })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      if (s.status === 'held') await issueCertificate(tx, ctx.territoryId, ctx.programme, registrationId, at);
      await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'registration.walk_in', subject: `registration:${registrationId}`, details: { session: s.id, seatsRaised, wasWaitlisted: !!live } });
      await bumpContentVersion(tx, ctx.territoryId);
      return { ok: true as const, registrationId, already: false, seatsRaised };
    });
  try {
    return await attempt();
  } catch (error) {
    // the same new person added twice at once: the second finds the first
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/** Takes a seat: false when one was free, true when the seats grew by one, null when the room is full. */
async function claimSeat(tx: Tx, s: SessionState): Promise<boolean | null> {
  if (await claimFreeSeat(tx, s.id)) return false;
  const inRoom = Number(
    (
      await tx
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('session_id', '=', s.id)
        .where('status', '=', 'confirmed')
        .where((eb) => eb.or([eb('attendance', 'is', null), eb('attendance', '=', 'present')]))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (inRoom >= s.workstations) return null;
  await tx.updateTable('sessions').set((eb) => ({ seats: eb('seats', '+', 1), seats_taken: eb('seats_taken', '+', 1) })).where('id', '=', s.id).execute();
  return true;
}

/** A person first met at the session: their company and their record (a known e-mail is never duplicated). */
async function createParticipant(tx: Tx, territoryId: number, person: WalkInInput): Promise<number> {
  const companyId = (
    await tx
      .insertInto('companies')
      .values({ territory_id: territoryId, name: person.company, sector: person.sector, crafts: person.sector === 'artisanat' ? 1 : 0, commune_code: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  return (
    await tx
      .insertInto('participants')
      .values({ territory_id: territoryId, email: person.email, first_name: person.first_name, last_name: person.last_name, company_id: companyId, digital_level: person.level, heard_from: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/**
 * Closes a session after it started: anyone not ticked is noted absent, the session is held, each
 * present person gets their certificate by e-mail (through the outbox, same transaction). Closing
 * twice changes nothing and says when it was closed.
 */
export async function closeSession(
  db: Db,
  ctx: AttendanceContext,
  input: { sessionId: number },
  at = new Date(),
): Promise<{ ok: true; present: number; absent: number; excused: number; certificates: number } | AttendanceRefusal> {
  return db.transaction().execute(async (tx) => {
    const s = await lockedSession(tx, ctx.territoryId, input.sessionId);
    if (!s) return { ok: false, code: 'unknown' };
    if (s.status === 'cancelled') return { ok: false, code: 'cancelled' };
    if (s.status === 'held') return { ok: false, code: 'closed', closedAt: s.closed_at ?? undefined };
    if (at.toISOString() < s.starts_at) return { ok: false, code: 'not_started', opensAt: s.starts_at };
    const stamp = at.toISOString();
    await tx.updateTable('registrations').set({ attendance: 'absent', attendance_at: stamp }).where('session_id', '=', s.id).where('status', '=', 'confirmed').where('attendance', 'is', null).execute();
    await tx.updateTable('sessions').set({ status: 'held', closed_at: stamp, closed_by: ctx.staffId, updated_at: stamp }).where('id', '=', s.id).where('status', '=', 'scheduled').execute();
    const rows = await tx.selectFrom('registrations').select(['id', 'attendance']).where('session_id', '=', s.id).where('status', '=', 'confirmed').orderBy('id').execute();
    let certificates = 0;
    for (const r of rows) if (r.attendance === 'present' && (await issueCertificate(tx, ctx.territoryId, ctx.programme, r.id, at)).mailed) certificates++;
    const count = (a: Attendance) => rows.filter((r) => r.attendance === a).length;
    const summary = { present: count('present'), absent: count('absent'), excused: count('excused'), certificates };
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'session.closed', subject: `session:${s.id}`, details: summary });
    await bumpContentVersion(tx, ctx.territoryId);
    return { ok: true, ...summary };
  });
}
