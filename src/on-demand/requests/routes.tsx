import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { formValues, idOf, type FormValues } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import type { CurrentTerritory } from '../../platform/programme.js';
import { requirePlanner } from '../../planning/ui.js';
import { attachRequest, setDemandThreshold, submitRequest, withdrawRequest, withdrawnMessage, type RequestContext } from './commands.js';
import { ANY_VENUE, readRequestForm, type Lists } from './form.js';
import { demandBoard, requestChoices, type RequestChoices } from './queries.js';
import { openPolls } from '../polls/queries.js';
import { RequestDonePage, RequestFormPage } from './views.js';
import { requestByToken, showRequest, unknownLink } from './page.js';
import { DemandBoardPage } from './board-views.js';

/** « Demander un atelier » (public, no account), following a request by its link, and the coordinator's demand board. */
export const requestRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;
  const formLimit = { rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } };
  const ctxOf = (territory: CurrentTerritory): RequestContext => ({ territoryId: territory.id, baseUrl: territory.base_url, programmeName: territory.programme_name ?? t('app.name') });

  const showForm = (reply: FastifyReply, choices: RequestChoices, values: FormValues, lists: Lists, errors: FieldErrors, status = 200) =>
    reply.page(t('ondemand.title'), <RequestFormPage csrf={reply.generateCsrf()} choices={choices} values={values} lists={lists} errors={errors} />, { status });

  // Reached from a workshop page (?atelier=slug), a full session (?atelier=…&lieu=…) or the catalogue.
  app.get('/ateliers/demande', async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const choices = await requestChoices(db, territory.id);
    const q = request.query as Record<string, unknown>;
    const workshop = choices.workshops.find((w) => w.slug === q.atelier);
    const venue = choices.venues.find((v) => v.slug === q.lieu);
    return showForm(reply, choices, { workshop: workshop ? String(workshop.id) : '', venue: venue ? String(venue.id) : ANY_VENUE, people: '1' }, { days: [], times: [] }, {});
  });

  app.post('/ateliers/demande', { config: formLimit }, async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const choices = await requestChoices(db, territory.id);
    const known = { workshops: new Set(choices.workshops.map((w) => w.id)), venues: new Set(choices.venues.map((v) => v.id)), communes: new Set(choices.communes.map((c) => c.insee_code)) };
    const form = readRequestForm(request.body, known);
    if (!form.ok) return showForm(reply, choices, form.values, form.lists, form.errors, 400);
    const result = await submitRequest(db, ctxOf(territory), form.data);
    return reply.page(t(result.updated ? 'ondemand.done.updated' : 'ondemand.done.title'), <RequestDonePage updated={result.updated} email={form.data.email} />);
  });

  app.get<{ Params: { token: string } }>('/demandes/:token', async (request, reply) => {
    const found = await requestByToken(request);
    if (!found) return unknownLink(reply);
    const q = request.query as Record<string, unknown>;
    const notice = q.retiree === '1' ? t('ondemand.withdrawn') : q.reponse === '1' ? t('ondemand.answer.saved') : undefined;
    return showRequest(reply, found, request.params.token, { notice });
  });

  app.post<{ Params: { token: string } }>('/demandes/:token/retrait', { config: formLimit }, async (request, reply) => {
    const found = await requestByToken(request);
    if (!found) return unknownLink(reply);
    const result = await withdrawRequest(db, found.territory.id, found.details.id);
    if (!result.ok) return showRequest(reply, found, request.params.token, { status: 409, notice: withdrawnMessage(result) });
    return reply.redirect(`/demandes/${encodeURIComponent(request.params.token)}?retiree=1`, 303);
  });

  // The coordinator's board
  async function showBoard(request: FastifyRequest, reply: FastifyReply, territoryId: number, extra: { status?: number; errors?: FieldErrors; values?: Record<string, string>; notice?: string } = {}) {
    const now = new Date();
    const [board, workshops, polls] = await Promise.all([demandBoard(db, territoryId, now.toISOString()), db.selectFrom('workshops').select(['id', 'title']).where('territory_id', '=', territoryId).orderBy('title').execute(), openPolls(db, territoryId)]);
    return reply.page(t('ondemand.board.title'), <DemandBoardPage board={board} polls={polls} csrf={reply.generateCsrf()} now={now} workshops={workshops} errors={extra.errors ?? {}} values={extra.values ?? {}} />, { status: extra.status ?? 200, notice: extra.notice });
  }

  app.get('/equipe/demandes', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = request.query as Record<string, unknown>;
    const notice = q.rattachee === '1' ? t('ondemand.board.attached') : q.seuil === '1' ? t('ondemand.board.threshold_saved') : undefined;
    return showBoard(request, reply, planner.territory.id, { notice });
  });

  app.post<{ Params: { id: string } }>('/equipe/demandes/:id/rattachement', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const requestId = idOf(request.params.id);
    const workshopId = idOf(formValues(request.body).workshop);
    if (requestId === null) return reply.callNotFound();
    const result = workshopId === null ? ({ ok: false, code: 'workshop' } as const) : await attachRequest(db, { territoryId: planner.territory.id, staffId: planner.actor.staffId }, { requestId, workshopId });
    if (!result.ok && result.code === 'unknown') return reply.callNotFound();
    if (!result.ok) return showBoard(request, reply, planner.territory.id, { status: 400, notice: t('ondemand.error.workshop') });
    return reply.redirect('/equipe/demandes?rattachee=1', 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/ateliers/:id/seuil-demande', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const workshopId = idOf(request.params.id);
    if (workshopId === null) return reply.callNotFound();
    const raw = (formValues(request.body).threshold ?? '').trim();
    const threshold = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(threshold >= 1 && threshold <= 100)) {
      return showBoard(request, reply, planner.territory.id, { status: 400, errors: { [`seuil-${workshopId}`]: t('ondemand.error.threshold') }, values: { [`seuil-${workshopId}`]: raw } });
    }
    const result = await setDemandThreshold(db, { territoryId: planner.territory.id, staffId: planner.actor.staffId }, { workshopId, threshold });
    if (!result.ok) return reply.callNotFound();
    return reply.redirect('/equipe/demandes?seuil=1', 303);
  });
};

