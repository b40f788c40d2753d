import path from 'node:path';
import crypto from 'node:crypto';
import http from 'node:http';
import querystring from 'node:querystring';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { VNode } from 'preact';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { projectRoot } from '../paths.js';
import { TerritoryResolver, normaliseHost, territoryBaseUrl, type CurrentTerritory } from '../programme.js';
import { belongsToTerritory } from '../auth/territory-scope.js';
import { findStaffBySession, STAFF_COOKIE, type StaffPrincipal } from '../auth/sessions.js';
import { Layout } from '../layout/Layout.js';
import { renderDocument } from '../layout/render.js';
import { registerErrorPages, renderBadRequest } from './errors.js';
import { PageCache, registerPageCache } from './page-cache.js';
import { FrontDoor, type Handler } from './front-door.js';
import { securityHeaders } from './security-headers.js';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
}

/**
 * Form bodies and query strings, parsed like Fastify's own parsers (repeated names give arrays),
 * without NUL characters: nobody types one, and PostgreSQL refuses them in text (a 500 otherwise).
 */
export function parseFormText(text: string): Record<string, string | string[]> {
  const clean = (v: string) => (v.includes('\u0000') ? v.replaceAll('\u0000', '') : v);
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of Object.entries(querystring.parse(text))) {
    if (value === undefined) continue;
    out[clean(key)] = Array.isArray(value) ? value.map(clean) : clean(value);
  }
  return out;
}

export interface RouteEntry {
  method: string;
  url: string;
  config: Record<string, unknown> | undefined;
}

export interface PageOptions {
  status?: number;
  notice?: string | undefined;
}

/** The cookie keeping a campaign's reference for the browser session, and the shape of a reference. */
export const REF_COOKIE = 'boutic_ref';
export const REF = /^[a-z0-9][a-z0-9-]{0,59}$/;

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Every route as registered (method, path pattern, options): the security tests walk it. */
    routeTable: RouteEntry[];
    /** The cache of rendered public pages (PAGE_CACHE_MB; disabled at 0). */
    pageCache: PageCache;
    /** Its front door, answering hits before the router when the app listens on a port (null when the cache is off). */
    frontDoor: FrontDoor | null;
  }
  interface FastifyRequest {
    staff: StaffPrincipal | null;
    /** The territory the request is for (by its host name, else the default) and its programme, read once per request when first asked. */
    territory(): Promise<CurrentTerritory | null>;
  }
  interface FastifyContextConfig {
    /**
     * `false` on the rare route whose URL itself carries a secret that authorises the action and
     * that a mail client must reach without a form (RFC 8058 one-click unsubscribe): no CSRF token.
     */
    csrf?: boolean;
  }
  interface FastifyReply {
    /** Renders a full page in the layout. */
    page(title: string, body: VNode, options?: PageOptions): Promise<FastifyReply>;
  }
}

const publicDir = path.join(projectRoot(), 'public');

/** One log line per request, written when it is answered, with the request: Fastify writes two (received, completed). */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (error || this.isLogDisabled(request)) return super.requestCompleted(error, request, reply, metadata);
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Paths reachable before the first administrator exists. */
const SETUP_OPEN = /^\/(mise-en-route|static\/|healthz|accessibilite|mentions-legales)/;

/**
 * Builds the HTTP server: security plugins first, then the platform's hooks, then the
 * capabilities' routes (given by the composition root, so the platform imports none of them).
 */
