import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import { formValues, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { pageNumber, queryOf, requirePlanner } from '../ui.js';
import { cancelSession, changeSession, planSession } from './commands.js';
import { idOf, readSessionForm, sessionFormValues } from './form.js';
import { findSession, listSessions, liveRegistrationCount, planningOptions, type PlanningOptions } from './queries.js';
import { SessionFormPage, SessionListPage } from './views.js';

const STATUSES = ['scheduled', 'cancelled', 'held'] as const;
const SORTS = ['date', 'workshop', 'venue', 'fill'] as const;

export const sessionRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  app.get('/equipe/seances', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const query = queryOf(request);
    const filters = {
      cycleId: idOf(query.cycle) ?? undefined,
      venueId: idOf(query.lieu) ?? undefined,
      workshopId: idOf(query.atelier) ?? undefined,
      status: STATUSES.find((s) => s === query.statut),
      sort: SORTS.find((s) => s === query.tri) ?? 'date',
      page: pageNumber(query.page),
    };
    const [list, options] = await Promise.all([listSessions(db, planner.territory.id, filters), planningOptions(db, planner.territory.id)]);
    const series = /^(\d+)-(\d+)$/.exec(query.serie ?? '');
    const notice = series
      ? t('planning.series.done', { created: Number(series[1]), skipped: Number(series[2]) })
      : query.cree
        ? t('planning.created')
        : query.annulee !== undefined
          ? t('planning.cancel.done', { count: Number(query.annulee) || 0 })
          : undefined;
    return reply.page(t('planning.sessions.title'), <SessionListPage {...list} page={Math.min(filters.page, list.pages)} query={query} options={options} />, { notice });
  });

  const showForm = async (
    reply: FastifyReply,
    input: { territoryId: number; sessionId?: number; values: FormValues; errors: FieldErrors; status?: number; options?: PlanningOptions; sessionStatus?: string; live?: number },
  ) => {
    const options = input.options ?? (await planningOptions(db, input.territoryId));
    const title = input.sessionId ? t('planning.sessions.edit') : t('planning.sessions.new');
    return reply.page(
      title,
      <SessionFormPage
        csrf={reply.generateCsrf()}
        sessionId={input.sessionId}
        title={title}
        values={input.values}
        errors={input.errors}
        options={options}
        editable={!input.sessionStatus || input.sessionStatus === 'scheduled'}
        liveRegistrations={input.live}
        status={input.sessionStatus}
      />,
      { status: input.status ?? (Object.keys(input.errors).length ? 400 : 200) },
    );
  };

  app.get('/equipe/seances/nouvelle', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const query = queryOf(request);
    return showForm(reply, { territoryId: planner.territory.id, values: { workshop: query.atelier ?? '', venue: query.lieu ?? '', cycle: query.cycle ?? '', start: '14:00', end: '16:30' }, errors: {} });
  });

  app.post('/equipe/seances/nouvelle', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const values = formValues(request.body);
    const options = await planningOptions(db, planner.territory.id);
    const { plan, errors } = readSessionForm(values, { venueWorkstations: (id) => options.venues.find((v) => v.id === id)?.workstations });
    if (!plan) return showForm(reply, { territoryId: planner.territory.id, values, errors, options });
    const result = await planSession(db, planner.actor, plan);
    if (!result.ok) return showForm(reply, { territoryId: planner.territory.id, values, errors: result.errors, options });
    return reply.redirect(`/equipe/seances?cree=${result.value}`, 303);
  });

  app.get<{ Params: { id: string } }>('/equipe/seances/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await findSession(db, planner.territory.id, id);
    if (!session) return reply.callNotFound();
    return showForm(reply, {
      territoryId: planner.territory.id,
      sessionId: session.id,
      values: sessionFormValues(session),
      errors: {},
      sessionStatus: session.status,
      live: await liveRegistrationCount(db, session.id),
    });
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await findSession(db, planner.territory.id, id);
    if (!session) return reply.callNotFound();
    const values = formValues(request.body);
    const options = await planningOptions(db, planner.territory.id);
    const { plan, errors } = readSessionForm(values, { venueWorkstations: (v) => options.venues.find((x) => x.id === v)?.workstations });
    const context = { territoryId: planner.territory.id, sessionId: session.id, values, options, sessionStatus: session.status, live: await liveRegistrationCount(db, session.id) };
    if (!plan) return showForm(reply, { ...context, errors });
    const result = await changeSession(db, planner.actor, session.id, plan);
    if (!result.ok) return showForm(reply, { ...context, errors: result.errors });
    return reply.redirect(`/equipe/seances?cree=${session.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id/annulation', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await findSession(db, planner.territory.id, id);
    if (!session) return reply.callNotFound();
    const values = formValues(request.body);
    const reason = (values.reason ?? '').trim();
    const live = await liveRegistrationCount(db, session.id);
    const context = { territoryId: planner.territory.id, sessionId: session.id, values: { ...sessionFormValues(session), reason: values.reason ?? '' }, sessionStatus: session.status, live };
    if (!reason) return showForm(reply, { ...context, errors: { reason: t('validation.required') } });
    if (reason.length > 500) return showForm(reply, { ...context, errors: { reason: t('validation.too_long', { max: 500 }) } });
    const result = await cancelSession(db, planner.actor, session.id, reason);
    if (!result.ok) return showForm(reply, { ...context, errors: result.errors });
    return reply.redirect(`/equipe/seances?annulee=${result.value.affected}`, 303);
  });
};
