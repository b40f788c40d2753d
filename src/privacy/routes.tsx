import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { sql } from 'kysely';
import { t } from '../platform/i18n/index.js';
import { audit } from '../platform/audit.js';
import { idOf, parseForm } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { renderDocument } from '../platform/layout/render.js';
import { requirePlanner, queryOf } from '../planning/ui.js';
import { participantOfRequest, PARTICIPANT_COOKIE } from '../registration/tokens.js';
import { exportPersonData, type PersonExport } from './export.js';
import { erasePerson, withdrawConsent } from './erase.js';
import { CHANNELS, ErasedPage, ErasePage, MyDataPage, PeopleSearchPage, PersonDataDocument, PersonPage } from './views.js';

const json = (data: PersonExport) => JSON.stringify(data, null, 2);
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }); // YYYY-MM-DD in Paris

const requestForm = z.object({
  requested_on: z
    .string({ error: t('privacy.error.date') })
    .regex(/^\d{4}-\d{2}-\d{2}$/, t('privacy.error.date'))
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v) && v >= '2000-01-01' && v <= today(), t('privacy.error.date')),
  channel: z.enum(CHANNELS, { error: t('privacy.error.channel') }),
});

/**
 * The person's rights (RGPD): « Mes données » in the participant's space (see, download, withdraw
 * a consent, erase), and the coordination's side (find a person, export, erase on request).
 */
