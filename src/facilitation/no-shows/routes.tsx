import type { FastifyPluginAsync } from 'fastify';

/** No-shows per participant and per workshop, for the coordination (filled by issue 5). */
export const noShowRoutes: FastifyPluginAsync = async () => {};
