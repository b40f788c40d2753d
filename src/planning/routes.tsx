import type { FastifyPluginAsync } from 'fastify';

/** Routes of the planning capability. */
export const planningRoutes: FastifyPluginAsync = async (_app) => {};
