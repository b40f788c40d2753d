import type { FastifyPluginAsync } from 'fastify';

/** Routes of the feeds capability. */
export const feedsRoutes: FastifyPluginAsync = async (_app) => {};
