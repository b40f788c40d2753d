import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildServer, type AppDeps } from './platform/http/server.js';
import { catalogueRoutes } from './catalogue/routes.js';
import { facilitationRoutes } from './facilitation/routes.js';
import { feedsRoutes } from './feeds/routes.js';
import { onDemandRoutes } from './on-demand/routes.js';
import { resultsRoutes } from './results/routes.js';
import { homeRoutes } from './home/routes.js';
import { mailRoutes } from './platform/mail/routes.js';
import { planningRoutes } from './planning/routes.js';
import { registrationRoutes } from './registration/routes.js';
import { setupRoutes } from './setup/routes.js';
import { siteRoutes } from './site/routes.js';
import { staffRoutes } from './staff/routes.js';
import { campaignRoutes } from './campaigns/routes.js';
import { networkRoutes } from './network/routes.js';
import { referralRoutes } from './pathway/referrals/routes.js';
import { diagnosticRoutes } from './pathway/diagnostic/routes.js';
import { privacyRoutes } from './privacy/routes.js';
import { registerRoutes } from './privacy/register-routes.js';
import { territoryRoutes } from './territory/routes.js';

/** The composition root: the platform's server with every capability's routes. */
export function createApp(deps: AppDeps, extraRoutes: FastifyPluginAsync[] = []): Promise<FastifyInstance> {
  return buildServer(deps, [homeRoutes, siteRoutes, staffRoutes, setupRoutes, catalogueRoutes, feedsRoutes, planningRoutes, registrationRoutes, facilitationRoutes, onDemandRoutes, resultsRoutes, campaignRoutes, referralRoutes, networkRoutes, diagnosticRoutes, privacyRoutes, registerRoutes, mailRoutes, territoryRoutes, ...extraRoutes]);
}
