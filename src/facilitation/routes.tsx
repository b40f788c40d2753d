import type { FastifyPluginAsync } from 'fastify';
import { attendanceRoutes } from './attendance/routes.js';
import { questionRoutes } from './questions/routes.js';
import { noShowRoutes } from './no-shows/routes.js';

/** The facilitation capability: « Mes séances », attendance, sign-in sheets, certificates, questions, no-shows. */
export const facilitationRoutes: FastifyPluginAsync = async (app) => {
  await app.register(attendanceRoutes);
  await app.register(questionRoutes);
  await app.register(noShowRoutes);
};
