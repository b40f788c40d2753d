import type { FastifyPluginAsync } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { nextSessions, venuesOf } from './queries.js';
import { HomePage } from './views.js';

export const homeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { publicCache: true } }, async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const db = app.deps.database.db;
    const [sessions, venues] = await Promise.all([nextSessions(db, territory.id), venuesOf(db, territory.id)]);
    return reply.page(t('home.title'), <HomePage intro={territory.tagline} sessions={sessions} venues={venues} />);
  });
};