export const privacyRoutes: FastifyPluginAsync = async (app) => {
  const { database } = app.deps;
  const formLimit = { rateLimit: { max: app.deps.config.formRateLimit, timeWindow: '1 minute' } };
  const db = database.db;

  /** The signed-in participant, still in the programme; null sends them to the sign-in link page. */
  const me = async (request: Parameters<typeof participantOfRequest>[0]) => {
    const id = await participantOfRequest(request);
    if (id === null) return null;
    const person = await db.selectFrom('participants').select(['id', 'territory_id']).where('id', '=', id).where('anonymised_at', 'is', null).executeTakeFirst();
    return person ?? null;
  };
  const toSignIn = (reply: FastifyReply) => reply.redirect('/mes-inscriptions/lien', 303);
  const download = (reply: FastifyReply, type: string, name: string, body: string) =>
    reply.header('content-type', type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(body);

  app.get('/mes-inscriptions/donnees', async (request, reply) => {
    const person = await me(request);
    if (!person) return toSignIn(reply);
    const data = (await exportPersonData(db, person.id))!;
    const notice = (request.query as Record<string, unknown>).retire ? t('privacy.consents.done') : undefined;
    return reply.header('cache-control', 'no-store').page(t('privacy.title'), <MyDataPage data={data} csrf={reply.generateCsrf()} />, { notice });
  });

  app.get('/mes-inscriptions/donnees.json', async (request, reply) => {
    const person = await me(request);
    if (!person) return toSignIn(reply);
    return download(reply, 'application/json; charset=utf-8', 'mes-donnees.json', json((await exportPersonData(db, person.id))!));
  });

  app.get('/mes-inscriptions/donnees.html', async (request, reply) => {
    const person = await me(request);
    if (!person) return toSignIn(reply);
    const territory = await request.territory();
    const data = (await exportPersonData(db, person.id))!;
    return download(reply, 'text/html; charset=utf-8', 'mes-donnees.html', renderDocument(<PersonDataDocument data={data} programme={territory?.programme_name ?? t('app.name')} />));
  });

  app.post<{ Params: { id: string } }>('/mes-inscriptions/donnees/consentements/:id/retrait', { config: formLimit }, async (request, reply) => {
    const person = await me(request);
    if (!person) return toSignIn(reply);
    const consentId = idOf(request.params.id);
    const ok = consentId !== null && (await db.transaction().execute((tx) => withdrawConsent(tx, person.id, consentId)));
    if (!ok) return reply.callNotFound(); // another person's consent looks like none
    return reply.redirect('/mes-inscriptions/donnees?retire=1', 303);
  });

  const upcoming = async (participantId: number) =>
    !!(await db
      .selectFrom('registrations as r')
      .innerJoin('sessions as s', 's.id', 'r.session_id')
      .select('r.id')
      .where('r.participant_id', '=', participantId)
      .where('r.status', '<>', 'cancelled')
      .where('s.status', '=', 'scheduled')
      .where('s.starts_at', '>', new Date().toISOString())
      .executeTakeFirst());

  const showErase = async (reply: FastifyReply, participantId: number, errors: FieldErrors, status = 200) =>
    reply.page(t('privacy.erase.title'), <ErasePage csrf={reply.generateCsrf()} errors={errors} upcoming={await upcoming(participantId)} />, { status });

  app.get('/mes-inscriptions/donnees/effacement', async (request, reply) => {
    const person = await me(request);
    if (!person) return toSignIn(reply);
    return showErase(reply, person.id, {});
  });

  app.post('/mes-inscriptions/donnees/effacement', { config: formLimit }, async (request, reply) => {
    const person = await me(request);
    if (!person) return toSignIn(reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.confirm !== '1' && body.confirm !== 'on') return showErase(reply, person.id, { confirm: t('privacy.erase.confirm.required') }, 400);
    await db.transaction().execute((tx) => erasePerson(tx, person.id, `participant:${person.id}`, { kind: 'own_request' }));
    // erasure deleted their sessions and links; the cookie goes too
    reply.clearCookie(PARTICIPANT_COOKIE, { path: '/' });
    return reply.page(t('privacy.erased.title'), <ErasedPage />);
  });

  // ——— the coordination's side: coordinators and administrators of the territory (others: 404) ———

  app.get('/equipe/personnes', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = (queryOf(request).q ?? '').trim().slice(0, 100);
    if (q.length < 2) return reply.page(t('privacy.staff.title'), <PeopleSearchPage q={q} people={null} tooShort={q.length === 1} />);
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const people = await db
      .selectFrom('participants as p')
      .select(['p.id', 'p.first_name', 'p.last_name', 'p.email', 'p.anonymised_at', (eb) => eb.selectFrom('registrations as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.participant_id', '=', 'p.id').as('registrations')])
      .where('p.territory_id', '=', planner.territory.id)
      .where('p.anonymised_at', 'is', null)
      .where((eb) =>
        eb.or([
          sql<boolean>`lower(p.email) like ${pattern} escape '\\'`,
          sql<boolean>`lower(p.first_name || ' ' || p.last_name) like ${pattern} escape '\\'`,
          sql<boolean>`lower(p.last_name || ' ' || p.first_name) like ${pattern} escape '\\'`,
        ]),
      )
      .orderBy('p.last_name')
      .orderBy('p.first_name')
      .limit(50)
      .execute();
    return reply.page(t('privacy.staff.title'), <PeopleSearchPage q={q} people={people.map((p) => ({ ...p, registrations: Number(p.registrations ?? 0) }))} tooShort={false} />);
  });

  /** The person, when they belong to the planner's territory (another territory's looks like none). */
  const personOf = async (territoryId: number, raw: string) => {
    const id = idOf(raw);
    if (id === null) return null;
    return (await db.selectFrom('participants').select('id').where('id', '=', id).where('territory_id', '=', territoryId).executeTakeFirst()) ?? null;
  };

  const showPerson = async (reply: FastifyReply, participantId: number, values: Record<string, string>, errors: FieldErrors, status = 200, notice?: string) => {
    const data = (await exportPersonData(db, participantId))!;
    return reply.header('cache-control', 'no-store').page(t('privacy.staff.title'), <PersonPage data={data} csrf={reply.generateCsrf()} values={values} errors={errors} />, { status, notice });
  };

  app.get<{ Params: { id: string } }>('/equipe/personnes/:id', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const person = await personOf(planner.territory.id, request.params.id);
    if (!person) return reply.callNotFound();
    const notice = (request.query as Record<string, unknown>).efface ? t('privacy.staff.erase.done') : undefined;
    return showPerson(reply, person.id, { requested_on: today() }, {}, 200, notice);
  });

  app.get<{ Params: { id: string } }>('/equipe/personnes/:id/donnees.json', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const person = await personOf(planner.territory.id, request.params.id);
    if (!person) return reply.callNotFound();
    const data = (await exportPersonData(db, person.id))!;
    await audit(db, { territoryId: planner.territory.id, actor: `staff:${planner.actor.staffId}`, action: 'participant.exported', subject: `participant:${person.id}` });
    return download(reply, 'application/json; charset=utf-8', `donnees-personne-${person.id}.json`, json(data));
  });

  app.post<{ Params: { id: string } }>('/equipe/personnes/:id/effacement', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const person = await personOf(planner.territory.id, request.params.id);
    if (!person) return reply.callNotFound();
    const form = parseForm(requestForm, request.body);
    if (!form.ok) return showPerson(reply, person.id, form.values, form.errors, 400);
    await db.transaction().execute((tx) =>
      erasePerson(tx, person.id, `staff:${planner.actor.staffId}`, { kind: 'staff_request', requestedOn: form.data.requested_on, channel: form.data.channel }),
    );
    return reply.redirect(`/equipe/personnes/${person.id}?efface=1`, 303);
  });
};
