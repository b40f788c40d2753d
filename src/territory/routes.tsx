import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { parseForm, type FormValues } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { officialDepartments, officialEpcisOfDepartment } from './official.js';
import { addTerritory, listTerritories, territoryForm } from './add.js';
import { changeTerritoryHost, editableTerritory, hostForm } from './host.js';
import { NewTerritoryPage, TerritoriesPage, TerritoryHostPage } from './views.js';

/**
 * Administrators only (docs/decisions/0019-territories.md): anonymous visitors go to the sign-in
 * page, other staff get the 404 of a page that does not exist.
 */
async function requireAdministrator(request: FastifyRequest, reply: FastifyReply) {
  if (!request.staff) {
    await reply.redirect('/equipe/connexion', 303);
    return null;
  }
  if (request.staff.role !== 'administrator') {
    await reply.callNotFound();
    return null;
  }
  return request.staff;
}

/** The territories of the instance, and adding one (`/equipe/territoires`). */
export const territoryRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  const showForm = (reply: FastifyReply, department: string | undefined, values: FormValues, errors: FieldErrors, status = 200) => {
    const departments = officialDepartments();
    const known = department && departments.some((d) => d.code === department) ? department : undefined;
    const allErrors = department && !known ? { ...errors, departement: t('validation.department_unknown') } : errors;
    return reply.page(
      t('territories.new.title'),
      <NewTerritoryPage csrf={reply.generateCsrf()} departments={departments} department={known} epcis={known ? officialEpcisOfDepartment(known) : []} values={values} errors={allErrors} />,
      { status: department && !known ? 400 : status },
    );
  };

  app.get('/equipe/territoires', async (request, reply) => {
    const staff = await requireAdministrator(request, reply);
    if (!staff) return reply;
    const rows = await listTerritories(db);
    const defaultId = rows.find((r) => r.slug === app.deps.config.defaultTerritory)?.id ?? rows[0]?.id ?? null;
    const added = (request.query as Record<string, unknown>).ajoute;
    const name = typeof added === 'string' ? rows.find((r) => String(r.id) === added)?.name : undefined;
    const moved = (request.query as Record<string, unknown>).adresse;
    const movedRow = typeof moved === 'string' ? rows.find((r) => String(r.id) === moved) : undefined;
    const notice = name ? t('territories.added', { name }) : movedRow ? t('territories.host_changed', { name: movedRow.name, host: movedRow.host ?? '' }) : undefined;
    const editable = (id: number) => staff.territoryId === null || staff.territoryId === id;
    return reply.page(t('territories.title'), <TerritoriesPage rows={rows} defaultId={defaultId} editable={editable} />, { notice });
  });

  /** One territory's host name: a national administrator changes any, a territory's administrator their own; any other id is a 404. */
  const territoryOf = async (request: FastifyRequest, reply: FastifyReply) => {
    const staff = await requireAdministrator(request, reply);
    if (!staff) return null;
    const id = Number((request.params as { id: string }).id);
    const territory = Number.isSafeInteger(id) && id > 0 ? await editableTerritory(db, staff, id) : null;
    if (!territory) {
      await reply.callNotFound();
      return null;
    }
    return { staff, territory };
  };

  app.get<{ Params: { id: string } }>('/equipe/territoires/:id', async (request, reply) => {
    const found = await territoryOf(request, reply);
    if (!found) return reply;
    return reply.page(t('territories.host_page.title', { name: found.territory.name }), <TerritoryHostPage csrf={reply.generateCsrf()} territory={found.territory} values={{}} errors={{}} />);
  });

  app.post<{ Params: { id: string } }>('/equipe/territoires/:id', async (request, reply) => {
    const found = await territoryOf(request, reply);
    if (!found) return reply;
    const { staff, territory } = found;
    const show = (values: FormValues, errors: FieldErrors, status: number) =>
      reply.page(t('territories.host_page.title', { name: territory.name }), <TerritoryHostPage csrf={reply.generateCsrf()} territory={territory} values={values} errors={errors} />, { status });
    const form = parseForm(hostForm, request.body);
    if (!form.ok) return show(form.values, form.errors, 400);
    const result = await changeTerritoryHost(db, { staffId: staff.id, territoryId: staff.territoryId }, territory.id, form.data.host);
    if (!result.ok) return show(form.values, result.errors, 409);
    return reply.redirect(`/equipe/territoires?adresse=${territory.id}`, 303);
  });

  app.get('/equipe/territoires/nouveau', async (request, reply) => {
    if (!(await requireAdministrator(request, reply))) return reply;
    const department = (request.query as Record<string, unknown>).departement;
    return showForm(reply, typeof department === 'string' && department ? department : undefined, {}, {});
  });

  app.post('/equipe/territoires/nouveau', async (request, reply) => {
    const staff = await requireAdministrator(request, reply);
    if (!staff) return reply;
    const form = parseForm(territoryForm, request.body);
    if (!form.ok) return showForm(reply, form.values.departement, form.values, form.errors, 400);
    const result = await addTerritory(db, { staffId: staff.id, territoryId: staff.territoryId }, form.data);
    if (!result.ok) return showForm(reply, form.values.departement, form.values, result.errors, 409);
    return reply.redirect(`/equipe/territoires?ajoute=${result.territoryId}`, 303);
  });
};
