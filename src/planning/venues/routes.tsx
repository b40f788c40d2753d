import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import { parseForm, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { queryOf, requirePlanner } from '../ui.js';
import { idOf } from '../sessions/form.js';
import { saveVenue } from './commands.js';
import { venueForm } from './form.js';
import { VenueFormPage, VenueListPage } from './views.js';

export const venueRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const communesOf = (territoryId: number) => db.selectFrom('communes').select(['insee_code', 'name', 'postcodes']).where('territory_id', '=', territoryId).orderBy('name').execute();

  app.get('/equipe/lieux', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const rows = await db
      .selectFrom('venues as v')
      .innerJoin('communes as c', (j) => j.onRef('c.insee_code', '=', 'v.commune_code').onRef('c.territory_id', '=', 'v.territory_id'))
      .select(['v.id', 'v.name', 'c.name as commune_name', 'v.workstations', 'v.accessible_prm'])
      .where('v.territory_id', '=', planner.territory.id)
      .orderBy('v.name')
      .execute();
    return reply.page(t('planning.venues.title'), <VenueListPage rows={rows} />, { notice: queryOf(request).enregistre ? t('planning.saved') : undefined });
  });

  const show = async (reply: FastifyReply, territoryId: number, values: FormValues, errors: FieldErrors, id?: number) =>
    reply.page(id ? t('planning.venues.edit') : t('planning.venues.new'), <VenueFormPage csrf={reply.generateCsrf()} id={id} values={values} errors={errors} communes={await communesOf(territoryId)} />, {
      status: Object.keys(errors).length ? 400 : 200,
    });

  app.get('/equipe/lieux/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return show(reply, planner.territory.id, { workstations: '8', accessible: '1' }, {});
  });

  app.post('/equipe/lieux/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const form = parseForm(venueForm, request.body);
    if (!form.ok) return show(reply, planner.territory.id, form.values, form.errors);
    const result = await saveVenue(db, planner.actor, form.data);
    if (!result.ok) return show(reply, planner.territory.id, form.values, result.errors);
    return reply.redirect('/equipe/lieux?enregistre=1', 303);
  });

  app.get<{ Params: { id: string } }>('/equipe/lieux/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const v = id === null ? undefined : await db.selectFrom('venues').selectAll().where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst();
    if (!v) return reply.callNotFound();
    const values: FormValues = {
      name: v.name,
      slug: v.slug,
      address: v.address,
      commune: v.commune_code,
      workstations: String(v.workstations),
      accessible: v.accessible_prm ? '1' : '',
      equipment: v.equipment ?? '',
      opening_hours: v.opening_hours ?? '',
      contact_phone: v.contact_phone ?? '',
      contact_email: v.contact_email ?? '',
      website: v.website ?? '',
      pivot: v.pivot ?? '',
    };
    return show(reply, planner.territory.id, values, {}, v.id);
  });

  app.post<{ Params: { id: string } }>('/equipe/lieux/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const exists = id === null ? undefined : await db.selectFrom('venues').select('id').where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst();
    if (!exists) return reply.callNotFound();
    const form = parseForm(venueForm, request.body);
    if (!form.ok) return show(reply, planner.territory.id, form.values, form.errors, exists.id);
    const result = await saveVenue(db, planner.actor, form.data, exists.id);
    if (!result.ok) return show(reply, planner.territory.id, form.values, result.errors, exists.id);
    return reply.redirect('/equipe/lieux?enregistre=1', 303);
  });
};
