import { sql } from 'kysely';
import type { Executor } from './db/database.js';

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
