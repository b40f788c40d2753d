import type { FastifyPluginAsync } from 'fastify';

/** Requests for a workshop, and the coordinator's demand board (issue 6). */
export const requestRoutes: FastifyPluginAsync = async () => {};
