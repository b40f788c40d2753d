import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';
import { dialectOf, now } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import { formatDateTime, t } from '../../platform/i18n/index.js';
import { queueReminder, type MailContext } from '../../registration/mails.js';
import { sessionForRegistration, waitlistRank } from '../../registration/queries.js';
import { issueAccessToken } from '../../registration/tokens.js';
import { queueMergedMail, type MergeOutcome } from './mails.js';
import { claimSeat } from '../../registration/commands.js';

export interface GoNoGoActor {
  staffId: number;
  territoryId: number;
  mail: MailContext & { reminderDays: number };
}

export type GoNoGoError =
  | { code: 'unknown' | 'not_scheduled' | 'past' | 'target_required' | 'target_unknown' | 'target_same' | 'target_other_workshop' | 'target_not_upcoming' }
  | { code: 'target_full'; needed: number; free: number };

export type GoNoGoResult<T> = { ok: true; value: T } | { ok: false; error: GoNoGoError };

/** The French message of a refusal, for the page. */
export function goNoGoMessage(error: GoNoGoError): string {
  return error.code === 'target_full' ? t('gonogo.error.target_full', { needed: error.needed, free: error.free }) : t(`gonogo.error.${error.code}`);
}

const fail = (error: GoNoGoError) => ({ ok: false as const, error });

/** On PostgreSQL, one row lock per session; several are always taken in id order (no deadlock). */
async function lockSessions(tx: Tx, ids: number[]): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  for (const id of [...ids].sort((a, b) => a - b)) await sql`select id from sessions where id = ${id} for update`.execute(tx);
}

function sourceSession(tx: Tx, territoryId: number, sessionId: number) {
  return tx
    .selectFrom('sessions as s')
    .innerJoin('cycles as c', 'c.id', 's.cycle_id')
    .select(['s.id', 's.workshop_id', 's.status', 's.starts_at', 's.ends_at', 's.seats_taken', 's.min_seats', 's.sequence', 's.kept_at'])
    .where('s.id', '=', sessionId)
    .where('c.territory_id', '=', territoryId)
    .executeTakeFirst();
}

/** The coordinator keeps a thin session as it is: it leaves the board (keeping twice is harmless). */
export async function keepSession(db: Db, actor: GoNoGoActor, sessionId: number, at = new Date()): Promise<GoNoGoResult<{ sessionId: number }>> {
  return db.transaction().execute(async (tx) => {
    await lockSessions(tx, [sessionId]);
    const s = await sourceSession(tx, actor.territoryId, sessionId);
    if (!s) return fail({ code: 'unknown' });
    if (s.status !== 'scheduled') return fail({ code: 'not_scheduled' });
    if (s.starts_at <= at.toISOString()) return fail({ code: 'past' });
    if (s.kept_at) return { ok: true, value: { sessionId } };
    await tx.updateTable('sessions').set({ kept_at: now(), kept_by: actor.staffId, updated_at: now() }).where('id', '=', sessionId).where('kept_at', 'is', null).execute();
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'session.kept', subject: `session:${sessionId}`, details: { seatsTaken: s.seats_taken, minSeats: s.min_seats } });
    return { ok: true, value: { sessionId } };
  });
}

export interface MergeSummary {
  targetId: number;
  /** People of the merged session, all told by e-mail. */
  moved: number;
  confirmed: number;
  waitlisted: number;
  /** Already registered at the target: their registration there stands, the other is cancelled. */
  already: number;
}

/**
 * Merges a thin session into another upcoming date of the same workshop, in one transaction:
 * every live registration moves (a new registration at the target, the old one cancelled, as
 * moveRegistration does), the seats are claimed at the target all at once or not at all, the
 * source is cancelled with a reason naming the target, and each person gets one e-mail.
 * Waitlisted people of the source get a seat at the target if one is still free after the
 * confirmed ones, else join the end of its waitlist; they never block the merge.
 */
