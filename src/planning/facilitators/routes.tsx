import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import { formList, parseForm, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { queryOf, requirePlanner } from '../ui.js';
import { idOf } from '../sessions/form.js';
import { facilitatorForm, saveFacilitator } from './commands.js';
import { FacilitatorFormPage, FacilitatorListPage } from './views.js';

export const facilitatorRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const workshopsOf = (territoryId: number) => db.selectFrom('workshops').select(['id', 'title']).where('territory_id', '=', territoryId).orderBy('title').execute();
  const findFacilitator = (territoryId: number, id: number | null) =>
    id === null ? Promise.resolve(undefined) : db.selectFrom('staff_users').selectAll().where('id', '=', id).where('role', '=', 'facilitator').where('territory_id', '=', territoryId).executeTakeFirst();

  app.get('/equipe/animateurs', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const [users, links] = await Promise.all([
      db.selectFrom('staff_users').select(['id', 'display_name', 'email', 'active']).where('territory_id', '=', planner.territory.id).where('role', '=', 'facilitator').orderBy('display_name').execute(),
      db
        .selectFrom('facilitator_workshops as fw')
        .innerJoin('workshops as w', 'w.id', 'fw.workshop_id')
        .select(['fw.staff_user_id', 'w.title'])
        .where('w.territory_id', '=', planner.territory.id)
        .orderBy('w.title')
        .execute(),
    ]);
    const rows = users.map((u) => ({ ...u, workshops: links.filter((l) => l.staff_user_id === u.id).map((l) => l.title) }));
    return reply.page(t('planning.facilitators.title'), <FacilitatorListPage rows={rows} />, { notice: queryOf(request).enregistre ? t('planning.saved') : undefined });
  });

  const show = async (reply: FastifyReply, territoryId: number, values: FormValues, chosen: string[], errors: FieldErrors, id?: number) =>
    reply.page(
      id ? t('planning.facilitators.edit') : t('planning.facilitators.new'),
      <FacilitatorFormPage csrf={reply.generateCsrf()} id={id} values={values} chosen={chosen} errors={errors} workshops={await workshopsOf(territoryId)} />,
      { status: Object.keys(errors).length ? 400 : 200 },
    );

  app.get('/equipe/animateurs/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return show(reply, planner.territory.id, { active: '1' }, [], {});
  });

  app.post('/equipe/animateurs/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const chosen = formList(request.body, 'workshops');
    const form = parseForm(facilitatorForm, request.body);
    if (!form.ok) return show(reply, planner.territory.id, form.values, chosen, form.errors);
    const result = await saveFacilitator(db, planner.actor, form.data, chosen.map(idOf).filter((x): x is number => x !== null));
    if (!result.ok) return show(reply, planner.territory.id, form.values, chosen, result.errors);
    return reply.redirect('/equipe/animateurs?enregistre=1', 303);
  });

  app.get<{ Params: { id: string } }>('/equipe/animateurs/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const f = await findFacilitator(planner.territory.id, idOf(request.params.id));
    if (!f) return reply.callNotFound();
    const chosen = (await db.selectFrom('facilitator_workshops').select('workshop_id').where('staff_user_id', '=', f.id).execute()).map((r) => String(r.workshop_id));
    return show(reply, planner.territory.id, { name: f.display_name, email: f.email, active: f.active ? '1' : '' }, chosen, {}, f.id);
  });

  app.post<{ Params: { id: string } }>('/equipe/animateurs/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const f = await findFacilitator(planner.territory.id, idOf(request.params.id));
    if (!f) return reply.callNotFound();
    const chosen = formList(request.body, 'workshops');
    const form = parseForm(facilitatorForm, request.body);
    if (!form.ok) return show(reply, planner.territory.id, form.values, chosen, form.errors, f.id);
    const result = await saveFacilitator(db, planner.actor, form.data, chosen.map(idOf).filter((x): x is number => x !== null), f.id);
    if (!result.ok) return show(reply, planner.territory.id, form.values, chosen, result.errors, f.id);
    return reply.redirect('/equipe/animateurs?enregistre=1', 303);
  });
};
