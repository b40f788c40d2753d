import type { FastifyPluginAsync } from 'fastify';
import { idOf } from '../platform/forms.js';
import { t } from '../platform/i18n/index.js';
import { queryOf, requirePlanner } from '../planning/ui.js';
import { emptyFigures, figuresByCycle, programmeFigures, sectorMix, sessionsByVenue } from './queries.js';
import { DashboardPage } from './views.js';
import { publicResultsRoutes } from './public.js';
import { reportRoutes } from './report/routes.js';

/** The results: the coordination's dashboard (figures per cycle and overall, sector mix, venues). */
export const resultsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(publicResultsRoutes);
  await app.register(reportRoutes);
  const db = app.deps.database.db;
  app.get('/equipe/bilan', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const territoryId = planner.territory.id;
    const cycles = await db.selectFrom('cycles').select(['id', 'name']).where('territory_id', '=', territoryId).orderBy('number', 'desc').limit(24).execute();
    const wanted = idOf(queryOf(request).session);
    const cycleId = wanted !== null && cycles.some((c) => c.id === wanted) ? wanted : null;
    const [current, perCycle, mix, venues] = await Promise.all([
      programmeFigures(db, territoryId, cycleId),
      figuresByCycle(db, territoryId).then((byCycle) => cycles.map((c) => ({ ...(byCycle.get(c.id) ?? { ...emptyFigures(c.id) }), name: c.name }))),
      sectorMix(db, territoryId),
      sessionsByVenue(db, territoryId, cycleId),
    ]);
    return reply.page(t('results.title'), <DashboardPage cycles={cycles} cycleId={cycleId} current={current} perCycle={perCycle} mix={mix} venues={venues} />);
  });
};
