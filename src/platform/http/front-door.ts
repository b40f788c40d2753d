import http from 'node:http';
import pino, { type Logger } from 'pino';
import { normaliseHost } from '../programme.js';
import { chooseEncoding, isHarmlessCookie, PageCache, COMPRESS_THRESHOLD } from './page-cache.js';

/**
 * The page cache's front door (docs/performance.md): an anonymous GET of a page the cache already
 * holds, at the territory's current version, is answered here, before Fastify builds its request,
 * routes it and runs its hooks. Everything else — a miss, a cookie, a HEAD, a proxy's forwarded host,
 * a server closing — goes on to Fastify unchanged, which renders and stores as before.
 *
 * The answer is the one Fastify's path sends for a hit: same status, headers and bytes (the
 * security headers, computed once at start; content type, cache policy, encoding), checked by
 * test/page-cache-front-door.test.ts. A key is only ever stored by Fastify's path, for a route that
 * opted in and a query it reads, so the front door serves nothing Fastify would not have.
 */
export interface FrontDoorDeps {
  cache: PageCache;
  /** The territory row's id and content version for a request's host name (TerritoryResolver). */
  territory: (host: string) => Promise<{ id: number; content_version: number } | null>;
  securityHeaders: ReadonlyArray<readonly [string, string]>;
  trustProxy: boolean;
  logger: Logger;
  nextRequestId: () => string;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The host name Fastify would give `request.hostname` (the last X-Forwarded-Host behind a trusted proxy). */
function hostOf(req: http.IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = req.headers['x-forwarded-host'];
  if (trustProxy && forwarded) {
    const value = Array.isArray(forwarded) ? forwarded[forwarded.length - 1]! : forwarded;
    return value.slice(value.lastIndexOf(',') + 1).trim();
  }
  return req.headers.host;
}

/** No cookie that changes the page (a staff or participant session, any Boutic cookie not known to be harmless). */
function anonymous(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return true;
  for (const part of cookieHeader.split(';')) {
    const name = part.slice(0, part.indexOf('=') >>> 0).trim();
    if (name.startsWith('boutic_') && !isHarmlessCookie(name)) return false;
  }
  return true;
}

export class FrontDoor {
  /** Set when the server starts closing: Fastify's path answers 503 from then on. */
  closing = false;
  served = 0;

  constructor(private readonly deps: FrontDoorDeps) {}

  /** A request handler that answers hits itself and hands the rest to Fastify's. */
  wrap(next: Handler): Handler {
    return (req, res) => {
      if (!this.candidate(req)) return next(req, res);
      this.serve(req, res).then(
        (served) => {
          if (!served) next(req, res);
        },
        (error: unknown) => {
          this.deps.logger.warn({ err: error }, 'page cache front door failed; request handed to the router');
          if (!res.headersSent) next(req, res);
        },
      );
    };
  }

  private candidate(req: http.IncomingMessage): boolean {
    return !this.closing && this.deps.cache.enabled && req.method === 'GET' && !!req.url && !req.url.startsWith('/static/') && anonymous(req.headers.cookie);
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const started = performance.now();
    const { cache } = this.deps;
    const territory = await this.deps.territory(normaliseHost(hostOf(req, this.deps.trustProxy)));
    if (!territory || this.closing) return false;
    const key = `${territory.id} ${req.url}`;
    const entry = cache.fresh(key, territory.content_version);
    if (!entry) return false;
    cache.hits++;
    this.served++;
    const encoding = entry.identity.length >= COMPRESS_THRESHOLD ? chooseEncoding(req.headers['accept-encoding']) : 'identity';
    const body = cache.body(key, entry, encoding);
    for (const [name, value] of this.deps.securityHeaders) res.setHeader(name, value);
    res.setHeader('content-type', entry.contentType);
    res.setHeader('cache-control', entry.cacheControl);
    if (encoding !== 'identity') {
      res.setHeader('vary', 'accept-encoding');
      res.setHeader('content-encoding', encoding);
    }
    res.setHeader('content-length', body.length);
    res.writeHead(200);
    res.end(body);
    // the same one line per request as Fastify's (OneLinePerRequest in server.ts), marked as served here
    if (this.deps.logger.isLevelEnabled('info')) this.logLine(req, performance.now() - started);
    return true;
  }

  /**
   * The line is written as pino writes it (level, ISO time, the logger's bindings, then the fields),
   * straight to the logger's destination: the fields hold no header and no cookie, so pino's
   * redaction and serializers have nothing to do, and they were a sixth of a cached page's CPU
   * (profiled). test/page-cache-front-door.test.ts parses it.
   */
  private logLine(req: http.IncomingMessage, responseTime: number): void {
    const logger = this.deps.logger as Logger & Record<symbol, unknown>;
    const stream = logger[pino.symbols.streamSym] as { write(line: string): unknown } | undefined;
    const bindings = logger[pino.symbols.chindingsSym];
    if (!stream || typeof bindings !== 'string') {
      logger.info({ reqId: this.deps.nextRequestId(), req: { method: req.method, url: req.url, host: req.headers.host }, res: { statusCode: 200 }, responseTime, cache: 'front-door' }, 'request completed');
      return;
    }
    const request = { method: req.method, url: req.url, host: req.headers.host, remoteAddress: req.socket.remoteAddress, remotePort: req.socket.remotePort };
    stream.write(
      `{"level":30,"time":"${new Date().toISOString()}"${bindings},"reqId":"${this.deps.nextRequestId()}","req":${JSON.stringify(request)},"res":{"statusCode":200},"responseTime":${responseTime},"cache":"front-door","msg":"request completed"}\n`,
    );
  }
}
