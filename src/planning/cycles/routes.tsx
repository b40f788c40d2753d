import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import { parseForm, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { parisDateTimeFields } from '../../platform/time.js';
import { queryOf, requirePlanner } from '../ui.js';
import { idOf } from '../sessions/form.js';
import { saveCycle } from './commands.js';
import { cycleForm } from './form.js';
import { CycleFormPage, CycleListPage } from './views.js';

export const cycleRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  app.get('/equipe/sessions', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const rows = await db
      .selectFrom('cycles as c')
      .leftJoin('sessions as s', 's.cycle_id', 'c.id')
      .select(['c.id', 'c.number', 'c.name', 'c.starts_on', 'c.ends_on', 'c.registration_opens_at', (eb) => eb.fn.count<number>('s.id').as('sessions')])
      .where('c.territory_id', '=', planner.territory.id)
      .groupBy(['c.id', 'c.number', 'c.name', 'c.starts_on', 'c.ends_on', 'c.registration_opens_at'])
      .orderBy('c.number', 'desc')
      .execute();
    return reply.page(t('planning.cycles.title'), <CycleListPage rows={rows.map((r) => ({ ...r, sessions: Number(r.sessions) }))} />, {
      notice: queryOf(request).enregistre ? t('planning.saved') : undefined,
    });
  });

  const show = (reply: FastifyReply, values: FormValues, errors: FieldErrors, id?: number) =>
    reply.page(id ? t('planning.cycles.edit') : t('planning.cycles.new'), <CycleFormPage csrf={reply.generateCsrf()} id={id} values={values} errors={errors} />, {
      status: Object.keys(errors).length ? 400 : 200,
    });

  app.get('/equipe/sessions/nouvelle', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const last = await db.selectFrom('cycles').select(['number']).where('territory_id', '=', planner.territory.id).orderBy('number', 'desc').executeTakeFirst();
    const number = (last?.number ?? 0) + 1;
    return show(reply, { number: String(number), name: `${number}e session`, opens_at: '09:00' }, {});
  });

  app.post('/equipe/sessions/nouvelle', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const form = parseForm(cycleForm, request.body);
    if (!form.ok) return show(reply, form.values, form.errors);
    const result = await saveCycle(db, planner.actor, form.data);
    if (!result.ok) return show(reply, form.values, result.errors);
    return reply.redirect('/equipe/sessions?enregistre=1', 303);
  });

  app.get<{ Params: { id: string } }>('/equipe/sessions/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const c = id === null ? undefined : await db.selectFrom('cycles').selectAll().where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst();
    if (!c) return reply.callNotFound();
    const opens = parisDateTimeFields(c.registration_opens_at);
    return show(reply, { number: String(c.number), name: c.name, starts_on: c.starts_on, ends_on: c.ends_on, opens_on: opens.date, opens_at: opens.time }, {}, c.id);
  });

  app.post<{ Params: { id: string } }>('/equipe/sessions/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const exists = id === null ? undefined : await db.selectFrom('cycles').select('id').where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst();
    if (!exists) return reply.callNotFound();
    const form = parseForm(cycleForm, request.body);
    if (!form.ok) return show(reply, form.values, form.errors, exists.id);
    const result = await saveCycle(db, planner.actor, form.data, exists.id);
    if (!result.ok) return show(reply, form.values, result.errors, exists.id);
    return reply.redirect('/equipe/sessions?enregistre=1', 303);
  });
};
