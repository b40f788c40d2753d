import type { FastifyPluginAsync } from 'fastify';
import { referralFigures } from '../pathway/referrals/figures.js';
import { t } from '../platform/i18n/index.js';
import { queryOf } from '../planning/ui.js';
import { demandIndicators } from '../on-demand/indicators/queries.js';
import { requireResultsReader } from './access.js';
import { filterOptions, parseFilter } from './filters.js';
import { emptyFigures, figuresByCycle, programmeFigures, sectorMix, sessionsByVenue } from './queries.js';
import { surveyFigures } from './surveys/queries.js';
import { DashboardPage } from './views.js';
import { publicResultsRoutes } from './public.js';
import { surveyRoutes } from './surveys/routes.js';
import { mapRoutes } from './map/routes.js';
import { territoryMapData } from './map/queries.js';
import { reportRoutes } from './report/routes.js';
import { registrationsExportRoutes } from './export/routes.js';

/** The results: the dashboard (figures per cycle and overall, filtered; sector mix; venues; surveys; demand). */
export const resultsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(publicResultsRoutes);
  await app.register(surveyRoutes);
  await app.register(mapRoutes);
  await app.register(reportRoutes);
  await app.register(registrationsExportRoutes);
  const db = app.deps.database.db;
  app.get('/equipe/bilan', async (request, reply) => {
    const reader = await requireResultsReader(request, reply);
    if (!reader) return reply;
    const territoryId = reader.territory.id;
    const options = await filterOptions(db, territoryId);
    const filter = parseFilter(queryOf(request), options);
    const [current, perCycle, mix, venues, surveys, demand, map, referrals] = await Promise.all([
      programmeFigures(db, territoryId, filter.cycleId, filter),
      figuresByCycle(db, territoryId, filter).then((byCycle) => options.cycles.map((c) => ({ ...(byCycle.get(c.id) ?? emptyFigures(c.id)), name: c.name }))),
      sectorMix(db, territoryId, filter),
      sessionsByVenue(db, territoryId, filter.cycleId, filter),
      surveyFigures(db, territoryId, { ...filter, cycleId: null }),
      demandIndicators(db, territoryId),
      territoryMapData(db, territoryId, filter),
      referralFigures(db, territoryId, filter.cycleId),
    ]);
    const props = { options, filter, current, perCycle, mix, venues, surveys, demand, map, referrals, readOnly: reader.staff.role === 'elected' };
    return reply.page(t('results.title'), <DashboardPage {...props} />);
  });
};
