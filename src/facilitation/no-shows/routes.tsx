import type { FastifyPluginAsync } from 'fastify';
import { auditAccess } from '../../platform/audit.js';
import { csvSync } from '../../platform/csv.js';
import { idOf } from '../../platform/forms.js';
import type { Executor } from '../../platform/db/database.js';
import { formatDate, t } from '../../platform/i18n/index.js';
import { pageNumber, queryOf, requirePlanner } from '../../planning/ui.js';
import { safeCell } from '../../registration/roster.js';
import { allFlaggedParticipants, flaggedParticipants, workshopNoShows } from './queries.js';
import { NoShowsPage } from './views.js';

const PER_PAGE = 50;

/** The territory's cycles, newest first, and the one chosen in `?session=` (another territory's id is ignored). */
async function cycleFilter(db: Executor, territoryId: number, query: Record<string, string>) {
  const cycles = await db.selectFrom('cycles').select(['id', 'name']).where('territory_id', '=', territoryId).orderBy('number', 'desc').execute();
  const wanted = idOf(query.session);
  const cycleId = wanted !== null && cycles.some((c) => c.id === wanted) ? wanted : null;
  return { cycles, cycleId };
}

/** No-shows per participant and per workshop, for the coordination only (requirePlanner: canCoordinate). */
export const noShowRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;

  app.get('/equipe/absences', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const territoryId = planner.territory.id;
    const query = queryOf(request);
    const { cycles, cycleId } = await cycleFilter(db, territoryId, query);
    const page = pageNumber(query.page);
    const threshold = config.noShowThreshold;
    const [flagged, workshops] = await Promise.all([
      flaggedParticipants(db, territoryId, { threshold, cycleId, page, perPage: PER_PAGE }),
      workshopNoShows(db, territoryId, cycleId),
    ]);
    const pages = Math.max(1, Math.ceil(Number(flagged[0]?.total ?? 0) / PER_PAGE));
    await auditAccess(db, { territoryId, staffId: planner.actor.staffId, action: 'read.no_shows', rows: flagged.length, details: { cycle: cycleId, page } });
    return reply.page(t('noshows.title'), <NoShowsPage flagged={flagged} workshops={workshops} threshold={threshold} cycles={cycles} cycleId={cycleId} page={page} pages={pages} query={query} />);
  });

  app.get('/equipe/absences.csv', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const territoryId = planner.territory.id;
    const { cycleId } = await cycleFilter(db, territoryId, queryOf(request));
    const rows = await allFlaggedParticipants(db, territoryId, { threshold: config.noShowThreshold, cycleId });
    await auditAccess(db, { territoryId, staffId: planner.actor.staffId, action: 'export.no_shows', rows: rows.length, details: { cycle: cycleId } });
    const header = [
      t('noshows.col.person'),
      t('noshows.col.email'),
      t('noshows.col.phone'),
      t('noshows.col.company'),
      t('noshows.col.commune'),
      t('noshows.col.absent'),
      t('noshows.col.excused'),
      t('noshows.col.present'),
      t('noshows.col.last'),
    ];
    const body = rows.map((r) => [
      ...[`${r.first_name} ${r.last_name}`, r.email, r.phone, r.company_name, r.commune_name].map(safeCell),
      String(Number(r.absent)),
      String(Number(r.excused)),
      String(Number(r.present)),
      r.last_absent_at ? formatDate(r.last_absent_at) : '',
    ]);
    // Excel in French reads `;` and needs the BOM to see UTF-8 (as the session roster's export)
    const csv = '\uFEFF' + csvSync().stringify([header, ...body], { delimiter: ';', record_delimiter: 'windows' });
    const filename = cycleId === null ? 'absences-repetees.csv' : `absences-repetees-session-${cycleId}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(csv);
  });
};
