import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { formValues, idOf, type FormValues } from '../../platform/forms.js';
import { formatDateTime, t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { addDays, parisDateTimeFields } from '../../platform/time.js';
import { requirePlanner, type Planner } from '../../planning/ui.js';
import { requestByToken, showRequest, unknownLink } from '../requests/page.js';
import { answerPoll, createPoll, scheduleFromPoll, type Answer, type PollContext } from './commands.js';
import { readPollForm } from './form.js';
import { pollInTerritory, pollRequests, pollTally, type TallyRow } from './queries.js';
import { NewPollPage, PollPage } from './views.js';

/** The best date so far: most people saying yes, then yes or if needed, then the earliest. */
export function bestOption(tally: TallyRow[]): number | null {
  const score = (o: TallyRow) => [Number(o.yes_people ?? 0), Number(o.yes_people ?? 0) + Number(o.maybe_people ?? 0)];
  const ranked = [...tally].sort((a, b) => score(b)[0]! - score(a)[0]! || score(b)[1]! - score(a)[1]! || a.starts_at.localeCompare(b.starts_at));
  return ranked[0] && score(ranked[0])[1]! > 0 ? ranked[0].id : null;
}

/** Proposing dates to a group of requests, the poll's tally, the session made from the best date, and the requesters' answers. */
export const pollRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;
  const ctxOf = (p: Planner): PollContext => ({ territoryId: p.territory.id, staffId: p.actor.staffId, baseUrl: p.territory.base_url, programmeName: p.territory.programme_name ?? t('app.name') });

  async function showNewPoll(reply: FastifyReply, planner: Planner, workshopId: number | null, groupVenueId: number | null, values: FormValues, errors: FieldErrors, status = 200) {
    const territoryId = planner.territory.id;
    const [workshop, venues] = await Promise.all([
      workshopId === null ? undefined : db.selectFrom('workshops').select(['id', 'title']).where('id', '=', workshopId).where('territory_id', '=', territoryId).executeTakeFirst(),
      db.selectFrom('venues').select(['id', 'name']).where('territory_id', '=', territoryId).orderBy('name').execute(),
    ]);
    const groupVenue = groupVenueId === null ? null : (venues.find((v) => v.id === groupVenueId) ?? null);
    if (!workshop || (groupVenueId !== null && !groupVenue)) return reply.callNotFound();
    const count = await db
      .selectFrom('demand_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('territory_id', '=', territoryId)
      .where('status', '=', 'open')
      .where('workshop_id', '=', workshop.id)
      .$if(groupVenueId === null, (q) => q.where('venue_id', 'is', null))
      .$if(groupVenueId !== null, (q) => q.where('venue_id', '=', groupVenueId!))
      .executeTakeFirstOrThrow();
    return reply.page(t('ondemand.poll.title'), <NewPollPage csrf={reply.generateCsrf()} workshop={workshop} groupVenue={groupVenue} venues={venues} requests={Number(count.n)} values={values} errors={errors} />, { status });
  }
  const groupVenueOf = (raw: string | undefined) => (raw === '0' || raw === undefined ? null : idOf(raw));

  app.get('/equipe/demandes/sondage', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = request.query as Record<string, string | undefined>;
    const groupVenueId = groupVenueOf(q.lieu);
    const today = parisDateTimeFields(new Date()).date;
    return showNewPoll(reply, planner, idOf(q.atelier), groupVenueId, { venue: groupVenueId ? String(groupVenueId) : '', closes: addDays(today, 7), start_1: '14:00', end_1: '16:30', start_2: '14:00', end_2: '16:30' }, {});
  });

  app.post('/equipe/demandes/sondage', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const values = formValues(request.body);
    const workshopId = idOf(values.atelier);
    const groupVenueId = groupVenueOf(values.lieu);
    const venueId = idOf(values.venue);
    const form = readPollForm(values, new Date());
    if (venueId === null) form.errors.venue = t('ondemand.poll.error.venue');
    if (Object.keys(form.errors).length || workshopId === null || venueId === null) return showNewPoll(reply, planner, workshopId, groupVenueId, values, form.errors, 400);
    const result = await createPoll(db, ctxOf(planner), { workshopId, groupVenueId, venueId, options: form.options, closesAt: form.closesAt! });
    if (!result.ok) return showNewPoll(reply, planner, workshopId, groupVenueId, values, result.errors, 400);
    return reply.redirect(`/equipe/sondages/${result.pollId}?envoye=${result.invited}`, 303);
  });

  async function showPoll(reply: FastifyReply, planner: Planner, pollId: number | null, values: FormValues, errors: FieldErrors, status = 200, notice?: string) {
    const poll = pollId === null ? undefined : await pollInTerritory(db, planner.territory.id, pollId);
    if (!poll) return reply.callNotFound();
    const [tally, requests, facilitators] = await Promise.all([
      pollTally(db, poll.id),
      pollRequests(db, poll.id),
      db.selectFrom('staff_users').select(['id', 'display_name']).where('territory_id', '=', planner.territory.id).where('role', '=', 'facilitator').where('active', '=', 1).orderBy('display_name').execute(),
    ]);
    return reply.page(
      t('ondemand.poll.page_title', { workshop: poll.workshop_title }),
      <PollPage poll={poll} tally={tally} requests={requests} csrf={reply.generateCsrf()} facilitators={facilitators} values={values} errors={errors} best={bestOption(tally)} />,
      { status, notice },
    );
  }

  app.get<{ Params: { id: string } }>('/equipe/sondages/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const sent = (request.query as Record<string, string | undefined>).envoye;
    return showPoll(reply, planner, idOf(request.params.id), {}, {}, 200, sent && /^\d+$/.test(sent) ? t('ondemand.poll.sent', { count: Number(sent) }) : undefined);
  });

  app.post<{ Params: { id: string } }>('/equipe/sondages/:id/seance', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const pollId = idOf(request.params.id);
    const values = formValues(request.body);
    const optionId = idOf(values.option);
    const seats = /^\d{1,3}$/.test((values.seats ?? '').trim()) ? Number(values.seats!.trim()) : NaN;
    const facilitatorId = values.facilitator ? idOf(values.facilitator) : null;
    const errors: FieldErrors = {};
    if (optionId === null) errors.option = t('ondemand.poll.error.option');
    if (!(seats >= 1)) errors.seats = t('planning.error.seats_min');
    if (values.facilitator && facilitatorId === null) errors.facilitator = t('planning.error.facilitator_unknown');
    if (Object.keys(errors).length || pollId === null) return showPoll(reply, planner, pollId, values, errors, 400);
    const result = await scheduleFromPoll(db, { ...ctxOf(planner), priorityHours: config.priorityHours }, { pollId: pollId!, optionId: optionId!, facilitatorId, seats });
    if (!result.ok) return showPoll(reply, planner, pollId, values, result.errors, 400);
    return reply.redirect(`/equipe/seances/${result.sessionId}?a_la_demande=${result.invited}`, 303);
  });

  // The requester answers, from the link of their request.
  app.post<{ Params: { token: string } }>('/demandes/:token/sondage', { config: { rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } } }, async (request, reply) => {
    const found = await requestByToken(request);
    if (!found) return unknownLink(reply);
    const answers = new Map<number, Answer>();
    for (const [key, value] of Object.entries(formValues(request.body))) {
      const m = /^option-(\d{1,12})$/.exec(key);
      if (m && (value === 'yes' || value === 'maybe' || value === 'no')) answers.set(Number(m[1]), value);
    }
    const result = await answerPoll(db, found.territory.id, { requestId: found.details.id, answers });
    if (!result.ok) {
      const message = result.code === 'closed' ? t('ondemand.answer.closed', { date: formatDateTime(result.at!) }) : result.code === 'invalid' ? t('ondemand.answer.error') : t('ondemand.answer.no_poll');
      return showRequest(reply, found, request.params.token, { status: result.code === 'closed' ? 409 : 400, errors: { _form: message } });
    }
    return reply.redirect(`/demandes/${encodeURIComponent(request.params.token)}?reponse=1#sondage`, 303);
  });
};
