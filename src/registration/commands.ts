import { sql } from 'kysely';
import type { Db, Tx } from '../platform/db/database.js';
import { dialectOf, isUniqueViolation, now } from '../platform/db/database.js';
import { audit } from '../platform/audit.js';
import { bumpContentVersion } from '../platform/programme.js';
import type { RegistrationInput } from './form.js';
import { OUTSIDE } from './form.js';
import { registrationClosedReason, sessionForRegistration, waitlistLength, waitlistRank } from './queries.js';
import { invitationFor, issueAccessToken } from './tokens.js';
import { queueRegistrationMail, queueReminder, registrationMail, reminderMail, type MailContext } from './mails.js';
import { enqueueMails } from '../platform/mail/outbox.js';
import type { RegistrationSession } from './queries.js';

export type RegisterResult =
  | { ok: true; status: 'confirmed' | 'waitlisted'; registrationId: number; position: number | null; already: boolean; participantId: number; session: RegistrationSession }
  | { ok: false; code: 'unknown'; session?: undefined }
  | { ok: false; code: 'cancelled' | 'past' | 'closed' | 'not_open' | 'priority' | 'commune'; opensAt?: string; session: RegistrationSession };

/**
 * Takes one seat of a session if one is free: a conditional UPDATE, so that seats_taken never
 * exceeds seats whatever the concurrency (DESIGN.md invariant 1). The one way every capability
 * claims a seat.
 */
export async function claimSeat(tx: Tx, sessionId: number, options: { scheduledOnly?: boolean } = {}): Promise<boolean> {
  const claimed = await tx
    .updateTable('sessions')
    .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) }))
    .where('id', '=', sessionId)
    .$if(!!options.scheduledOnly, (q) => q.where('status', '=', 'scheduled'))
    .where((eb) => eb('seats_taken', '<', eb.ref('seats')))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** On PostgreSQL, one lock per session (not per cycle or programme): registrations to it queue up. */
async function lockSession(tx: Tx, sessionId: number) {
  if (dialectOf(tx) === 'postgres') await sql`select id from sessions where id = ${sessionId} for update`.execute(tx);
}

/** The participant of the territory with this e-mail, created or brought up to date (never duplicated); `created`: by this call. */
async function upsertParticipant(tx: Tx, territoryId: number, input: RegistrationInput): Promise<{ id: number; created: boolean }> {
  const commune = input.commune === OUTSIDE ? null : input.commune;
  let companyId: number | null = null;
  if (input.siret) {
    companyId = (await tx.selectFrom('companies').select('id').where('territory_id', '=', territoryId).where('siret', '=', input.siret).executeTakeFirst())?.id ?? null;
  }
  const existing = await tx.selectFrom('participants').select(['id', 'company_id']).where('territory_id', '=', territoryId).where('email', '=', input.email).executeTakeFirst();
  companyId ??= existing?.company_id ?? null;
  const company = { name: input.company, sector: input.sector, crafts: input.sector === 'artisanat' ? (1 as const) : (0 as const), commune_code: commune };
  if (companyId === null) {
    companyId = (await tx.insertInto('companies').values({ territory_id: territoryId, siret: input.siret, ...company }).returning('id').executeTakeFirstOrThrow()).id;
  } else {
    await tx
      .updateTable('companies')
      .set({ ...company, ...(input.siret ? { siret: input.siret } : {}) })
      .where('id', '=', companyId)
      .execute();
  }
  const person = {
    first_name: input.first_name,
    last_name: input.last_name,
    phone: input.phone,
    company_id: companyId,
    commune_code: commune,
    outside_territory: input.commune === OUTSIDE ? (1 as const) : (0 as const),
    role_in_company: input.role,
    digital_level: input.level,
    heard_from: input.heard_from,
  };
  if (existing) {
    await tx.updateTable('participants').set(person).where('id', '=', existing.id).execute();
    return { id: existing.id, created: false };
  }
  return { id: (await tx.insertInto('participants').values({ territory_id: territoryId, email: input.email, ...person }).returning('id').executeTakeFirstOrThrow()).id, created: true };
}

/**
 * Registers a person for a session: confirmed while a seat is free (claimed by a conditional
 * UPDATE in the same transaction as the insert), else waitlisted in arrival order. The e-mail
 * goes into the outbox in that same transaction. Registering twice returns the first registration.
 */
