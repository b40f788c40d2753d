import type { FastifyPluginAsync } from 'fastify';
import { goNoGoRoutes } from './go-no-go/routes.js';
import { requestRoutes } from './requests/routes.js';
import { pollRoutes } from './polls/routes.js';
import { indicatorRoutes } from './indicators/routes.js';

/** The on-demand capability: requests, the demand board, polls on dates, go / no-go on thin sessions. */
export const onDemandRoutes: FastifyPluginAsync = async (app) => {
  await app.register(requestRoutes);
  await app.register(pollRoutes);
  await app.register(indicatorRoutes);
  await app.register(goNoGoRoutes);
};
