import type { FastifyPluginAsync } from 'fastify';

/** Questions asked at a session, their answers, and their publication (filled by issue 5). */
export const questionRoutes: FastifyPluginAsync = async () => {};