export async function registerParticipant(
  db: Db,
  ctx: MailContext & { territoryId: number; closesHours: number; reminderDays: number },
  input: { sessionId: number; person: RegistrationInput; source: string; invitation?: string; campaignRef?: string | undefined },
  at = new Date(),
): Promise<RegisterResult> {
  const attempt = () =>
    db.transaction().execute(async (tx): Promise<RegisterResult> => {
      // the session locked (PostgreSQL; SQLite's transaction holds the write lock), and the commune checked, in one statement
      const commune = input.person.commune === OUTSIDE ? undefined : input.person.commune;
      const session = await sessionForRegistration(tx, ctx.territoryId, input.sessionId, { lock: true, ...(commune ? { commune } : {}) });
      if (!session) return { ok: false, code: 'unknown' };
      // an invitation (session opened on demand) counts only for its session and its e-mail
      const invited = input.invitation ? (await invitationFor(tx, input.invitation, session.id, at))?.email === input.person.email : false;
      const closed = registrationClosedReason(session, at, ctx.closesHours, invited);
      if (closed) return { ok: false, code: closed, session, opensAt: closed === 'priority' ? session.public_from! : session.registration_opens_at };
      if (commune && !session.commune_known) return { ok: false, code: 'commune', session };
      const participant = await upsertParticipant(tx, ctx.territoryId, input.person);
      const participantId = participant.id;

      // a person created by this transaction has no registration yet: nothing to look for
      const live = participant.created ? undefined : await tx.selectFrom('registrations').select(['id', 'status']).where('session_id', '=', session.id).where('participant_id', '=', participantId).where('status', '<>', 'cancelled').executeTakeFirst();
      if (live) {
        const position = live.status === 'waitlisted' ? await waitlistRank(tx, session.id, live.id) : null;
        return { ok: true, status: live.status as 'confirmed' | 'waitlisted', registrationId: live.id, position, already: true, participantId, session };
      }

      // the row read above is locked until commit: when it shows no free seat, claiming one would change nothing
      const confirmed = session.seats_taken < session.seats && (await claimSeat(tx, session.id, { scheduledOnly: true }));
      const waiting = confirmed ? 0 : await waitlistLength(tx, session.id);
      const registration = await tx
        .insertInto('registrations')
        .values({
          session_id: session.id,
          participant_id: participantId,
          status: confirmed ? 'confirmed' : 'waitlisted',
          waitlist_position: confirmed ? null : waiting + 1,
          source: input.source,
          // the campaign that brought them, by the reference of its links (none: a visit of its own)
          campaign_id: input.campaignRef ? ((await tx.selectFrom('campaigns').select('id').where('territory_id', '=', ctx.territoryId).where('ref', '=', input.campaignRef).executeTakeFirst())?.id ?? null) : null,
          notes: input.person.notes ?? null,
          created_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.person.consent_news) {
        const has = participant.created ? undefined : await tx.selectFrom('consents').select('id').where('participant_id', '=', participantId).where('purpose', '=', 'programme_news').where('withdrawn_at', 'is', null).executeTakeFirst();
        if (!has) await tx.insertInto('consents').values({ participant_id: participantId, purpose: 'programme_news', text_version: 'news-v1', given_at: now() }).execute();
      }
      const token = await issueAccessToken(tx, participantId, at);
      const position = confirmed ? null : waiting + 1;
      // the confirmation (or waitlist notice) and the reminder in one statement
      const reminder = confirmed ? reminderMail(ctx, { registrationId: registration.id, session, person: input.person, reminderDays: ctx.reminderDays, at }) : null;
      await enqueueMails(tx, [registrationMail(ctx, { kind: confirmed ? 'confirmation' : 'waitlist', registrationId: registration.id, session, person: input.person, token, position }), ...(reminder ? [reminder] : [])]);
      await audit(tx, { territoryId: ctx.territoryId, actor: `participant:${participantId}`, action: 'registration.created', subject: `registration:${registration.id}`, details: { session: session.id, status: confirmed ? 'confirmed' : 'waitlisted', source: input.source } });
      // public pages show seats left, not the waitlist: only a seat taken changes them. Last
      // statement before commit: on PostgreSQL the territory's row stays locked the shortest time.
      if (confirmed) await bumpContentVersion(tx, ctx.territoryId);
      return { ok: true, status: confirmed ? 'confirmed' : 'waitlisted', registrationId: registration.id, position, already: false, participantId, session };
    });
  try {
    return await attempt();
  } catch (error) {
    // the same person twice at once: the partial unique index refused the second; answer with the first
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/**
 * Cancels a registration (by its participant or a coordinator). A freed seat goes at once to the
 * first person waitlisted, who is told. Cancelling twice changes nothing.
 */
export async function cancelRegistration(
  db: Db,
  ctx: MailContext & { territoryId: number; reminderDays: number },
  input: { registrationId: number; participantId?: number; actor: string },
  at = new Date(),
): Promise<{ ok: boolean; promoted: number | null }> {
  return db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom('registrations as r')
      .innerJoin('participants as p', 'p.id', 'r.participant_id')
      .select(['r.id', 'r.session_id', 'r.status', 'r.participant_id', 'p.first_name', 'p.last_name', 'p.email'])
      .where('r.id', '=', input.registrationId)
      .where('p.territory_id', '=', ctx.territoryId)
      .$if(input.participantId !== undefined, (q) => q.where('r.participant_id', '=', input.participantId!))
      .executeTakeFirst();
    if (!found) return { ok: false, promoted: null };
    await lockSession(tx, found.session_id);
    const current = await tx.selectFrom('registrations').select('status').where('id', '=', found.id).executeTakeFirstOrThrow();
    if (current.status === 'cancelled') return { ok: true, promoted: null };
    const session = (await sessionForRegistration(tx, ctx.territoryId, found.session_id))!;
    await tx.updateTable('registrations').set({ status: 'cancelled', cancelled_at: now(), waitlist_position: null }).where('id', '=', found.id).where('status', '<>', 'cancelled').execute();
    let promoted: number | null = null;
    if (current.status === 'confirmed') {
      await tx.updateTable('sessions').set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) })).where('id', '=', found.session_id).execute();
      if (session.status === 'scheduled' && session.starts_at > at.toISOString()) promoted = await promoteFromWaitlist(tx, ctx, session, at);
    }
    const person = { first_name: found.first_name, last_name: found.last_name, email: found.email };
    await queueRegistrationMail(tx, ctx, { kind: 'cancellation', registrationId: found.id, session, person, token: await issueAccessToken(tx, found.participant_id, at), position: null });
    await audit(tx, { territoryId: ctx.territoryId, actor: input.actor, action: 'registration.cancelled', subject: `registration:${found.id}`, details: { session: found.session_id, was: current.status, promoted } });
    await bumpContentVersion(tx, ctx.territoryId);
    return { ok: true, promoted };
  });
}

