import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { formList, formValues, idOf, type FormValues } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { parisInstantFromFields } from '../../platform/time.js';
import { requirePlanner, type Planner } from '../../planning/ui.js';
import { openSessions } from '../../catalogue/queries.js';
import { filterOptions } from '../../results/filters.js';
import { cancelCampaign, saveCampaign, sendTest } from './commands.js';
import { parseCampaignForm } from './form.js';
import { campaignDetail, campaignList } from './queries.js';
import { renderCampaignMail, type CampaignContext } from './render.js';
import { campaignProgress, nearestSessions, previewRecipient, startCampaign } from './send.js';
import { CampaignFormPage, CampaignListPage, CampaignPage, type Choices } from './views.js';

/** The coordination's campaigns: list, compose, preview, test, send or schedule, follow the sending. */
export const campaignMessageRoutes: FastifyPluginAsync = async (app) => {
  const { config } = app.deps;
  const db = app.deps.database.db;
  const ctxOf = (planner: Planner): CampaignContext & { staffId: number } => ({
    territoryId: planner.territory.id,
    staffId: planner.actor.staffId,
    baseUrl: planner.territory.base_url,
    programmeName: planner.territory.programme_name ?? t('app.name'),
    publisher: planner.territory.publisher ?? planner.territory.name,
    secret: config.sessionSecret,
  });
  const choicesOf = async (territoryId: number): Promise<Choices> => {
    const [options, communes] = await Promise.all([filterOptions(db, territoryId), db.selectFrom('communes').select(['insee_code as code', 'name']).where('territory_id', '=', territoryId).orderBy('name').execute()]);
    return { epcis: options.epcis, workshops: options.workshops, communes };
  };
  const known = (c: Choices) => ({ epcis: c.epcis.map((e) => e.code), workshops: c.workshops.map((w) => w.id), communes: c.communes.map((m) => m.code) });
  /** `lists`: the boxes ticked (sectors, communes), as saved or as sent back. */
  const showForm = async (reply: FastifyReply, planner: Planner, values: FormValues, lists: { sectors: string[]; communes: string[] }, errors: FieldErrors, id?: number) =>
    reply.page(id ? t('campaigns.edit') : t('campaigns.new'), <CampaignFormPage csrf={reply.generateCsrf()} id={id} values={values} lists={lists} errors={errors} choices={await choicesOf(planner.territory.id)} />, { status: Object.keys(errors).length ? 400 : 200 });
  const sentLists = (body: unknown) => ({ sectors: formList(body, 'sectors'), communes: formList(body, 'communes') });

  /** The campaign's page; its preview is for the coordinator, or for one of the territory's contacts (`?contact=<address>`). */
  const showCampaign = async (request: FastifyRequest, reply: FastifyReply, planner: Planner, id: number, errors: FieldErrors = {}, values: FormValues = {}, notice?: string, previewEmail?: string) => {
    const d = await campaignDetail(db, planner.territory.id, id);
    if (!d) return reply.callNotFound();
    const ctx = ctxOf(planner);
    const asContact = previewEmail ? await previewRecipient(db, planner.territory.id, d.campaign, previewEmail) : null;
    const previewErrors: FieldErrors = previewEmail && !asContact ? { contact: t('campaigns.preview_as.unknown') } : {};
    const mail = asContact
      ? renderCampaignMail(d.campaign, asContact.contact, asContact.sessions, ctx)
      : renderCampaignMail(d.campaign, { email: request.staff!.email, first_name: request.staff!.displayName.split(' ')[0] ?? null, lawful_basis: 'interet_legitime' }, nearestSessions(await openSessions(db, { territoryId: planner.territory.id, from: new Date().toISOString(), limit: 50 }), null, new Map()), ctx);
    const preview = { subject: mail.subject, text: mail.text, email: previewEmail ?? '', errors: previewErrors, contact: asContact ? { email: asContact.contact.email, inSegment: asContact.inSegment, unsubscribed: asContact.unsubscribed } : null };
    const failed = Object.keys(errors).length || Object.keys(previewErrors).length;
    return reply.page(d.campaign.name, <CampaignPage d={d} csrf={reply.generateCsrf()} preview={preview} errors={errors} values={values} />, { status: failed ? 400 : 200, notice });
  };

  app.get('/equipe/campagnes', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return reply.page(t('campaigns.title'), <CampaignListPage rows={await campaignList(db, planner.territory.id)} />);
  });

  app.get('/equipe/campagnes/nouvelle', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return showForm(reply, planner, { audience: 'all', per_minute: '30', body: t('campaigns.field.body.default') }, { sectors: [], communes: [] }, {});
  });

  app.post('/equipe/campagnes/nouvelle', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const form = parseCampaignForm(request.body, known(await choicesOf(planner.territory.id)));
    if (!form.ok) return showForm(reply, planner, form.values, sentLists(request.body), form.errors);
    const id = await saveCampaign(db, planner.actor, form.data);
    return reply.redirect(`/equipe/campagnes/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/equipe/campagnes/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const q = request.query as Record<string, unknown>;
    const previewEmail = typeof q.contact === 'string' && q.contact.trim() ? q.contact.trim().slice(0, 254) : undefined;
    return showCampaign(request, reply, planner, id, {}, {}, q.test ? t('campaigns.test.sent') : q.envoi ? t('campaigns.started') : undefined, previewEmail);
  });

  app.get<{ Params: { id: string } }>('/equipe/campagnes/:id/progression.json', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    const exists = id !== null && (await db.selectFrom('campaigns').select('id').where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst());
    if (!exists) return reply.callNotFound();
    const p = await campaignProgress(db, id!);
    return reply.header('cache-control', 'no-store').send({ ...p, text: t('campaigns.progress.text', { sent: String(p.sent), failed: String(p.failed), skipped: String(p.skipped), remaining: String(p.remaining) }) });
  });

  const draftOf = async (planner: Planner, raw: string) => {
    const id = idOf(raw);
    return id === null ? undefined : db.selectFrom('campaigns').selectAll().where('id', '=', id).where('territory_id', '=', planner.territory.id).executeTakeFirst();
  };

  app.get<{ Params: { id: string } }>('/equipe/campagnes/:id/modifier', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const c = await draftOf(planner, request.params.id);
    if (!c || c.status !== 'draft') return reply.callNotFound();
    const seg = JSON.parse(c.segment) as { sectors?: string[]; communes?: string[]; epci?: string | null; audience?: string; workshopId?: number | null };
    return showForm(reply, planner, { name: c.name, subject: c.subject, body: c.body, per_minute: String(c.per_minute), audience: seg.audience ?? 'all', epci: seg.epci ?? '', workshop: seg.workshopId ? String(seg.workshopId) : '' }, { sectors: seg.sectors ?? [], communes: seg.communes ?? [] }, {}, c.id);
  });

  app.post<{ Params: { id: string } }>('/equipe/campagnes/:id/modifier', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const c = await draftOf(planner, request.params.id);
    if (!c || c.status !== 'draft') return reply.callNotFound();
    const form = parseCampaignForm(request.body, known(await choicesOf(planner.territory.id)));
    if (!form.ok) return showForm(reply, planner, form.values, sentLists(request.body), form.errors, c.id);
    await saveCampaign(db, planner.actor, form.data, c.id);
    return reply.redirect(`/equipe/campagnes/${c.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/campagnes/:id/test', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const c = await draftOf(planner, request.params.id);
    if (!c) return reply.callNotFound();
    await sendTest(db, ctxOf(planner), c.id, request.staff!.email);
    return reply.redirect(`/equipe/campagnes/${c.id}?test=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/campagnes/:id/envoyer', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const c = await draftOf(planner, request.params.id);
    if (!c) return reply.callNotFound();
    const values = formValues(request.body);
    const errors: FieldErrors = {};
    let at = new Date();
    if (values.date || values.time) {
      const when = parisInstantFromFields(values.date ?? '', values.time ?? '');
      if (!when) errors.date = t('campaigns.error.when');
      else if (when.getTime() < Date.now() - 60_000) errors.date = t('campaigns.error.past');
      else at = when;
    }
    if (values.confirm !== '1') errors.confirm = t('campaigns.error.confirm');
    if (Object.keys(errors).length) return showCampaign(request, reply, planner, c.id, errors, values);
    const started = await startCampaign(db, ctxOf(planner), c.id, at);
    if (!started.ok) return showCampaign(request, reply, planner, c.id, { confirm: t('campaigns.error.not_draft') }, values);
    return reply.redirect(`/equipe/campagnes/${c.id}?envoi=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/campagnes/:id/annuler', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const c = await draftOf(planner, request.params.id);
    if (!c) return reply.callNotFound();
    await cancelCampaign(db, planner.actor, c.id);
    return reply.redirect(`/equipe/campagnes/${c.id}`, 303);
  });
};
