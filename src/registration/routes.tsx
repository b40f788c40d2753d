import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { nextWorkshopsFor, partnerPathFor } from '../pathway/path.js';
import { latestRecommendations } from '../pathway/diagnostic/queries.js';
import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import { fields, formValues, parseForm, type FormValues, idOf } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { formatDate, formatDateTime } from '../platform/i18n/index.js';
import type { CurrentTerritory } from '../platform/programme.js';
import { cancelRegistration, registerParticipant } from './commands.js';
import { registrationForm } from './form.js';
import { queueAccessLink, sessionIcs, type MailContext } from './mails.js';
import { otherDates, registrationClosedReason, registrationsOf, sessionForRegistration, type RegistrationSession } from './queries.js';
import { closeParticipantSession, consumeAccessToken, issueAccessToken, openParticipantSession, participantOfRequest, invitationFor, PARTICIPANT_COOKIE } from './tokens.js';
import { rosterRoutes } from './roster.js';
import { AccessLinkPage, AccountPage, RegistrationDonePage, RegistrationFormPage } from './views.js';
import { REF, REF_COOKIE } from '../platform/http/server.js';


/** Registration without an account, and « Mes inscriptions » reached by a link sent by e-mail. */
export const registrationRoutes: FastifyPluginAsync = async (app) => {
  await app.register(rosterRoutes);
  const { config, database } = app.deps;
  const db = database.db;
  const formLimit = { rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } };
  const mailContext = (territory: CurrentTerritory): MailContext => ({ baseUrl: territory.base_url, programmeName: territory.programme_name ?? t('app.name') });

  const closedMessage = (s: RegistrationSession, invited = false): string | null => {
    const reason = registrationClosedReason(s, new Date(), config.registrationClosesHours, invited);
    if (!reason) return null;
    if (reason === 'priority') return t('registration.error.priority', { date: formatDateTime(s.public_from!) });
    return reason === 'not_open' ? t('registration.error.not_open', { date: formatDate(s.registration_opens_at) }) : t(`registration.error.${reason}`);
  };

  /** The campaign that brought the person here: the link's `?ref=`, or the one kept for the browser session. */
  const refOf = (request: FastifyRequest): string | undefined => {
    const ref = (request.query as Record<string, unknown>).ref ?? request.cookies[REF_COOKIE];
    return typeof ref === 'string' && REF.test(ref) ? ref : undefined;
  };

  async function load(request: FastifyRequest<{ Params: { id: string } }>) {
    const territory = await request.territory();
    const id = idOf(request.params.id);
    const session = territory && id !== null ? await sessionForRegistration(db, territory.id, id) : undefined;
    return territory && session && session.published ? { territory, session } : null;
  }

  const showForm = async (reply: FastifyReply, territoryId: number, session: RegistrationSession, values: FormValues, errors: FieldErrors, status = 200, invited = false) => {
    const [communes, others] = await Promise.all([
      db.selectFrom('communes').select(['insee_code', 'name', 'postcodes']).where('territory_id', '=', territoryId).orderBy('name').execute(),
      otherDates(db, session.workshop_id, session.id, new Date()),
    ]);
    return reply.page(
      t('registration.title'),
      <RegistrationFormPage csrf={reply.generateCsrf()} session={session} values={values} errors={errors} communes={communes} closedMessage={closedMessage(session, invited)} otherDates={others} invited={invited} />,
      { status },
    );
  };

  app.get<{ Params: { id: string } }>('/seances/:id/inscription', async (request, reply) => {
    const found = await load(request);
    if (!found) return reply.callNotFound();
    // a requester's invitation (session opened on demand): their details filled in, the priority window open to them
    const token = String((request.query as Record<string, unknown>).invitation ?? '');
    const invitation = token ? await invitationFor(db, token, found.session.id) : null;
    if (invitation) {
      const values = { invitation: token, first_name: invitation.first_name, last_name: invitation.last_name, email: invitation.email, company: invitation.company ?? '' };
      return showForm(reply, found.territory.id, found.session, values, {}, 200, true);
    }
    return showForm(reply, found.territory.id, found.session, refOf(request) ? { ref: refOf(request)! } : {}, {});
  });

  app.post<{ Params: { id: string } }>('/seances/:id/inscription', { config: formLimit }, async (request, reply) => {
    const territory = await request.territory();
    const id = idOf(request.params.id);
    if (!territory || id === null) return reply.callNotFound();
    const form = parseForm(registrationForm, request.body);
    const invitation = form.values.invitation && /^[A-Za-z0-9_-]{20,100}$/.test(form.values.invitation) ? form.values.invitation : undefined;
    const invited = invitation ? !!(await invitationFor(db, invitation, id)) : false;
    if (!form.ok) {
      const found = await load(request);
      if (!found) return reply.callNotFound();
      return showForm(reply, territory.id, found.session, form.values, form.errors, 400, invited);
    }
    // the session is read (and locked), and the commune checked, in the registration's transaction: no read before it
    const result = await registerParticipant(
      db,
      { ...mailContext(territory), territoryId: territory.id, closesHours: config.registrationClosesHours, reminderDays: config.reminderDays },
      { sessionId: id, person: form.data, source: invited ? 'invitation' : 'web', ...(invitation ? { invitation } : {}), campaignRef: REF.test(form.values.ref ?? '') ? form.values.ref : refOf(request) },
    );
    // a session unknown here, or of a workshop not published, is not found (as on the form's page)
    if (!result.session?.published) return reply.callNotFound();
    if (!result.ok) {
      const errors: FieldErrors = result.code === 'commune' ? { commune: t('registration.error.commune') } : {};
      return showForm(reply, territory.id, result.session, form.values, errors, result.code === 'commune' ? 400 : 409, invited);
    }
    return reply.page(title(result), <RegistrationDonePage status={result.status} position={result.position} already={result.already} session={result.session} email={form.data.email} />);
  });

  const title = (r: { status: string; already: boolean }) => (r.already ? t('registration.already.title') : r.status === 'confirmed' ? t('registration.confirmed.title') : t('registration.waitlisted.title'));

  app.get<{ Params: { id: string } }>('/seances/:id/agenda.ics', async (request, reply) => {
    const found = await load(request);
    if (!found) return reply.callNotFound();
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="seance-${found.session.id}.ics"`)
      .send(sessionIcs(mailContext(found.territory), found.session));
  });

  // « Mes inscriptions »
  app.get('/mes-inscriptions/acces', async (request, reply) => {
    const token = String((request.query as Record<string, unknown>).jeton ?? '');
    const participantId = await consumeAccessToken(db, token, (await request.territory())?.id ?? null);
    if (participantId === null) return showLinkPage(reply, {}, {}, t('account.link.invalid'), 400);
    const session = await openParticipantSession(db, participantId);
    reply.setCookie(PARTICIPANT_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true, expires: session.expiresAt });
    // a link may lead on to a page of the participant's space (a conversation of the directory); nowhere else
    const next = String((request.query as Record<string, unknown>).suite ?? '');
    return reply.redirect(/^\/(reseau|mes-inscriptions)(\/[a-z0-9-]+)*$/.test(next) ? next : '/mes-inscriptions', 303);
  });

  const participant = participantOfRequest;

  app.get('/mes-inscriptions', async (request, reply) => {
    const participantId = await participant(request);
    if (participantId === null) return reply.redirect('/mes-inscriptions/lien', 303);
    const rows = await registrationsOf(db, participantId);
    const ranked = rows.map((r) => ({ ...r, rank: r.status === 'waitlisted' ? Number(r.queue_rank) : null }));
    const notice = (request.query as Record<string, unknown>).annule ? t('account.cancelled') : undefined;
    // the leader's path: a kept self-diagnostic's recommendations first, then what follows their workshops
    const person = await db.selectFrom('participants').select('territory_id').where('id', '=', participantId).executeTakeFirstOrThrow();
    const diagnostic = await latestRecommendations(db, person.territory_id, participantId);
    const [next, partners] = await Promise.all([
      nextWorkshopsFor(db, participantId, { recommended: diagnostic?.workshops.map((w) => w.id) ?? [] }),
      partnerPathFor(db, participantId, { themes: diagnostic?.beyondWorkshopThemes ?? [] }),
    ]);
    return reply.page(t('account.title'), <AccountPage csrf={reply.generateCsrf()} rows={ranked} now={new Date().toISOString()} next={next} partners={partners} diagnosticAt={diagnostic?.takenAt ?? null} />, { notice });
  });

  app.post<{ Params: { id: string } }>('/mes-inscriptions/:id/annulation', { config: formLimit }, async (request, reply) => {
    const participantId = await participant(request);
    if (participantId === null) return reply.redirect('/mes-inscriptions/lien', 303);
    const territory = await request.territory();
    const registrationId = idOf(request.params.id);
    if (!territory || registrationId === null) return reply.callNotFound();
    const result = await cancelRegistration(
      db,
      { ...mailContext(territory), territoryId: territory.id, reminderDays: config.reminderDays },
      { registrationId, participantId, actor: `participant:${participantId}` },
    );
    if (!result.ok) return reply.callNotFound(); // another person's registration looks like none
    return reply.redirect('/mes-inscriptions?annule=1', 303);
  });

  app.post('/mes-inscriptions/deconnexion', { config: formLimit }, async (request, reply) => {
    const raw = request.cookies[PARTICIPANT_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    if (unsigned?.valid && unsigned.value) await closeParticipantSession(db, unsigned.value);
    reply.clearCookie(PARTICIPANT_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    return reply.redirect('/', 303);
  });

  const showLinkPage = (reply: FastifyReply, values: FormValues, errors: FieldErrors, message?: string, status = 200) =>
    reply.page(t('account.link.title'), <AccessLinkPage csrf={reply.generateCsrf()} values={values} errors={errors} message={message} />, { status });

  app.get('/mes-inscriptions/lien', async (_request, reply) => showLinkPage(reply, {}, {}));

  const linkForm = z.object({ email: fields.email() });
  app.post('/mes-inscriptions/lien', { config: formLimit }, async (request, reply) => {
    const form = parseForm(linkForm, request.body);
    if (!form.ok) return showLinkPage(reply, form.values, form.errors, undefined, 400);
    const territory = await request.territory();
    if (territory) {
      await db.transaction().execute(async (tx) => {
        const person = await tx.selectFrom('participants').select(['id', 'first_name', 'last_name', 'email']).where('territory_id', '=', territory.id).where('email', '=', form.data.email).where('anonymised_at', 'is', null).executeTakeFirst();
        if (!person) return;
        const token = await issueAccessToken(tx, person.id);
        await queueAccessLink(tx, mailContext(territory), { participantId: person.id, person, token });
      });
    }
    // the same answer whether or not the address is known: nobody learns who registered
    return showLinkPage(reply, formValues({}), {}, t('account.link.sent'));
  });
};
