import type { FastifyPluginAsync } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import { requirePlanner } from '../../planning/ui.js';
import { demandIndicators } from './queries.js';
import { IndicatorsPage } from './views.js';

/** The on-demand indicators per cycle, for the coordination (and the funder's report). */
export const indicatorRoutes: FastifyPluginAsync = async (app) => {
  app.get('/equipe/demandes/indicateurs', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    return reply.page(t('ondemand.indicators.title'), <IndicatorsPage rows={await demandIndicators(app.deps.database.db, planner.territory.id)} />);
  });
};