/** Gives a free seat to the first person waitlisted (arrival order), once; tells them. */
async function promoteFromWaitlist(tx: Tx, ctx: MailContext & { territoryId: number; reminderDays: number }, session: NonNullable<Awaited<ReturnType<typeof sessionForRegistration>>>, at: Date): Promise<number | null> {
  const first = await tx
    .selectFrom('registrations as r')
    .innerJoin('participants as p', 'p.id', 'r.participant_id')
    .select(['r.id', 'r.participant_id', 'p.first_name', 'p.last_name', 'p.email'])
    .where('r.session_id', '=', session.id)
    .where('r.status', '=', 'waitlisted')
    .orderBy('r.id')
    .limit(1)
    .executeTakeFirst();
  if (!first) return null;
  if (!(await claimSeat(tx, session.id))) return null;
  await tx.updateTable('registrations').set({ status: 'confirmed', waitlist_position: null }).where('id', '=', first.id).where('status', '=', 'waitlisted').execute();
  await tx
    .updateTable('registrations')
    .set((eb) => ({ waitlist_position: eb('waitlist_position', '-', 1) }))
    .where('session_id', '=', session.id)
    .where('status', '=', 'waitlisted')
    .execute();
  const person = { first_name: first.first_name, last_name: first.last_name, email: first.email };
  await queueRegistrationMail(tx, ctx, { kind: 'promotion', registrationId: first.id, session, person, token: await issueAccessToken(tx, first.participant_id, at), position: null });
  await queueReminder(tx, ctx, { registrationId: first.id, session, person, reminderDays: ctx.reminderDays, at });
  await audit(tx, { territoryId: ctx.territoryId, actor: 'system', action: 'registration.promoted', subject: `registration:${first.id}`, details: { session: session.id } });
  return first.id;
}