export async function buildServer(deps: AppDeps, routes: FastifyPluginAsync[]): Promise<FastifyInstance> {
  const { config } = deps;
  const processPrefix = crypto.randomBytes(3).toString('hex');
  let requestCount = 0;
  const nextRequestId = () => `${processPrefix}${(++requestCount).toString(36).padStart(6, '0')}`;
  // set once the cache and the territory resolver exist (below); until then every request goes to Fastify
  let fastifyHandler: Handler | undefined;
  let handle: Handler | undefined;
  const app = Fastify({
    // the page cache's front door answers hits before Fastify (front-door.ts); the server is otherwise the one Fastify makes
    serverFactory: (handler: Handler, options) => {
      fastifyHandler = handler;
      handle = handler;
      const server = http.createServer((req, res) => handle!(req, res));
      // what Fastify does to the server it makes itself (fastify/lib/server.js), with its defaults
      const fastifyOptions = options as { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number };
      server.keepAliveTimeout = fastifyOptions.keepAliveTimeout ?? 72_000;
      server.requestTimeout = fastifyOptions.requestTimeout ?? 0;
      server.setTimeout(fastifyOptions.connectionTimeout ?? 0);
      return server;
    },
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    // a process prefix and a counter: unique in the logs, and no random bytes drawn per request
    genReqId: nextRequestId,
    logController: new OneLinePerRequest(),
    bodyLimit: 256 * 1024,
    return503OnClosing: true,
    routerOptions: { querystringParser: parseFormText },
    // Malformed URLs and headers get the French 400 page, not Fastify's JSON.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ err: error }, 'malformed request');
      void renderBadRequest(request, reply);
    },
  });
  app.decorate('deps', deps);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, config: route.config as Record<string, unknown> | undefined });
  });

  const security = await securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of security) reply.raw.setHeader(name, value);
    done();
  });
  // Rural connections: HTML, CSS and JS go out compressed (brotli or gzip, as the browser accepts).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(formbody, { bodyLimit: 256 * 1024, parser: parseFormText });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(csrf, {
    cookieKey: 'boutic_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
  });
  // Rate-limit state is per process by design (see docs/decisions/0005); limits are set per route.
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/static/',
    maxAge: config.env === 'production' ? '7d' : 0,
    index: false,
  });

  app.decorateRequest('staff', null);
  const territories = new TerritoryResolver(deps.database, config.defaultTerritory);
  app.decorateRequest('territory', function (this: FastifyRequest) {
    const cache = this as FastifyRequest & { territoryPromise?: Promise<CurrentTerritory | null> };
    cache.territoryPromise ??= territories.resolve(normaliseHost(this.hostname)).then((row) =>
      row ? { ...row, base_url: territoryBaseUrl(config.baseUrl, row.host) } : null,
    );
    return cache.territoryPromise;
  });
  app.decorateReply('page', async function (this: FastifyReply, title: string, body: VNode, options: PageOptions = {}) {
    const territory = await this.request.territory().catch(() => null);
    const html = renderDocument(
      Layout({
        title,
        notice: options.notice,
        ctx: {
          programme: territory?.programme_name
            ? {
                name: territory.programme_name,
                funder: territory.funder ?? '',
                accessibilityStatus: territory.accessibility_status ?? 'non_conforme',
              }
            : null,
          staff: this.request.staff ? { displayName: this.request.staff.displayName } : null,
          csrfToken: this.request.staff ? this.generateCsrf() : '',
        },
        children: body,
      }),
    );
    return this.code(options.status ?? 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  });

  let setupDone = false;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/static/')) return;
    if (!setupDone) {
      setupDone = !!(await deps.database.db.selectFrom('staff_users').select('id').limit(1).executeTakeFirst());
      if (!setupDone && !SETUP_OPEN.test(request.url)) return reply.redirect('/mise-en-route', 303);
    }
    // A campaign's reference (`?ref=` on the links of a message or a poster's QR code) is kept for
    // the browser session, so that a registration a few pages later is attributed to it. The cookie
    // holds the same value for everyone the campaign reached: it identifies no one (no tracker).
    const ref = (request.query as Record<string, unknown> | undefined)?.ref;
    if (typeof ref === 'string' && REF.test(ref) && request.cookies[REF_COOKIE] !== ref) {
      reply.setCookie(REF_COOKIE, ref, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies });
    }
    const token = request.cookies[STAFF_COOKIE];
    if (token) {
      const unsigned = request.unsignCookie(token);
      const staff = unsigned.valid && unsigned.value ? await findStaffBySession(deps.database.db, unsigned.value, { idleMinutes: deps.config.sessionIdleMinutes }) : null;
      // a session opened on another territory's host is not one here (docs/decisions/0019-territories.md)
      if (staff && belongsToTerritory(staff, (await request.territory())?.id)) request.staff = staff;
    }
  });
  // After the hook above: the first-run redirect, the campaign cookie and the staff come first.
  const pageCache = new PageCache(Math.floor(config.pageCacheMb * 1024 * 1024));
  app.decorate('pageCache', pageCache);
  registerPageCache(app, pageCache);
  if (!pageCache.enabled) app.decorate('frontDoor', null);
  else {
    const frontDoor = new FrontDoor({ cache: pageCache, territory: (host) => territories.resolve(host), securityHeaders: security, trustProxy: config.trustProxy, logger: deps.logger, nextRequestId });
    if (fastifyHandler) handle = frontDoor.wrap(fastifyHandler);
    app.decorate('frontDoor', frontDoor);
    app.addHook('preClose', (done) => {
      frontDoor.closing = true;
      done();
    });
  }
  // Every state-changing request carries the CSRF token of the form it came from.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return done();
    if (request.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });

  app.get('/healthz', async (_request, reply) => {
    await deps.database.db.selectFrom('territories').select('id').limit(1).execute();
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });

  registerErrorPages(app);
  for (const plugin of routes) await app.register(plugin);
  return app;
}
