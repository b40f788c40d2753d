import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { auditAccess } from '../../platform/audit.js';
import { formList, formValues, idOf, parseForm, type FormValues } from '../../platform/forms.js';
import { formatDate, t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import type { CurrentTerritory } from '../../platform/programme.js';
import { queryOf, requirePlanner } from '../../planning/ui.js';
import { requireSessionAccess } from '../../facilitation/access.js';
import { participantOfRequest } from '../../registration/tokens.js';
import { addOffer, consentText, createReferral, offerForm, outcomeForm, partnerForm, recordOutcome, savePartner, setOfferActive, type ReferralInput } from './commands.js';
import { requireReferralAccess } from './access.js';
import { offersOf, parisDay, partnerOf, partnerOffersFor, partnersOf, referralsOf, referralsVisibleTo, referralVisibleTo, sharedFieldsOf } from './queries.js';
import { PartnerFormPage, PartnerListPage } from './partner-views.js';
import { MyReferralPage, NewReferralPage, ReferralListPage, ReferralPage, type ReferralFormProps } from './views.js';

const referralInput = (body: unknown): ReferralInput => {
  const v = formValues(body);
  return { partnerId: idOf(v.partner), offerId: idOf(v.offer), shared: formList(body, 'shared'), note: v.note?.trim().slice(0, 1000) || null, consent: v.consent === '1' };
};

/**
 * Partners and referrals (issue 9): the coordination's partner pages, the referral made after a
 * session (facilitator of that session, or coordination) or asked by the leader in their space,
 * and the partner accounts' list where they record each outcome.
 */
export const referralRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const config = app.deps.config;
  const mailContext = (territory: CurrentTerritory) => ({ baseUrl: territory.base_url, programmeName: territory.programme_name ?? t('app.name'), territoryId: territory.id });

  // ——— partners (coordination) ———
  app.get('/equipe/partenaires', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const rows = await partnersOf(db, planner.territory.id);
    return reply.page(t('referrals.partners.title'), <PartnerListPage rows={rows} />, { notice: queryOf(request).enregistre ? t('referrals.partner.saved') : undefined });
  });

  const showPartner = async (reply: FastifyReply, values: FormValues, errors: FieldErrors, id?: number, offer = { values: {} as FormValues, themes: [] as string[], errors: {} as FieldErrors }, notice?: string) =>
    reply.page(t(id ? 'referrals.partners.edit' : 'referrals.partners.new'), <PartnerFormPage csrf={reply.generateCsrf()} id={id} values={values} errors={errors} offers={id ? await offersOf(db, id) : []} offer={offer} />, {
      status: Object.keys(errors).length || Object.keys(offer.errors).length ? 400 : 200,
      notice,
    });

  app.get('/equipe/partenaires/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return showPartner(reply, { kind: 'cci' }, {});
  });

  app.post('/equipe/partenaires/nouveau', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const form = parseForm(partnerForm, request.body);
    if (!form.ok) return showPartner(reply, form.values, form.errors);
    const result = await savePartner(db, planner.actor, form.data);
    if (!result.ok) return showPartner(reply, form.values, result.errors);
    return reply.redirect(`/equipe/partenaires/${result.value}?enregistre=1`, 303);
  });

  app.get<{ Params: { id: string } }>('/equipe/partenaires/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const partner = await partnerOf(db, planner.territory.id, idOf(request.params.id));
    if (!partner) return reply.callNotFound();
    const values = { kind: partner.kind, name: partner.name, contact_name: partner.contact_name ?? '', contact_email: partner.contact_email ?? '', contact_phone: partner.contact_phone ?? '', website: partner.website ?? '' };
    const q = queryOf(request);
    return showPartner(reply, values, {}, partner.id, undefined, q.enregistre ? t('referrals.partner.saved') : q.offre ? t('referrals.offer.saved') : undefined);
  });

  app.post<{ Params: { id: string } }>('/equipe/partenaires/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const partner = await partnerOf(db, planner.territory.id, idOf(request.params.id));
    if (!partner) return reply.callNotFound();
    const form = parseForm(partnerForm, request.body);
    if (!form.ok) return showPartner(reply, form.values, form.errors, partner.id);
    const result = await savePartner(db, planner.actor, form.data, partner.id);
    if (!result.ok) return showPartner(reply, form.values, result.errors, partner.id);
    return reply.redirect(`/equipe/partenaires/${partner.id}?enregistre=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/partenaires/:id/offres', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const partner = await partnerOf(db, planner.territory.id, idOf(request.params.id));
    if (!partner) return reply.callNotFound();
    const themes = formList(request.body, 'themes');
    const values = { kind: partner.kind, name: partner.name, contact_name: partner.contact_name ?? '', contact_email: partner.contact_email ?? '', contact_phone: partner.contact_phone ?? '', website: partner.website ?? '' };
    const form = parseForm(offerForm, request.body);
    if (!form.ok) return showPartner(reply, values, {}, partner.id, { values: form.values, themes, errors: form.errors });
    const result = await addOffer(db, planner.actor, { partnerId: partner.id, offer: form.data, themes });
    if (!result.ok) return reply.callNotFound();
    return reply.redirect(`/equipe/partenaires/${partner.id}?offre=1#offres`, 303);
  });

  app.post<{ Params: { id: string; oid: string } }>('/equipe/partenaires/:id/offres/:oid/active', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const partnerId = idOf(request.params.id);
    const offerId = idOf(request.params.oid);
    if (partnerId === null || offerId === null) return reply.callNotFound();
    const done = await setOfferActive(db, planner.actor, { partnerId, offerId, active: formValues(request.body).active === '1' ? 1 : 0 });
    if (!done) return reply.callNotFound();
    return reply.redirect(`/equipe/partenaires/${partnerId}?offre=1#offres`, 303);
  });

  // ——— referrals: the team, after a session ———
  const staffForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const q = queryOf(request);
    const access = await requireSessionAccess(request, reply, q.seance);
    if (!access) return null;
    const participantId = idOf(q.participant);
    const person =
      participantId === null
        ? undefined
        : await db
            .selectFrom('registrations as g')
            .innerJoin('participants as p', 'p.id', 'g.participant_id')
            .select(['p.id', 'p.first_name', 'p.last_name'])
            .where('g.session_id', '=', access.session.id)
            .where('g.participant_id', '=', participantId)
            .where('g.status', '=', 'confirmed')
            .where('p.territory_id', '=', access.territory.id)
            .where('p.anonymised_at', 'is', null)
            .executeTakeFirst();
    // a referral follows a session: before it starts, and for someone not on its roster, the same answer as no such page
    if (!person || new Date(access.session.starts_at) > new Date()) {
      await reply.callNotFound();
      return null;
    }
    return { access, person, action: `/equipe/orientations/nouvelle?seance=${access.session.id}&participant=${person.id}` };
  };

  const formProps = async (territoryId: number, by: 'staff' | 'participant', base: { action: string; csrf: string; intro: string }, values: FormValues, shared: string[], errors: FieldErrors): Promise<ReferralFormProps> => {
    const [partners, offers] = await Promise.all([partnersOf(db, territoryId), partnerOffersFor(db, territoryId, [])]);
    return { ...base, by, partners, offers, values, shared, errors, consentLabel: consentText(by) };
  };

  const showNew = async (reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof staffForm>>>, values: FormValues, shared: string[], errors: FieldErrors) => {
    const s = found.access.session;
    const intro = t('referrals.new.intro', { name: `${found.person.first_name} ${found.person.last_name}`, workshop: s.workshop_title, date: formatDate(s.starts_at) });
    const props = await formProps(found.access.territory.id, 'staff', { action: found.action, csrf: reply.generateCsrf(), intro }, values, shared, errors);
    return reply.page(t('referrals.new.title'), <NewReferralPage {...props} />, { status: Object.keys(errors).length ? 400 : 200 });
  };

  app.get('/equipe/orientations/nouvelle', async (request, reply) => {
    const found = await staffForm(request, reply);
    if (!found) return reply;
    return showNew(reply, found, {}, ['name', 'email', 'company', 'workshops'], {});
  });

  app.post('/equipe/orientations/nouvelle', async (request, reply) => {
    const found = await staffForm(request, reply);
    if (!found) return reply;
    const input = referralInput(request.body);
    const result = await createReferral(db, mailContext(found.access.territory), {
      ...input,
      participantId: found.person.id,
      sessionId: found.access.session.id,
      requestedBy: 'staff',
      staffId: found.access.staff.id,
    });
    if (!result.ok) return showNew(reply, found, formValues(request.body), input.shared, result.errors);
    const partner = await partnerOf(db, found.access.territory.id, input.partnerId);
    return reply.redirect(`/equipe/seances/${found.access.session.id}/emargement?oriente=${encodeURIComponent(partner?.name ?? '')}`, 303);
  });

  // ——— referrals: the list and one referral (coordination, partner accounts) ———
  app.get('/equipe/orientations', async (request, reply) => {
    const access = await requireReferralAccess(request, reply);
    if (!access) return reply;
    const rows = (await referralsVisibleTo(db, access.viewer)).map((r) => ({ ...r, shared: sharedFieldsOf(r.shared_fields) }));
    await auditAccess(db, { territoryId: access.territory.id, staffId: access.staff.id, action: 'read.referrals', rows: rows.length, details: { partner: access.viewer.partnerId } });
    const partner = access.viewer.partnerId !== null && !access.unbound ? await partnerOf(db, access.territory.id, access.viewer.partnerId) : undefined;
    return reply.page(t('referrals.list.title'), <ReferralListPage rows={rows} partnerName={partner?.name ?? null} planner={access.planner} unbound={access.unbound} />);
  });

  const showReferral = async (reply: FastifyReply, access: NonNullable<Awaited<ReturnType<typeof requireReferralAccess>>>, id: number | null, values: FormValues, errors: FieldErrors, notice?: string) => {
    const r = await referralVisibleTo(db, access.viewer, id);
    if (!r) return reply.callNotFound(); // another chamber's, another territory's, or none: the same 404
    await auditAccess(db, { territoryId: access.territory.id, staffId: access.staff.id, action: 'read.referral', subject: `referral:${r.id}`, rows: 1 });
    return reply.page(t('referrals.detail.title', { date: formatDate(r.created_at) }), <ReferralPage r={r} csrf={reply.generateCsrf()} values={values} errors={errors} planner={access.planner} today={parisDay(new Date())} />, {
      status: Object.keys(errors).length ? 400 : 200,
      notice,
    });
  };

  app.get<{ Params: { id: string } }>('/equipe/orientations/:id', async (request, reply) => {
    const access = await requireReferralAccess(request, reply);
    if (!access) return reply;
    return showReferral(reply, access, idOf(request.params.id), {}, {}, queryOf(request).enregistre ? t('referrals.outcome.saved') : undefined);
  });

  app.post<{ Params: { id: string } }>('/equipe/orientations/:id/suite', async (request, reply) => {
    const access = await requireReferralAccess(request, reply);
    if (!access) return reply;
    const id = idOf(request.params.id);
    if (id === null || !(await referralVisibleTo(db, access.viewer, id))) return reply.callNotFound();
    const form = parseForm(outcomeForm, request.body);
    if (!form.ok) return showReferral(reply, access, id, form.values, form.errors);
    const result = await recordOutcome(db, { staffId: access.staff.id, territoryId: access.territory.id, partnerId: access.viewer.partnerId }, { ...form.data, referralId: id });
    if (!result.ok) return showReferral(reply, access, id, form.values, result.errors);
    return reply.redirect(`/equipe/orientations/${id}?enregistre=1`, 303);
  });

  // ——— the leader's own request, in « Mes inscriptions » ———
  const showMine = async (reply: FastifyReply, territory: CurrentTerritory, participantId: number, values: FormValues, shared: string[], errors: FieldErrors, notice?: string) => {
    const props = await formProps(territory.id, 'participant', { action: '/mes-inscriptions/orientation', csrf: reply.generateCsrf(), intro: '' }, values, shared, errors);
    const mine = await referralsOf(db, participantId);
    return reply.page(t('referrals.mine.title'), <MyReferralPage {...props} mine={mine} />, { status: Object.keys(errors).length ? 400 : 200, notice });
  };

  app.get('/mes-inscriptions/orientation', async (request, reply) => {
    const participantId = await participantOfRequest(request);
    if (participantId === null) return reply.redirect('/mes-inscriptions/lien', 303);
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const sent = queryOf(request).transmise;
    return showMine(reply, territory, participantId, {}, ['name', 'email'], {}, sent ? t('referrals.mine.sent', { partner: sent }) : undefined);
  });

  app.post('/mes-inscriptions/orientation', { config: { rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } } }, async (request, reply) => {
    const participantId = await participantOfRequest(request);
    if (participantId === null) return reply.redirect('/mes-inscriptions/lien', 303);
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const input = referralInput(request.body);
    const result = await createReferral(db, mailContext(territory), { ...input, participantId, sessionId: null, requestedBy: 'participant', staffId: null });
    if (!result.ok) {
      if (result.errors._form) return reply.callNotFound(); // a participant of another territory
      return showMine(reply, territory, participantId, formValues(request.body), input.shared, result.errors);
    }
    const partner = await partnerOf(db, territory.id, input.partnerId);
    return reply.redirect(`/mes-inscriptions/orientation?transmise=${encodeURIComponent(partner?.name ?? '')}`, 303);
  });
};

export { partnerOffersFor, referralsOf };
