import type { FastifyPluginAsync } from 'fastify';

/** Go / no-go on thin sessions (issue 6). */
export const goNoGoRoutes: FastifyPluginAsync = async () => {};
