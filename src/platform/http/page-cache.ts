import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The cache of rendered public pages (DESIGN.md, « Public pages and the cache »).
 *
 * A page is kept with the territory's `content_version` read at the start of the request that
 * rendered it; every write that changes a public page bumps that version in its own transaction,
 * and every request reads it again (one small read), so no process ever serves a page older than
 * the last committed write. The version is read before the page's data, so a page stored under a
 * version never shows data older than that version.
 *
 * Only anonymous visitors are served from it: a request carrying a session cookie (staff,
 * participant, or any Boutic cookie not known to be harmless) renders as usual and is not stored.
 */

export type Encoding = 'br' | 'gzip' | 'identity';

/** Time changes public pages too (a session that starts leaves the lists, registration closes): an entry lives this long at most. */
export const PAGE_MAX_AGE_MS = 60_000;

/** Cookies that change nothing on a cached page: the campaign reference (read by the registration form only) and the CSRF secret (forms are not cached). */
const HARMLESS_COOKIES = new Set(['boutic_ref', 'boutic_csrf']);
export const isHarmlessCookie = (name: string): boolean => HARMLESS_COOKIES.has(name);

/** @fastify/compress's own threshold in server.ts: smaller bodies go out as they are. */
export const COMPRESS_THRESHOLD = 1024;

export interface PageEntry {
  version: number;
  renderedAt: number;
  contentType: string;
  cacheControl: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  /** Bytes held: the body and the encodings computed so far. */
  size: number;
}

/** A byte-bounded LRU of rendered pages (a Map keeps insertion order: the first key is the least recently used). */
export class PageCache {
  private readonly entries = new Map<string, PageEntry>();
  private held = 0;
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(
    readonly maxBytes: number,
    private readonly maxAgeMs = PAGE_MAX_AGE_MS,
  ) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry for this key if it was rendered at this version and is young enough. */
  fresh(key: string, version: number, now = Date.now()): PageEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version || now - entry.renderedAt > this.maxAgeMs) {
      this.remove(key, entry);
      return undefined;
    }
    // most recently used: to the end of the order
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  store(key: string, entry: Omit<PageEntry, 'size'>): PageEntry {
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    const stored: PageEntry = { ...entry, size: entry.identity.length + key.length };
    this.entries.set(key, stored);
    this.held += stored.size;
    this.evict();
    return stored;
  }

  /** The body in this encoding, compressed on the first request that asks for it, then kept. */
  body(key: string, entry: PageEntry, encoding: Encoding): Buffer {
    if (encoding === 'identity') return entry.identity;
    let body = entry[encoding];
    if (!body) {
      body =
        encoding === 'br'
          ? zlib.brotliCompressSync(entry.identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.identity.length } })
          : zlib.gzipSync(entry.identity, { level: 6 });
      entry[encoding] = body;
      if (this.entries.get(key) === entry) {
        entry.size += body.length;
        this.held += body.length;
        this.evict();
      }
    }
    return body;
  }

  private remove(key: string, entry: PageEntry) {
    this.entries.delete(key);
    this.held -= entry.size;
  }

  private evict() {
    for (const [key, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.remove(key, entry);
      this.evictions++;
    }
  }
}

/**
 * The encoding @fastify/compress would choose (br, then gzip; `*` and x-gzip count as gzip),
 * for the usual Accept-Encoding headers: the highest quality wins, br on a tie.
 */
export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const part of header.toLowerCase().split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim();
    const coding = name === 'br' ? 'br' : name === 'gzip' || name === 'x-gzip' || name === '*' ? 'gzip' : null;
    if (!coding) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]) || 0;
    }
    if (q > bestQ || (q === bestQ && q > 0 && coding === 'br')) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** What a route declares to be served from the cache: the query parameters its page reads (any other one: rendered, not stored). */
export type PublicCacheOption = true | { query: readonly string[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An anonymous GET of this page may be served from the cache of rendered public pages. */
    publicCache?: PublicCacheOption;
  }
}

