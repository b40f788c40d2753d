import type { Db } from '../../platform/db/database.js';
import { audit } from '../../platform/audit.js';
import { formatDateTime, formatSlot, t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { renderMail } from '../../platform/mail/templates.js';
import { bumpContentVersion } from '../../platform/programme.js';
import { parisDateTimeFields } from '../../platform/time.js';
import { checkSessionPlan, lockResources } from '../../planning/sessions/rules.js';
import { issueInvitation } from '../../registration/tokens.js';
import { requestUrl } from '../requests/commands.js';
import { issueRequestToken } from '../requests/tokens.js';

export interface PollContext {
  territoryId: number;
  staffId: number;
  baseUrl: string;
  programmeName: string;
}

export type Answer = 'yes' | 'maybe' | 'no';

/**
 * Proposes two to four dates to the open requests of a group (a workshop, and a venue or « any »):
 * one poll, each requester mailed a link to answer (the link of their request). Requests already in
 * an open poll are left out.
 */
export async function createPoll(
  db: Db,
  ctx: PollContext,
  input: { workshopId: number; groupVenueId: number | null; venueId: number; options: Array<{ startsAt: Date; endsAt: Date }>; closesAt: Date },
  at = new Date(),
): Promise<{ ok: true; pollId: number; invited: number } | { ok: false; errors: FieldErrors }> {
  return db.transaction().execute(async (tx): Promise<{ ok: true; pollId: number; invited: number } | { ok: false; errors: FieldErrors }> => {
    const [workshop, venue] = await Promise.all([
      tx.selectFrom('workshops').select(['id', 'title']).where('id', '=', input.workshopId).where('territory_id', '=', ctx.territoryId).executeTakeFirst(),
      tx.selectFrom('venues').select(['id', 'name']).where('id', '=', input.venueId).where('territory_id', '=', ctx.territoryId).executeTakeFirst(),
    ]);
    if (!workshop) return { ok: false, errors: { _form: t('ondemand.poll.error.workshop') } };
    if (!venue) return { ok: false, errors: { venue: t('ondemand.poll.error.venue') } };
    const requests = await tx
      .selectFrom('demand_requests as d')
      .select(['d.id', 'd.email', 'd.first_name'])
      .where('d.territory_id', '=', ctx.territoryId)
      .where('d.status', '=', 'open')
      .where('d.workshop_id', '=', workshop.id)
      .$if(input.groupVenueId === null, (q) => q.where('d.venue_id', 'is', null))
      .$if(input.groupVenueId !== null, (q) => q.where('d.venue_id', '=', input.groupVenueId!))
      .where((eb) => eb.or([eb('d.poll_id', 'is', null), eb('d.poll_id', 'in', eb.selectFrom('demand_polls').select('id').where('status', '=', 'closed'))]))
      .orderBy('d.id')
      .execute();
    if (!requests.length) return { ok: false, errors: { _form: t('ondemand.poll.error.empty') } };
    const poll = await tx
      .insertInto('demand_polls')
      .values({ territory_id: ctx.territoryId, workshop_id: workshop.id, venue_id: venue.id, created_by: ctx.staffId, created_at: at.toISOString(), closes_at: input.closesAt.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('demand_poll_options').values(input.options.map((o) => ({ poll_id: poll.id, starts_at: o.startsAt.toISOString(), ends_at: o.endsAt.toISOString() }))).execute();
    await tx.updateTable('demand_requests').set({ poll_id: poll.id }).where('id', 'in', requests.map((r) => r.id)).execute();
    const dates = input.options.map((o) => formatSlot(o.startsAt.toISOString(), o.endsAt.toISOString()));
    for (const r of requests) {
      const token = await issueRequestToken(tx, r.id, at);
      const mail = renderMail({
        title: t('ondemand.mail.poll.title'),
        paragraphs: [t('ondemand.mail.poll.body', { name: r.first_name, workshop: workshop.title, venue: venue.name }), dates.map((d) => `– ${d}`).join('\n'), t('ondemand.mail.poll.deadline', { date: formatDateTime(input.closesAt) })],
        action: { label: t('ondemand.mail.poll.action'), url: requestUrl(ctx.baseUrl, token) },
        footer: t('registration.mail.signature', { programme: ctx.programmeName }),
      });
      await enqueueMail(tx, { kind: 'demand.poll', idempotencyKey: `poll:${poll.id}:request:${r.id}`, mail: { to: r.email, subject: t('ondemand.mail.poll.subject', { workshop: workshop.title }), ...mail } });
    }
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'poll.created', subject: `poll:${poll.id}`, details: { workshop: workshop.id, venue: venue.id, options: input.options.length, requests: requests.length } });
    return { ok: true, pollId: poll.id, invited: requests.length };
  });
}

export type AnswerResult = { ok: true } | { ok: false; code: 'no_poll' | 'closed' | 'invalid'; at?: string };

/** A requester answers yes / if needed / no for each date; answering again replaces the answers. Refused once the poll closed. */
export async function answerPoll(db: Db, territoryId: number, input: { requestId: number; answers: Map<number, Answer> }, at = new Date()): Promise<AnswerResult> {
  return db.transaction().execute(async (tx) => {
    const poll = await tx
      .selectFrom('demand_requests as d')
      .innerJoin('demand_polls as p', 'p.id', 'd.poll_id')
      .select(['p.id', 'p.status', 'p.closes_at', 'p.closed_at'])
      .where('d.id', '=', input.requestId)
      .where('d.territory_id', '=', territoryId)
      .executeTakeFirst();
    if (!poll) return { ok: false, code: 'no_poll' };
    if (poll.status === 'closed' || poll.closes_at <= at.toISOString()) return { ok: false, code: 'closed', at: poll.closed_at ?? poll.closes_at };
    const options = await tx.selectFrom('demand_poll_options').select('id').where('poll_id', '=', poll.id).execute();
    const ids = new Set(options.map((o) => Number(o.id)));
    if (input.answers.size === 0 || [...input.answers.keys()].some((id) => !ids.has(id))) return { ok: false, code: 'invalid' };
    await tx.deleteFrom('demand_poll_answers').where('request_id', '=', input.requestId).where('option_id', 'in', [...ids]).execute();
    await tx
      .insertInto('demand_poll_answers')
      .values([...input.answers].map(([option, answer]) => ({ option_id: option, request_id: input.requestId, answer, answered_at: at.toISOString() })))
      .execute();
    await audit(tx, { territoryId, actor: `demand:${input.requestId}`, action: 'poll.answered', subject: `poll:${poll.id}`, details: Object.fromEntries(input.answers) });
    return { ok: true };
  });
}

/**
 * Turns a date of the poll into a session « à la demande »: the plan's rules apply (venue and
 * facilitator free, seats); the session is reserved to the requesters for the priority window
 * (`public_from`), each of them is mailed an invitation that fills in the form for them; the poll
 * closes and the requests are marked scheduled with the session. The seats must cover the people
 * who answered yes or if needed for that date (their places are kept for them).
 */
export async function scheduleFromPoll(
  db: Db,
  ctx: PollContext & { priorityHours: number },
  input: { pollId: number; optionId: number; facilitatorId: number | null; seats: number },
  at = new Date(),
): Promise<{ ok: true; sessionId: number; invited: number } | { ok: false; errors: FieldErrors }> {
  return db.transaction().execute(async (tx) => {
    const poll = await tx.selectFrom('demand_polls').selectAll().where('id', '=', input.pollId).where('territory_id', '=', ctx.territoryId).executeTakeFirst();
    if (!poll) return { ok: false, errors: { _form: t('ondemand.poll.error.unknown') } };
    if (poll.session_id !== null) return { ok: false, errors: { _form: t('ondemand.poll.error.done') } };
    const option = await tx.selectFrom('demand_poll_options').selectAll().where('id', '=', input.optionId).where('poll_id', '=', poll.id).executeTakeFirst();
    if (!option) return { ok: false, errors: { _form: t('ondemand.poll.error.option') } };
    const day = parisDateTimeFields(option.starts_at).date;
    const cycle = await tx.selectFrom('cycles').select(['id']).where('territory_id', '=', ctx.territoryId).where('starts_on', '<=', day).where('ends_on', '>=', day).orderBy('number', 'desc').executeTakeFirst();
    if (!cycle) return { ok: false, errors: { _form: t('ondemand.poll.error.cycle', { date: day.split('-').reverse().join('/') }) } };
    const plan = { workshopId: poll.workshop_id, cycleId: cycle.id, venueId: poll.venue_id, facilitatorId: input.facilitatorId, startsAt: new Date(option.starts_at), endsAt: new Date(option.ends_at), seats: input.seats, beginner: false, confirmOverCapacity: false };
    await lockResources(tx, plan.venueId, plan.facilitatorId);
    const errors = await checkSessionPlan(tx, ctx.territoryId, plan, { now: at });
    const willing = await tx
      .selectFrom('demand_poll_answers as a')
      .innerJoin('demand_requests as d', 'd.id', 'a.request_id')
      .select((eb) => eb.fn.sum<number>('d.people').as('people'))
      .where('a.option_id', '=', option.id)
      .where('a.answer', 'in', ['yes', 'maybe'])
      .where('d.status', '=', 'open')
      .executeTakeFirst();
    const needed = Number(willing?.people ?? 0);
    if (!errors.seats && input.seats < needed) errors.seats = t('ondemand.poll.error.seats', { count: needed });
    if (errors.date) errors._form = errors.date;
    if (Object.keys(errors).length) return { ok: false, errors };
    const publicFrom = new Date(at.getTime() + ctx.priorityHours * 3600_000);
    const session = await tx
      .insertInto('sessions')
      .values({ territory_id: ctx.territoryId, workshop_id: plan.workshopId, cycle_id: plan.cycleId, venue_id: plan.venueId, facilitator_id: plan.facilitatorId, starts_at: option.starts_at, ends_at: option.ends_at, seats: plan.seats, origin: 'on_demand', public_from: publicFrom.toISOString(), updated_at: at.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('demand_polls').set({ status: 'closed', closed_at: at.toISOString(), session_id: session.id }).where('id', '=', poll.id).execute();
    const requests = await tx.selectFrom('demand_requests').select(['id', 'email', 'first_name', 'last_name', 'company']).where('poll_id', '=', poll.id).where('status', '=', 'open').orderBy('id').execute();
    await tx.updateTable('demand_requests').set({ status: 'scheduled', session_id: session.id, scheduled_at: at.toISOString() }).where('poll_id', '=', poll.id).where('status', '=', 'open').execute();
    const [workshop, venue] = await Promise.all([
      tx.selectFrom('workshops').select('title').where('id', '=', plan.workshopId).executeTakeFirstOrThrow(),
      tx.selectFrom('venues').select(['name', 'address']).where('id', '=', plan.venueId).executeTakeFirstOrThrow(),
    ]);
    const slot = formatSlot(option.starts_at, option.ends_at);
    for (const r of requests) {
      const invitation = await issueInvitation(tx, { session: session.id, email: r.email, first_name: r.first_name, last_name: r.last_name, company: r.company }, option.starts_at);
      const mail = renderMail({
        title: t('ondemand.mail.opened.title'),
        paragraphs: [t('ondemand.mail.opened.body', { name: r.first_name, workshop: workshop.title }), t('ondemand.mail.opened.priority', { date: formatDateTime(publicFrom) })],
        details: [
          [t('registration.mail.details.workshop'), workshop.title],
          [t('registration.mail.details.when'), slot],
          [t('registration.mail.details.where'), `${venue.name}, ${venue.address}`],
        ],
        action: { label: t('ondemand.mail.opened.action'), url: `${ctx.baseUrl}/seances/${session.id}/inscription?invitation=${encodeURIComponent(invitation)}` },
        footer: t('registration.mail.signature', { programme: ctx.programmeName }),
      });
      await enqueueMail(tx, { kind: 'demand.session_opened', idempotencyKey: `session:${session.id}:invitation:${r.id}`, mail: { to: r.email, subject: t('ondemand.mail.opened.subject', { workshop: workshop.title, slot }), ...mail } });
    }
    await audit(tx, { territoryId: ctx.territoryId, actor: `staff:${ctx.staffId}`, action: 'session.created_on_demand', subject: `session:${session.id}`, details: { poll: poll.id, option: option.id, invited: requests.length, publicFrom: publicFrom.toISOString() } });
    await bumpContentVersion(tx, ctx.territoryId);
    return { ok: true, sessionId: session.id, invited: requests.length };
  });
}
