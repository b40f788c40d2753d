import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { idOf, parseForm, type FormValues } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { registrationForm } from './form.js';
import { moveRegistration, registerParticipant } from './commands.js';
import { RegistrationFormPage } from './views.js';
import type { RegistrationSession } from './queries.js';
import { csvSync } from '../platform/csv.js';
import { formatDate, formatTime, t } from '../platform/i18n/index.js';
import { CsrfField } from '../platform/layout/forms.js';
import { DataTable } from '../platform/layout/DataTable.js';
import { requirePlanner } from '../planning/ui.js';
import { auditAccess } from '../platform/audit.js';
import { cancelRegistration } from './commands.js';
import { otherDates, sessionForRegistration, sessionRoster, type RosterRow } from './queries.js';

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export const safeCell = (v: string | null) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

type OtherDate = { id: number; starts_at: string; ends_at: string; venue_name: string };

/** Move to another date, or cancel, on the person's behalf. */
function RowActions({ r, csrf, others }: { r: RosterRow; csrf: string; others: OtherDate[] }) {
  if (r.status === 'cancelled') return null;
  return (
    <>
      {others.length ? (
        <form method="post" action={`/equipe/inscriptions/${r.id}/deplacement`} class="inline-choice">
          <CsrfField token={csrf} />
          <label for={`cible-${r.id}`}>{t('roster.move.to', { name: `${r.first_name} ${r.last_name}` })}</label>
          <select id={`cible-${r.id}`} name="target">
            {others.map((o) => (
              <option key={o.id} value={String(o.id)}>{`${formatDate(o.starts_at)}, ${formatTime(o.starts_at)} — ${o.venue_name}`}</option>
            ))}
          </select>
          <button type="submit" class="link-button">
            {t('roster.move')}
          </button>
        </form>
      ) : null}
      <form method="post" action={`/equipe/inscriptions/${r.id}/annulation`}>
        <CsrfField token={csrf} />
        <button type="submit" class="link-button">
          {t('roster.cancel')}
          <span class="visually-hidden">{` : ${r.first_name} ${r.last_name}`}</span>
        </button>
      </form>
    </>
  );
}

