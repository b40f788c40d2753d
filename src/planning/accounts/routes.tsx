import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { auditAccess } from '../../platform/audit.js';
import { t } from '../../platform/i18n/index.js';
import { formList, formValues, idOf, parseForm, type FormValues } from '../../platform/forms.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { queryOf, requirePlanner } from '../ui.js';
import { accountForm, changeStaffAccount, createStaffAccount } from './commands.js';
import { ACCOUNT_KINDS, type AccountKind } from './kinds.js';
import { AccountFormPage, AccountListPage } from './views.js';

/** The coordinator's pages for the staff accounts of each kind: `/equipe/animateurs` and `/equipe/elus`. */
export const accountRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const partnersOf = (territoryId: number) => db.selectFrom('partners').select(['id', 'name']).where('territory_id', '=', territoryId).orderBy('name').execute();
  const workshopsOf = (territoryId: number) => db.selectFrom('workshops').select(['id', 'title']).where('territory_id', '=', territoryId).orderBy('title').execute();

  for (const kind of Object.keys(ACCOUNT_KINDS) as AccountKind[]) {
    const spec = ACCOUNT_KINDS[kind];
    // scoped by role and territory: an account of another kind or territory is not found here
    const findAccount = (territoryId: number, id: number | null) =>
      id === null ? Promise.resolve(undefined) : db.selectFrom('staff_users').select(['id', 'display_name', 'email', 'active', 'partner_id']).where('id', '=', id).where('role', '=', spec.role).where('territory_id', '=', territoryId).executeTakeFirst();
    const chosenWorkshops = (request: FastifyRequest) => (spec.workshops ? formList(request.body, 'workshops') : []);
    const partnerIdOf = (request: FastifyRequest) => (spec.partner ? idOf(formValues(request.body).partner) : null);
    const workshopIds = (chosen: string[]) => chosen.map(idOf).filter((x): x is number => x !== null);

    app.get(spec.path, async (request, reply) => {
      const planner = await requirePlanner(request, reply);
      if (!planner) return reply;
      const [users, links] = await Promise.all([
        db.selectFrom('staff_users').select(['id', 'display_name', 'email', 'active']).where('territory_id', '=', planner.territory.id).where('role', '=', spec.role).orderBy('display_name').execute(),
        spec.workshops
          ? db
              .selectFrom('facilitator_workshops as fw')
              .innerJoin('workshops as w', 'w.id', 'fw.workshop_id')
              .select(['fw.staff_user_id', 'w.title'])
              .where('w.territory_id', '=', planner.territory.id)
              .orderBy('w.title')
              .execute()
          : Promise.resolve([]),
      ]);
      const rows = users.map((u) => ({ ...u, workshops: links.filter((l) => l.staff_user_id === u.id).map((l) => l.title) }));
      await auditAccess(db, { territoryId: planner.territory.id, staffId: planner.actor.staffId, action: 'read.staff_accounts', subject: `role:${spec.role}`, rows: rows.length });
      return reply.page(t(spec.text.title), <AccountListPage kind={kind} rows={rows} />, { notice: queryOf(request).enregistre ? t('planning.saved') : undefined });
    });

    const show = async (reply: FastifyReply, territoryId: number, values: FormValues, chosen: string[], errors: FieldErrors, id?: number) =>
      reply.page(
        t(id ? spec.text.edit : spec.text.new),
        <AccountFormPage kind={kind} csrf={reply.generateCsrf()} id={id} values={values} chosen={chosen} errors={errors} workshops={spec.workshops ? await workshopsOf(territoryId) : []} partners={spec.partner ? await partnersOf(territoryId) : []} />,
        { status: Object.keys(errors).length ? 400 : 200 },
      );

    app.get(`${spec.path}/nouveau`, async (request, reply) => {
      const planner = await requirePlanner(request, reply);
      if (!planner) return reply;
      return show(reply, planner.territory.id, { active: '1' }, [], {});
    });

    app.post(`${spec.path}/nouveau`, async (request, reply) => {
      const planner = await requirePlanner(request, reply);
      if (!planner) return reply;
      const chosen = chosenWorkshops(request);
      const form = parseForm(accountForm, request.body);
      if (!form.ok) return show(reply, planner.territory.id, form.values, chosen, form.errors);
      const result = await createStaffAccount(db, planner.actor, { kind, input: form.data, workshopIds: workshopIds(chosen), partnerId: partnerIdOf(request) });
      if (!result.ok) return show(reply, planner.territory.id, form.values, chosen, result.errors);
      return reply.redirect(`${spec.path}?enregistre=1`, 303);
    });

    app.get<{ Params: { id: string } }>(`${spec.path}/:id`, async (request, reply) => {
      const planner = await requirePlanner(request, reply);
      if (!planner) return reply;
      const account = await findAccount(planner.territory.id, idOf(request.params.id));
      if (!account) return reply.callNotFound();
      const chosen = spec.workshops ? (await db.selectFrom('facilitator_workshops').select('workshop_id').where('staff_user_id', '=', account.id).execute()).map((r) => String(r.workshop_id)) : [];
      return show(reply, planner.territory.id, { name: account.display_name, email: account.email, active: account.active ? '1' : '', partner: account.partner_id ? String(account.partner_id) : '' }, chosen, {}, account.id);
    });

    app.post<{ Params: { id: string } }>(`${spec.path}/:id`, async (request, reply) => {
      const planner = await requirePlanner(request, reply);
      if (!planner) return reply;
      const account = await findAccount(planner.territory.id, idOf(request.params.id));
      if (!account) return reply.callNotFound();
      const chosen = chosenWorkshops(request);
      const form = parseForm(accountForm, request.body);
      if (!form.ok) return show(reply, planner.territory.id, form.values, chosen, form.errors, account.id);
      const result = await changeStaffAccount(db, planner.actor, { kind, id: account.id, input: form.data, workshopIds: workshopIds(chosen), partnerId: partnerIdOf(request) });
      if (!result.ok) return show(reply, planner.territory.id, form.values, chosen, result.errors, account.id);
      return reply.redirect(`${spec.path}?enregistre=1`, 303);
    });
  }
};