/**
 * Moves a registration to another date (a coordinator's action, after a phone call): a seat there
 * if one is free, else its waitlist; the seat left behind goes to the first person waiting.
 */
export async function moveRegistration(
  db: Db,
  ctx: MailContext & { territoryId: number; reminderDays: number },
  input: { registrationId: number; targetSessionId: number; actor: string },
  at = new Date(),
): Promise<{ ok: true; status: 'confirmed' | 'waitlisted'; registrationId: number } | { ok: false; code: 'unknown' | 'same' | 'already' | 'closed' }> {
  return db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom('registrations as r')
      .innerJoin('participants as p', 'p.id', 'r.participant_id')
      .select(['r.id', 'r.session_id', 'r.status', 'r.participant_id', 'p.first_name', 'p.last_name', 'p.email'])
      .where('r.id', '=', input.registrationId)
      .where('p.territory_id', '=', ctx.territoryId)
      .where('r.status', '<>', 'cancelled')
      .executeTakeFirst();
    if (!found) return { ok: false, code: 'unknown' };
    if (found.session_id === input.targetSessionId) return { ok: false, code: 'same' };
    for (const id of [found.session_id, input.targetSessionId].sort((a, b) => a - b)) await lockSession(tx, id);
    const target = await sessionForRegistration(tx, ctx.territoryId, input.targetSessionId);
    if (!target) return { ok: false, code: 'unknown' };
    if (target.status !== 'scheduled' || target.starts_at <= at.toISOString()) return { ok: false, code: 'closed' };
    const already = await tx.selectFrom('registrations').select('id').where('session_id', '=', target.id).where('participant_id', '=', found.participant_id).where('status', '<>', 'cancelled').executeTakeFirst();
    if (already) return { ok: false, code: 'already' };

    const current = await tx.selectFrom('registrations').select('status').where('id', '=', found.id).executeTakeFirstOrThrow();
    if (current.status === 'cancelled') return { ok: false, code: 'unknown' };
    const confirmed = await claimSeat(tx, target.id);
    const waiting = confirmed ? 0 : await waitlistLength(tx, target.id);
    const moved = await tx
      .insertInto('registrations')
      .values({ session_id: target.id, participant_id: found.participant_id, status: confirmed ? 'confirmed' : 'waitlisted', waitlist_position: confirmed ? null : waiting + 1, source: 'move', created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();

    await tx.updateTable('registrations').set({ status: 'cancelled', cancelled_at: now(), waitlist_position: null }).where('id', '=', found.id).execute();
    if (current.status === 'confirmed') {
      await tx.updateTable('sessions').set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) })).where('id', '=', found.session_id).execute();
      const left = (await sessionForRegistration(tx, ctx.territoryId, found.session_id))!;
      if (left.status === 'scheduled' && left.starts_at > at.toISOString()) await promoteFromWaitlist(tx, ctx, left, at);
    }
    const person = { first_name: found.first_name, last_name: found.last_name, email: found.email };
    const token = await issueAccessToken(tx, found.participant_id, at);
    await queueRegistrationMail(tx, ctx, { kind: confirmed ? 'confirmation' : 'waitlist', registrationId: moved.id, session: target, person, token, position: confirmed ? null : waiting + 1 });
    if (confirmed) await queueReminder(tx, ctx, { registrationId: moved.id, session: target, person, reminderDays: ctx.reminderDays, at });
    await audit(tx, { territoryId: ctx.territoryId, actor: input.actor, action: 'registration.moved', subject: `registration:${found.id}`, details: { from: found.session_id, to: target.id, newRegistration: moved.id, status: confirmed ? 'confirmed' : 'waitlisted' } });
    await bumpContentVersion(tx, ctx.territoryId);
    return { ok: true, status: confirmed ? 'confirmed' : 'waitlisted', registrationId: moved.id };
  });
}