export async function mergeSession(db: Db, actor: GoNoGoActor, input: { sessionId: number; targetId: number }, at = new Date()): Promise<GoNoGoResult<MergeSummary>> {
  if (input.sessionId === input.targetId) return fail({ code: 'target_same' });
  return db.transaction().execute(async (tx) => {
    await lockSessions(tx, [input.sessionId, input.targetId]);
    const source = await sourceSession(tx, actor.territoryId, input.sessionId);
    if (!source) return fail({ code: 'unknown' });
    if (source.status !== 'scheduled') return fail({ code: 'not_scheduled' });
    if (source.starts_at <= at.toISOString()) return fail({ code: 'past' });
    const target = await sessionForRegistration(tx, actor.territoryId, input.targetId);
    if (!target) return fail({ code: 'target_unknown' });
    if (target.workshop_id !== source.workshop_id) return fail({ code: 'target_other_workshop' });
    if (target.status !== 'scheduled' || target.starts_at <= at.toISOString()) return fail({ code: 'target_not_upcoming' });

    const people = await tx
      .selectFrom('registrations as r')
      .innerJoin('participants as p', 'p.id', 'r.participant_id')
      .select(['r.id', 'r.status', 'r.participant_id', 'r.notes', 'p.first_name', 'p.last_name', 'p.email', 'p.anonymised_at'])
      .where('r.session_id', '=', source.id)
      .where('r.status', '<>', 'cancelled')
      // confirmed first, then the waitlist in arrival order
      .orderBy(sql`case when r.status = 'confirmed' then 0 else 1 end`)
      .orderBy('r.id')
      .execute();
    const atTarget = new Map(
      people.length === 0
        ? []
        : (
            await tx
              .selectFrom('registrations')
              .select(['id', 'status', 'participant_id'])
              .where('session_id', '=', target.id)
              .where('participant_id', 'in', people.map((p) => p.participant_id))
              .where('status', '<>', 'cancelled')
              .execute()
          ).map((r) => [r.participant_id, r]),
    );
    // every confirmed person needs a seat at the target, except those who already hold one there
    const needed = people.filter((p) => p.status === 'confirmed' && atTarget.get(p.participant_id)?.status !== 'confirmed').length;
    const free = target.seats - target.seats_taken;
    if (needed > free) return fail({ code: 'target_full', needed, free });
    if (needed > 0) {
      const claimed = await tx
        .updateTable('sessions')
        .set((eb) => ({ seats_taken: eb('seats_taken', '+', needed) }))
        .where('id', '=', target.id)
        .where((eb) => eb(eb('seats_taken', '+', needed), '<=', eb.ref('seats')))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return fail({ code: 'target_full', needed, free }); // nothing was written yet
    }

    const stamp = now();
    const summary: MergeSummary = { targetId: target.id, moved: people.length, confirmed: 0, waitlisted: 0, already: 0 };
    const moves: Array<{ from: number; to: number; outcome: MergeOutcome }> = [];
    let waitlistChanged = false;
    for (const p of people) {
      const there = atTarget.get(p.participant_id);
      let outcome: MergeOutcome;
      let toId: number;
      let position: number | null = null;
      if (there && (there.status === 'confirmed' || p.status === 'waitlisted')) {
        outcome = 'already'; // one live registration per person and session: theirs at the target stands
        toId = there.id;
      } else if (there) {
        // waitlisted at the target, confirmed here: the seat claimed above confirms them there
        await tx.updateTable('registrations').set({ status: 'confirmed', waitlist_position: null }).where('id', '=', there.id).execute();
        waitlistChanged = true;
        outcome = 'confirmed';
        toId = there.id;
      } else {
        let seat = p.status === 'confirmed';
        if (!seat) {
          seat = await claimSeat(tx, target.id);
        }
        if (!seat) {
          const waiting = await tx.selectFrom('registrations').select((eb) => eb.fn.countAll().as('n')).where('session_id', '=', target.id).where('status', '=', 'waitlisted').executeTakeFirstOrThrow();
          position = Number(waiting.n) + 1;
        }
        outcome = seat ? 'confirmed' : 'waitlisted';
        toId = (
          await tx
            .insertInto('registrations')
            .values({ session_id: target.id, participant_id: p.participant_id, status: outcome, waitlist_position: position, source: 'merge', notes: p.notes, created_at: stamp })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      await tx.updateTable('registrations').set({ status: 'cancelled', cancelled_at: stamp, waitlist_position: null }).where('id', '=', p.id).execute();
      if (outcome === 'already') summary.already++;
      else summary[outcome]++;
      moves.push({ from: p.id, to: toId, outcome });

      if (p.anonymised_at) continue; // an erased person has no address to write to
      const holdsSeat = outcome === 'confirmed' || there?.status === 'confirmed';
      const person = { first_name: p.first_name, last_name: p.last_name, email: p.email };
      if (outcome === 'already' && there?.status === 'waitlisted') position = await waitlistRank(tx, target.id, there.id);
      await queueMergedMail(tx, actor.mail, { sourceRegistrationId: p.id, source, target, person, outcome, position, token: await issueAccessToken(tx, p.participant_id, at), holdsSeat });
      if (outcome === 'confirmed') await queueReminder(tx, actor.mail, { registrationId: toId, session: target, person, reminderDays: actor.mail.reminderDays, at });
    }
    if (waitlistChanged) await renumberWaitlist(tx, target.id);

    await tx
      .updateTable('sessions')
      .set({
        status: 'cancelled',
        cancelled_at: stamp,
        cancellation_reason: t('gonogo.merge.reason', { date: formatDateTime(target.starts_at), venue: target.venue_name }),
        seats_taken: 0,
        sequence: source.sequence + 1,
        updated_at: stamp,
      })
      .where('id', '=', source.id)
      .execute();
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'session.merged', subject: `session:${source.id}`, details: { into: target.id, seatsClaimed: needed, ...summary, moves } });
    await bumpContentVersion(tx, actor.territoryId);
    return { ok: true, value: summary };
  });
}

/** Positions 1..n again after someone left the waitlist from its middle. */
async function renumberWaitlist(tx: Tx, sessionId: number): Promise<void> {
  const waiting = await tx.selectFrom('registrations').select('id').where('session_id', '=', sessionId).where('status', '=', 'waitlisted').orderBy('waitlist_position').orderBy('id').execute();
  for (const [i, r] of waiting.entries()) await tx.updateTable('registrations').set({ waitlist_position: i + 1 }).where('id', '=', r.id).execute();
}