function Roster({ rows, csrf, sessionId, title, search, status: current, others }: { rows: RosterRow[]; csrf: string; sessionId: number; title: string; search: string; status: string; others: OtherDate[] }) {
  const status = (s: string) => t(s === 'confirmed' ? 'account.status.confirmed' : s === 'waitlisted' ? 'roster.waitlisted' : 'account.status.cancelled');
  return (
    <>
      <h1>{title}</h1>
      <p class="actions">
        <a href={`/equipe/seances/${sessionId}`}>{t('roster.back')}</a>
        <a href={`/equipe/seances/${sessionId}/inscrits.csv`}>{t('roster.export')}</a>
        <a href={`/equipe/seances/${sessionId}/inscrire`}>{t('roster.add')}</a>
      </p>
      <form method="get" action={`/equipe/seances/${sessionId}/inscrits`} class="filters" role="search">
        <div class="field">
          <label for="q">{t('roster.search')}</label>
          <input id="q" name="q" type="search" value={search} />
        </div>
        <div class="field">
          <label for="statut">{t('roster.col.status')}</label>
          <select id="statut" name="statut">
            <option value="">{t('planning.all')}</option>
            {(['confirmed', 'waitlisted', 'cancelled'] as const).map((s) => (
              <option key={s} value={s} selected={s === current}>
                {status(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <button type="submit" class="button button-secondary">
            {t('planning.filter')}
          </button>
        </div>
      </form>
      <DataTable
        caption={t('planning.count', { count: rows.length })}
        rows={rows}
        columns={[
          { header: t('roster.col.name'), cell: (r) => `${r.first_name} ${r.last_name}` },
          { header: t('roster.col.company'), cell: (r) => r.company_name ?? '—' },
          {
            header: t('roster.col.contact'),
            cell: (r) => (
              <>
                {r.email}
                {r.phone ? <br /> : null}
                {r.phone ?? ''}
              </>
            ),
          },
          { header: t('roster.col.status'), cell: (r) => (r.status === 'waitlisted' ? `${status(r.status)} ${Number(r.queue_rank)}` : status(r.status)) },
          { header: t('roster.col.when'), cell: (r) => `${formatDate(r.created_at)}, ${formatTime(r.created_at)}` },
          { header: t('planning.sessions.col.actions'), cell: (r) => <RowActions r={r} csrf={csrf} others={others} /> },
        ]}
      />
    </>
  );
}

/** The coordinator's view of a session's registrations: search, export, cancel on someone's behalf. */
export const rosterRoutes: FastifyPluginAsync = async (app) => {
  const { database, config } = app.deps;
  const db = database.db;

  const gate = async (...args: Parameters<typeof requirePlanner>) => (await requirePlanner(...args))?.territory ?? null;
  /** A registration of the territory's (another territory's looks like none). */
  const registrationHere = (id: number, territoryId: number) =>
    db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select('r.session_id').where('r.id', '=', id).where('p.territory_id', '=', territoryId).executeTakeFirst();

  app.get<{ Params: { id: string } }>('/equipe/seances/:id/inscrits', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await sessionForRegistration(db, territory.id, id);
    if (!session) return reply.callNotFound();
    const search = String((request.query as Record<string, unknown>).q ?? '').slice(0, 80);
    const status = (['confirmed', 'waitlisted', 'cancelled'] as const).find((x) => x === (request.query as Record<string, unknown>).statut);
    const [rows, others] = await Promise.all([sessionRoster(db, territory.id, session.id, search || undefined, status), otherDates(db, session.workshop_id, session.id, new Date())]);
    await auditAccess(db, { territoryId: territory.id, staffId: request.staff!.id, action: 'read.roster', subject: `session:${session.id}`, rows: rows.length, details: { searched: !!search, filtered: !!status } });
    const title = t('roster.title', { workshop: session.workshop_title, date: formatDate(session.starts_at) });
    const query = request.query as Record<string, unknown>;
    const notice = query.annule ? t('account.cancelled') : query.ajoute ? t('planning.created') : query.deplace ? t('roster.moved') : query.refus ? t('roster.move.refused') : undefined;
    return reply.page(title, <Roster rows={rows} csrf={reply.generateCsrf()} sessionId={session.id} title={title} search={search} status={status ?? ''} others={others} />, { notice });
  });

  app.get<{ Params: { id: string } }>('/equipe/seances/:id/inscrits.csv', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await sessionForRegistration(db, territory.id, id);
    if (!session) return reply.callNotFound();
    const rows = await sessionRoster(db, territory.id, session.id);
    await auditAccess(db, { territoryId: territory.id, staffId: request.staff!.id, action: 'export.roster', subject: `session:${session.id}`, rows: rows.length });
    const header = [t('roster.col.last_name'), t('roster.col.first_name'), t('roster.col.email'), t('roster.col.phone'), t('roster.col.company'), t('roster.col.status'), t('roster.col.when')];
    const body = rows.map((r) => [r.last_name, r.first_name, r.email, r.phone, r.company_name, r.status, r.created_at].map(safeCell));
    // Excel in French reads `;` and needs the BOM to see UTF-8
    const csv = '\uFEFF' + csvSync().stringify([header, ...body], { delimiter: ';', record_delimiter: 'windows' });
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="inscrits-seance-${session.id}.csv"`).send(csv);
  });

  const showStaffForm = async (reply: FastifyReply, territoryId: number, session: RegistrationSession, values: FormValues, errors: FieldErrors, status = 200) => {
    const communes = await db.selectFrom('communes').select(['insee_code', 'name', 'postcodes']).where('territory_id', '=', territoryId).orderBy('name').execute();
    return reply.page(
      t('roster.add'),
      <RegistrationFormPage csrf={reply.generateCsrf()} session={session} values={values} errors={errors} communes={communes} closedMessage={null} otherDates={[]} action={`/equipe/seances/${session.id}/inscrire`} />,
      { status },
    );
  };

  app.get<{ Params: { id: string } }>('/equipe/seances/:id/inscrire', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await sessionForRegistration(db, territory.id, id);
    if (!session) return reply.callNotFound();
    return showStaffForm(reply, territory.id, session, { level: 'debutant' }, {});
  });

  // someone who phoned: the same form and rules, recorded as « telephone », until the session starts
  app.post<{ Params: { id: string } }>('/equipe/seances/:id/inscrire', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await sessionForRegistration(db, territory.id, id);
    if (!session) return reply.callNotFound();
    const form = parseForm(registrationForm, request.body);
    if (!form.ok) return showStaffForm(reply, territory.id, session, form.values, form.errors, 400);
    const result = await registerParticipant(
      db,
      { baseUrl: territory.base_url, programmeName: territory.programme_name ?? t('app.name'), territoryId: territory.id, closesHours: 0, reminderDays: config.reminderDays },
      { sessionId: session.id, person: form.data, source: 'telephone' },
    );
    if (!result.ok && result.code === 'commune') return showStaffForm(reply, territory.id, session, form.values, { commune: t('registration.error.commune') }, 400);
    if (!result.ok) return showStaffForm(reply, territory.id, session, form.values, { _form: t(`registration.error.${result.code === 'unknown' ? 'cancelled' : result.code}`, { date: formatDate(session.registration_opens_at) }) }, 409);
    return reply.redirect(`/equipe/seances/${session.id}/inscrits?ajoute=1`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/inscriptions/:id/deplacement', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    const target = idOf(String((request.body as Record<string, unknown> | undefined)?.target ?? ''));
    const reg = id === null ? undefined : await registrationHere(id, territory.id);
    if (id === null || !reg) return reply.callNotFound();
    if (target === null) return reply.redirect(`/equipe/seances/${reg.session_id}/inscrits?refus=1`, 303);
    const result = await moveRegistration(
      db,
      { baseUrl: territory.base_url, programmeName: territory.programme_name ?? t('app.name'), territoryId: territory.id, reminderDays: config.reminderDays },
      { registrationId: id, targetSessionId: target, actor: `staff:${request.staff!.id}` },
    );
    if (!result.ok && result.code === 'unknown') return reply.callNotFound();
    return reply.redirect(`/equipe/seances/${reg.session_id}/inscrits?${result.ok ? 'deplace=1' : 'refus=1'}`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/inscriptions/:id/annulation', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const reg = await registrationHere(id, territory.id);
    if (!reg) return reply.callNotFound();
    const result = await cancelRegistration(db, { baseUrl: territory.base_url, programmeName: territory.programme_name ?? t('app.name'), territoryId: territory.id, reminderDays: config.reminderDays }, { registrationId: id, actor: `staff:${request.staff!.id}` });
    if (!result.ok || !reg) return reply.callNotFound();
    return reply.redirect(`/equipe/seances/${reg.session_id}/inscrits?annule=1`, 303);
  });
};
