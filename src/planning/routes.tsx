import type { FastifyPluginAsync } from 'fastify';
import { seriesRoutes } from './series/routes.js';
import { sessionRoutes } from './sessions/routes.js';

/** The back office's planning: sessions (one by one and in series), workshops, venues, facilitators, cycles. */
export const planningRoutes: FastifyPluginAsync = async (app) => {
  await app.register(seriesRoutes);
  await app.register(sessionRoutes);
};
