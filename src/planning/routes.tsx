import type { FastifyPluginAsync } from 'fastify';
import { cycleRoutes } from './cycles/routes.js';
import { facilitatorRoutes } from './facilitators/routes.js';
import { seriesRoutes } from './series/routes.js';
import { sessionRoutes } from './sessions/routes.js';
import { venueRoutes } from './venues/routes.js';
import { workshopRoutes } from './workshops/routes.js';

/** The back office's planning: sessions (one by one and in series), workshops, venues, facilitators, cycles. */
export const planningRoutes: FastifyPluginAsync = async (app) => {
  await app.register(seriesRoutes);
  await app.register(sessionRoutes);
  await app.register(workshopRoutes);
  await app.register(venueRoutes);
  await app.register(cycleRoutes);
  await app.register(facilitatorRoutes);
};
