import type { FastifyPluginAsync } from 'fastify';
import { accountRoutes } from './accounts/routes.js';
import { cycleRoutes } from './cycles/routes.js';
import { seriesRoutes } from './series/routes.js';
import { sessionRoutes } from './sessions/routes.js';
import { venueRoutes } from './venues/routes.js';
import { workshopRoutes } from './workshops/routes.js';

/** The back office's planning: sessions (one by one and in series), workshops, venues, cycles, and the facilitators' and elected officials' accounts. */
export const planningRoutes: FastifyPluginAsync = async (app) => {
  await app.register(seriesRoutes);
  await app.register(sessionRoutes);
  await app.register(workshopRoutes);
  await app.register(venueRoutes);
  await app.register(cycleRoutes);
  await app.register(accountRoutes);
};
