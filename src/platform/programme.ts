import { sql } from 'kysely';
import type { Database, Executor } from './db/database.js';

/** How a request finds its territory: its host name, else the instance's default (see docs/territories.md). */
export interface TerritoryLookup {
  /** The request's host name, lower-case, without the port. */
  host: string;
  /** DEFAULT_TERRITORY: the slug of the territory served on a host no territory claims. */
  defaultSlug?: string | undefined;
}

/** A host name as territories.host holds it: lower-case, no port, no brackets around an IPv6 address. */
export function normaliseHost(host: string | undefined): string {
  const h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  return h.replace(/:\d*$/, '');
}

/**
 * The territory a request is for and its programme, in one query: the territory whose host is the
 * request's; otherwise the one named by DEFAULT_TERRITORY; otherwise the oldest (a one-territory
 * install behaves as it always did). `content_version` is read with it (the public pages' cache).
 */
export async function currentTerritory(db: Executor, lookup: TerritoryLookup = { host: '' }) {
  return (
    (await db
      .selectFrom('territories as t')
      .leftJoin('programmes as p', 'p.territory_id', 't.id')
      .select([
        't.id',
        't.slug',
        't.name',
        't.epci_code',
        't.host',
        't.content_version',
        'p.name as programme_name',
        'p.funder',
        'p.tagline',
        'p.contact_email',
        'p.contact_phone',
        'p.publisher',
        'p.accessibility_status',
      ])
      .orderBy(sql`case when t.host = ${lookup.host} then 0 when t.slug = ${lookup.defaultSlug ?? ''} then 1 else 2 end`)
      .orderBy('t.id')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export type TerritoryRow = NonNullable<Awaited<ReturnType<typeof currentTerritory>>>;

/**
 * `currentTerritory` for every request, without its cost on every request: the row found for a host
 * is kept, and each request only reads its `content_version` and the highest territory id again (one
 * tiny prepared statement). Any write that changes what a public page shows bumps the version (so
 * the programme's name or funder too), and a territory added anywhere raises the highest id: then
 * the row, or the hosts of every territory, are read again. Every process therefore resolves as the
 * database says after each commit. Hosts no territory claims share one entry (the default), so the
 * map holds at most one row per territory, whatever Host headers clients send. A host name changed
 * by hand in the database is seen at the next version bump of that territory, or on restart.
 */
export class TerritoryResolver {
  private rows = new Map<string, TerritoryRow>();
  private hosts = new Set<string>();
  private lastId: number | null = null;
  private loading = new Map<string, Promise<TerritoryRow | null>>();

  constructor(
    private readonly database: Database,
    private readonly defaultSlug: string | undefined,
  ) {}

  async resolve(requestHost: string): Promise<TerritoryRow | null> {
    const key = this.hosts.has(requestHost) ? requestHost : '';
    const known = this.rows.get(key);
    if (known && this.lastId !== null) {
      const now = await this.database.readRow<{ version: number; last: number }>(
        'boutic_territory_version',
        'select content_version as version, (select max(id) from territories) as last from territories where id = $1',
        [known.id],
      );
      if (now && Number(now.last) === this.lastId) {
        if (Number(now.version) === known.content_version) return known;
        return this.load(key, requestHost);
      }
    }
    if (!known && this.lastId !== null) {
      const row = await this.load(key, requestHost);
      // a host name claimed since the hosts were read comes back as the default's: read them again
      if (!(key === '' && requestHost && row?.host === requestHost)) return row;
    }
    // first request, or a territory added or removed: the hosts again, then the row
    const all = await this.database.db.selectFrom('territories').select(['id', 'host']).execute();
    this.lastId = all.length ? Math.max(...all.map((t) => t.id)) : -1;
    this.hosts = new Set(all.flatMap((t) => (t.host ? [t.host] : [])));
    this.rows.clear();
    return this.load(this.hosts.has(requestHost) ? requestHost : '', requestHost);
  }

  /** Reads a row again; requests arriving together after a write share one read. */
  private load(key: string, requestHost: string): Promise<TerritoryRow | null> {
    let loading = this.loading.get(key);
    if (!loading) {
      loading = currentTerritory(this.database.db, { host: requestHost, defaultSlug: this.defaultSlug })
        .then((row) => {
          if (row) this.rows.set(key, row);
          else this.rows.delete(key);
          return row;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
  }
}

/** The territory of a request, with the address its links are built on (mail, calendar, posters). */
export type CurrentTerritory = TerritoryRow & { base_url: string };

/** The site's address for a territory: BASE_URL with the territory's host name in place of its own (scheme and port kept). */
export function territoryBaseUrl(baseUrl: string, host: string | null): string {
  if (!host) return baseUrl;
  const url = new URL(baseUrl);
  url.hostname = host;
  return url.toString().replace(/\/$/, '');
}

/** Marks the territory's public pages as changed; called in the same transaction as the write (DESIGN.md, cache). */
export async function bumpContentVersion(tx: Executor, territoryId: number): Promise<void> {
  await tx.updateTable('territories').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', territoryId).execute();
}
