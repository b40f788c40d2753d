import type { FastifyPluginAsync } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { formatDate, formatTime, t } from '../platform/i18n/index.js';
import { CsrfField } from '../platform/layout/forms.js';
import { requirePlanner } from '../planning/ui.js';
import { cancelRegistration } from './commands.js';
import { sessionForRegistration, sessionRoster, type RosterRow } from './queries.js';

const idOf = (v: string) => (/^\d{1,12}$/.test(v) ? Number(v) : null);
/** A cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export const safeCell = (v: string | null) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

function Roster({ rows, csrf, sessionId, title, search }: { rows: RosterRow[]; csrf: string; sessionId: number; title: string; search: string }) {
  const status = (s: string) => t(s === 'confirmed' ? 'account.status.confirmed' : s === 'waitlisted' ? 'roster.waitlisted' : 'account.status.cancelled');
  let rank = 0;
  return (
    <>
      <h1>{title}</h1>
      <p class="actions">
        <a href={`/equipe/seances/${sessionId}`}>{t('roster.back')}</a>
        <a href={`/equipe/seances/${sessionId}/inscrits.csv`}>{t('roster.export')}</a>
      </p>
      <form method="get" action={`/equipe/seances/${sessionId}/inscrits`} class="filters" role="search">
        <div class="field">
          <label for="q">{t('roster.search')}</label>
          <input id="q" name="q" type="search" value={search} />
        </div>
        <div class="field">
          <button type="submit" class="button button-secondary">
            {t('planning.filter')}
          </button>
        </div>
      </form>
      <div class="table-scroll">
        <table class="data">
          <caption>{t('planning.count', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roster.col.name')}</th>
              <th scope="col">{t('roster.col.company')}</th>
              <th scope="col">{t('roster.col.contact')}</th>
              <th scope="col">{t('roster.col.status')}</th>
              <th scope="col">{t('roster.col.when')}</th>
              <th scope="col">{t('planning.sessions.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{`${r.first_name} ${r.last_name}`}</td>
                <td>{r.company_name ?? '—'}</td>
                <td>
                  {r.email}
                  {r.phone ? <br /> : null}
                  {r.phone ?? ''}
                </td>
                <td>{r.status === 'waitlisted' ? `${status(r.status)} ${++rank}` : status(r.status)}</td>
                <td>{`${formatDate(r.created_at)}, ${formatTime(r.created_at)}`}</td>
                <td>
                  {r.status !== 'cancelled' ? (
                    <form method="post" action={`/equipe/inscriptions/${r.id}/annulation`}>
                      <CsrfField token={csrf} />
                      <button type="submit" class="link-button">
                        {t('roster.cancel')}
                        <span class="visually-hidden">{` : ${r.first_name} ${r.last_name}`}</span>
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The coordinator's view of a session's registrations: search, export, cancel on someone's behalf. */
export const rosterRoutes: FastifyPluginAsync = async (app) => {
  const { database, config } = app.deps;
  const db = database.db;

  const gate = async (...args: Parameters<typeof requirePlanner>) => (await requirePlanner(...args))?.territory ?? null;

  app.get<{ Params: { id: string } }>('/equipe/seances/:id/inscrits', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await sessionForRegistration(db, territory.id, id);
    if (!session) return reply.callNotFound();
    const search = String((request.query as Record<string, unknown>).q ?? '').slice(0, 80);
    const rows = await sessionRoster(db, territory.id, session.id, search || undefined);
    const title = t('roster.title', { workshop: session.workshop_title, date: formatDate(session.starts_at) });
    const notice = (request.query as Record<string, unknown>).annule ? t('account.cancelled') : undefined;
    return reply.page(title, <Roster rows={rows} csrf={reply.generateCsrf()} sessionId={session.id} title={title} search={search} />, { notice });
  });

  app.get<{ Params: { id: string } }>('/equipe/seances/:id/inscrits.csv', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    const session = id === null ? undefined : await sessionForRegistration(db, territory.id, id);
    if (!session) return reply.callNotFound();
    const rows = await sessionRoster(db, territory.id, session.id);
    const header = [t('roster.col.last_name'), t('roster.col.first_name'), t('roster.col.email'), t('roster.col.phone'), t('roster.col.company'), t('roster.col.status'), t('roster.col.when')];
    const body = rows.map((r) => [r.last_name, r.first_name, r.email, r.phone, r.company_name, r.status, r.created_at].map(safeCell));
    // Excel in French reads `;` and needs the BOM to see UTF-8
    const csv = '\uFEFF' + stringify([header, ...body], { delimiter: ';', record_delimiter: 'windows' });
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="inscrits-seance-${session.id}.csv"`).send(csv);
  });

  app.post<{ Params: { id: string } }>('/equipe/inscriptions/:id/annulation', async (request, reply) => {
    const territory = await gate(request, reply);
    if (!territory) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const reg = await db.selectFrom('registrations').select('session_id').where('id', '=', id).executeTakeFirst();
    const result = await cancelRegistration(db, { baseUrl: config.baseUrl, programmeName: territory.programme_name ?? t('app.name'), territoryId: territory.id, reminderDays: config.reminderDays }, { registrationId: id, actor: `staff:${request.staff!.id}` });
    if (!result.ok || !reg) return reply.callNotFound();
    return reply.redirect(`/equipe/seances/${reg.session_id}/inscrits?annule=1`, 303);
  });
};
