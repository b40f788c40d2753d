import type { FastifyPluginAsync } from 'fastify';
import { idOf } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import { pageNumber, queryOf, requirePlanner } from '../../planning/ui.js';
import { flaggedParticipants, workshopNoShows } from './queries.js';
import { NoShowsPage } from './views.js';

const PER_PAGE = 50;

/** No-shows per participant and per workshop, for the coordination only. */
export const noShowRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;

  app.get('/equipe/absences', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const territoryId = planner.territory.id;
    const query = queryOf(request);
    const cycles = await db.selectFrom('cycles').select(['id', 'name']).where('territory_id', '=', territoryId).orderBy('number', 'desc').execute();
    const wanted = idOf(query.session);
    const cycleId = wanted !== null && cycles.some((c) => c.id === wanted) ? wanted : null;
    const page = pageNumber(query.page);
    const threshold = config.noShowThreshold;
    const [flagged, workshops] = await Promise.all([
      flaggedParticipants(db, territoryId, { threshold, cycleId, page, perPage: PER_PAGE }),
      workshopNoShows(db, territoryId, cycleId),
    ]);
    const pages = Math.max(1, Math.ceil(Number(flagged[0]?.total ?? 0) / PER_PAGE));
    return reply.page(t('noshows.title'), <NoShowsPage flagged={flagged} workshops={workshops} threshold={threshold} cycles={cycles} cycleId={cycleId} page={page} pages={pages} query={query} />);
  });
};
