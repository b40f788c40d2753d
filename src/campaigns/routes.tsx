import type { FastifyPluginAsync } from 'fastify';
import { unsubscribeRoutes } from './unsubscribe-routes.js';
import { campaignMessageRoutes } from './messages/routes.js';
import { printRoutes } from './print/routes.js';
import { contactRoutes } from './contacts/routes.js';

/** The campaigns: contacts, messages, print, and unsubscribing. */
export const campaignRoutes: FastifyPluginAsync = async (app) => {
  await app.register(unsubscribeRoutes);
  await app.register(campaignMessageRoutes);
  await app.register(printRoutes);
  await app.register(contactRoutes);
};
