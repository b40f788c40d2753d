import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import { parseForm, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { pageNumber, queryOf, requirePlanner } from '../ui.js';
import { idOf } from '../sessions/form.js';
import { saveWorkshop } from './commands.js';
import { LEVELS, THEMES, workshopForm } from './form.js';
import { WorkshopFormPage, WorkshopListPage } from './views.js';

const PAGE = 25;

export const workshopRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  app.get('/equipe/ateliers', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const query = queryOf(request);
    const page = pageNumber(query.page);
    const theme = THEMES.find((x) => x === query.theme);
    const level = LEVELS.find((x) => x === query.niveau);
    const base = db
      .selectFrom('workshops')
      .where('territory_id', '=', planner.territory.id)
      .$if(theme !== undefined, (q) => q.where('theme', '=', theme!))
      .$if(level !== undefined, (q) => q.where('level', '=', level!));
    const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const sorted = base.select(['id', 'title', 'level', 'duration_minutes', 'theme', 'published']);
    const rows = await (query.tri === 'theme' ? sorted.orderBy('theme').orderBy('title') : query.tri === 'duree' ? sorted.orderBy('duration_minutes').orderBy('title') : sorted.orderBy('title'))
      .limit(PAGE)
      .offset((page - 1) * PAGE)
      .execute();
    const filters = Object.fromEntries(Object.entries(query).filter(([k]) => ['theme', 'niveau', 'tri'].includes(k)));
    const notice = query.enregistre ? t('planning.saved') : undefined;
    return reply.page(t('planning.workshops.title'), <WorkshopListPage rows={rows} page={page} pages={Math.max(1, Math.ceil(total / PAGE))} total={total} query={filters} />, { notice });
  });

  const show = (reply: FastifyReply, values: FormValues, errors: FieldErrors, id?: number) =>
    reply.page(id ? t('planning.workshops.edit') : t('planning.workshops.new'), <WorkshopFormPage csrf={reply.generateCsrf()} id={id} values={values} errors={errors} />, {
      status: Object.keys(errors).length ? 400 : 200,
    });

  app.get('/equipe/ateliers/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return show(reply, { level: 'debutant', duration: '150', theme: 'internet', published: '1' }, {});
  });

  app.post('/equipe/ateliers/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const form = parseForm(workshopForm, request.body);
    if (!form.ok) return show(reply, form.values, form.errors);
    const result = await saveWorkshop(db, planner.actor, form.data);
    if (!result.ok) return show(reply, form.values, result.errors);
    return reply.redirect('/equipe/ateliers?enregistre=1', 303);
  });

  app.get<{ Params: { id: string } }>('/equipe/ateliers/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const w = id === null ? undefined : await db.selectFrom('workshops').selectAll().where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst();
    if (!w) return reply.callNotFound();
    const values: FormValues = {
      title: w.title,
      slug: w.slug,
      summary: w.summary,
      description: w.description ?? '',
      objectives: w.objectives ?? '',
      level: w.level,
      duration: String(w.duration_minutes),
      prerequisites: w.prerequisites ?? '',
      theme: w.theme,
      follow_on_partner: w.follow_on_partner ?? '',
      follow_on_title: w.follow_on_title ?? '',
      follow_on_url: w.follow_on_url ?? '',
      published: w.published ? '1' : '',
    };
    return show(reply, values, {}, w.id);
  });

  app.post<{ Params: { id: string } }>('/equipe/ateliers/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const exists = id === null ? undefined : await db.selectFrom('workshops').select('id').where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst();
    if (!exists) return reply.callNotFound();
    const form = parseForm(workshopForm, request.body);
    if (!form.ok) return show(reply, form.values, form.errors, exists.id);
    const result = await saveWorkshop(db, planner.actor, form.data, exists.id);
    if (!result.ok) return show(reply, form.values, result.errors, exists.id);
    return reply.redirect('/equipe/ateliers?enregistre=1', 303);
  });
};