export interface Slot {
  key: string;
  version: number;
  /** Served from the cache: nothing to store. */
  hit: boolean;
  release?: () => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's place in the page cache, when it may be served from it or stored in it. */
    pageCacheSlot: Slot | null;
  }
}

/** The request may be answered from (and its page stored in) the cache: an anonymous GET/HEAD of a route that opted in, with no query parameter the page does not read. */
function cacheable(request: FastifyRequest): boolean {
  const option = request.routeOptions.config?.publicCache;
  if (!option || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
  for (const name in request.cookies) if (name.startsWith('boutic_') && !HARMLESS_COOKIES.has(name)) return false;
  const query = request.query as Record<string, unknown> | undefined;
  if (query) {
    const allowed = option === true ? [] : option.query;
    for (const name in query) if (!allowed.includes(name)) return false;
  }
  return true;
}

function sendEntry(request: FastifyRequest, reply: FastifyReply, cache: PageCache, key: string, entry: PageEntry) {
  const encoding = entry.identity.length >= COMPRESS_THRESHOLD ? chooseEncoding(request.headers['accept-encoding']) : 'identity';
  reply.code(200).header('content-type', entry.contentType).header('cache-control', entry.cacheControl);
  if (encoding !== 'identity') reply.header('vary', 'accept-encoding').header('content-encoding', encoding);
  return cache.body(key, entry, encoding);
}

/**
 * Adds the cache's hooks: onRequest answers a hit before any other work of the route (the
 * security headers are already set by then, as on every response); onSend stores a page just
 * rendered for an anonymous visitor and sends it from the entry, so a miss and a hit send the
 * same bytes. Concurrent misses of one page at one version wait for the first render.
 */
export function registerPageCache(app: FastifyInstance, cache: PageCache): void {
  if (!cache.enabled) return;
  const rendering = new Map<string, { version: number; done: Promise<void> }>();
  app.decorateRequest('pageCacheSlot', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return;
    const territory = await request.territory().catch(() => null);
    if (!territory) return;
    const key = `${territory.id} ${request.url}`;
    const version = territory.content_version;
    let entry = cache.fresh(key, version);
    if (!entry) {
      const pending = rendering.get(key);
      if (pending && pending.version === version) {
        const finished = await waitAtMost(pending.done, WAIT_FOR_RENDER_MS);
        if (!finished && rendering.get(key) === pending) rendering.delete(key);
        entry = cache.fresh(key, version);
      }
    }
    if (entry) {
      cache.hits++;
      request.pageCacheSlot = { key, version, hit: true };
      return reply.send(sendEntry(request, reply, cache, key, entry));
    }
    cache.misses++;
    const slot: Slot = { key, version, hit: false };
    if (rendering.get(key)?.version !== version) {
      let release!: () => void;
      const done = new Promise<void>((resolve) => (release = resolve));
      const mine = { version, done };
      rendering.set(key, mine);
      slot.release = () => {
        if (rendering.get(key) === mine) rendering.delete(key);
        release();
      };
    }
    request.pageCacheSlot = slot;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const slot = request.pageCacheSlot;
    if (!slot || slot.hit) return payload;
    try {
      const contentType = String(reply.getHeader('content-type') ?? '');
      if (reply.statusCode !== 200 || typeof payload !== 'string' || !contentType.startsWith('text/html') || reply.hasHeader('set-cookie')) return payload;
      const entry = cache.store(slot.key, {
        version: slot.version,
        renderedAt: Date.now(),
        contentType,
        cacheControl: String(reply.getHeader('cache-control') ?? 'no-store'),
        identity: Buffer.from(payload),
      });
      return sendEntry(request, reply, cache, slot.key, entry);
    } finally {
      slot.release?.();
    }
  });
}

/** Every answer, even an error page, passes onSend; should one not, the requests waiting for it render themselves after this long. */
const WAIT_FOR_RENDER_MS = 2000;

/** True when `done` settled within `ms`. */
function waitAtMost(done: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([done.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]).finally(() => clearTimeout(timer));
}
