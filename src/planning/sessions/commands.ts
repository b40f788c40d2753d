import type { Db } from '../../platform/db/database.js';
import { now } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { bumpContentVersion } from '../../platform/programme.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { t } from '../../platform/i18n/index.js';
import { checkSessionPlan, lockResources, type SessionPlan } from './rules.js';
import { queueSessionChangeMails, type MailContext } from '../../registration/mails.js';

export type CommandResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

interface Actor {
  staffId: number;
  territoryId: number;
  /** Where links in e-mails point; absent, nobody is told (only in tests of the rules). */
  mail?: MailContext & { reminderDays?: number };
}

const row = (plan: SessionPlan) => ({
  workshop_id: plan.workshopId,
  cycle_id: plan.cycleId,
  venue_id: plan.venueId,
  facilitator_id: plan.facilitatorId,
  starts_at: plan.startsAt.toISOString(),
  ends_at: plan.endsAt.toISOString(),
  seats: plan.seats,
  ...(plan.minSeats !== undefined ? { min_seats: plan.minSeats } : {}),
  beginner: plan.beginner ? (1 as const) : (0 as const),
});

/** The minimum can never exceed the seats (also checked by the form, beside the field). */
const minimumError = (plan: SessionPlan): FieldErrors =>
  plan.minSeats !== undefined && (plan.minSeats < 0 || plan.minSeats > plan.seats) ? { min_seats: t('planning.error.min_above_seats', { seats: plan.seats }) } : {};

/** Plans one session; the rules are checked again inside the transaction that writes it. */
export async function planSession(db: Db, actor: Actor, plan: SessionPlan): Promise<CommandResult<number>> {
  return db.transaction().execute(async (tx) => {
    await lockResources(tx, plan.venueId, plan.facilitatorId);
    const errors = { ...(await checkSessionPlan(tx, actor.territoryId, plan)), ...minimumError(plan) };
    if (Object.keys(errors).length) return { ok: false, errors };
    const created = await tx.insertInto('sessions').values({ ...row(plan), territory_id: actor.territoryId, updated_at: now() }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'session.created', subject: `session:${created.id}`, details: row(plan) });
    await bumpContentVersion(tx, actor.territoryId);
    return { ok: true, value: created.id };
  });
}

/** Changes a scheduled session; a change of time or place raises its iCalendar SEQUENCE. */
export async function changeSession(db: Db, actor: Actor, sessionId: number, plan: SessionPlan): Promise<CommandResult<number>> {
  return db.transaction().execute(async (tx) => {
    await lockResources(tx, plan.venueId, plan.facilitatorId);
    const current = await tx
      .selectFrom('sessions as s')
      .innerJoin('cycles as c', 'c.id', 's.cycle_id')
      .selectAll('s')
      .where('s.id', '=', sessionId)
      .where('c.territory_id', '=', actor.territoryId)
      .executeTakeFirst();
    if (!current) return { ok: false, errors: { _form: t('planning.error.session_unknown') } };
    if (current.status !== 'scheduled') return { ok: false, errors: { _form: t('planning.error.session_not_scheduled') } };
    const errors = { ...(await checkSessionPlan(tx, actor.territoryId, plan, { existingId: sessionId, seatsTaken: current.seats_taken })), ...minimumError(plan) };
    // an unchanged start in the past (a session that started) is not an error of this edit
    if (errors.date && plan.startsAt.toISOString() === current.starts_at) delete errors.date;
    if (Object.keys(errors).length) return { ok: false, errors };
    const next = row(plan);
    const moved = next.starts_at !== current.starts_at || next.ends_at !== current.ends_at || next.venue_id !== current.venue_id;
    await tx
      .updateTable('sessions')
      .set({ ...next, updated_at: now(), sequence: moved ? current.sequence + 1 : current.sequence })
      .where('id', '=', sessionId)
      .execute();
    const told = moved && actor.mail ? await queueSessionChangeMails(tx, { ...actor.mail, territoryId: actor.territoryId }, { sessionId, change: 'moved' }) : 0;
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: moved ? 'session.moved' : 'session.changed', subject: `session:${sessionId}`, details: { ...next, told } });
    await bumpContentVersion(tx, actor.territoryId);
    return { ok: true, value: sessionId };
  });
}

/**
 * Cancels a session: it stays visible as cancelled; everyone registered is told by e-mail (through
 * the outbox, in this transaction) and the decision is audited with the number of people affected.
 */
export async function cancelSession(db: Db, actor: Actor, sessionId: number, reason: string): Promise<CommandResult<{ affected: number }>> {
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('sessions as s')
      .innerJoin('cycles as c', 'c.id', 's.cycle_id')
      .select(['s.id', 's.status', 's.sequence'])
      .where('s.id', '=', sessionId)
      .where('c.territory_id', '=', actor.territoryId)
      .executeTakeFirst();
    if (!current) return { ok: false, errors: { _form: t('planning.error.session_unknown') } };
    if (current.status === 'cancelled') return { ok: true, value: { affected: 0 } }; // cancelling twice is harmless
    if (current.status !== 'scheduled') return { ok: false, errors: { _form: t('planning.error.session_not_scheduled') } };
    const live = await tx
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('session_id', '=', sessionId)
      .where('status', '<>', 'cancelled')
      .executeTakeFirstOrThrow();
    const at = now();
    await tx
      .updateTable('sessions')
      .set({ status: 'cancelled', cancelled_at: at, cancellation_reason: reason, updated_at: at, sequence: current.sequence + 1 })
      .where('id', '=', sessionId)
      .where('status', '=', 'scheduled')
      .execute();
    const affected = Number(live.n);
    if (actor.mail) await queueSessionChangeMails(tx, { ...actor.mail, territoryId: actor.territoryId }, { sessionId, change: 'cancelled', reason });
    await audit(tx, { territoryId: actor.territoryId, actor: `staff:${actor.staffId}`, action: 'session.cancelled', subject: `session:${sessionId}`, details: { reason, liveRegistrations: affected } });
    await bumpContentVersion(tx, actor.territoryId);
    return { ok: true, value: { affected } };
  });
}
