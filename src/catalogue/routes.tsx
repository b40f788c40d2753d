import type { FastifyPluginAsync } from 'fastify';

/** Routes of the catalogue capability. */
export const catalogueRoutes: FastifyPluginAsync = async (_app) => {};
