import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/platform/db/database.js';
import { issueAccessToken } from '../../src/registration/tokens.js';
import { issueRequestToken } from '../../src/on-demand/requests/tokens.js';
import { unsubscribeToken } from '../../src/campaigns/unsubscribe.js';
import type { TestApp } from '../app.js';
import type { DemoResult } from '../../src/demo/seed.js';

/**
 * What the security tests share: a browser-like client (cookies, its own address so that the
 * per-address rate limits of one client do not starve another), a crawler that walks every page a
 * role can reach by links and collects the forms on them, and a snapshot of the database.
 */

let nextAddress = 1;
const address = () => `10.77.${Math.floor(nextAddress / 250) % 250}.${(nextAddress++ % 250) + 1}`;

export class Client {
  jar: Record<string, string> = {};
  ip = address();
  /** Comes from another address (the fuzzers send more than a per-address rate limit lets through). */
  move(): this {
    this.ip = address();
    return this;
  }
  constructor(
    readonly app: FastifyInstance,
    readonly role: string,
  ) {}

  cookie(): string {
    return Object.entries(this.jar)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) delete this.jar[c.name];
      else this.jar[c.name] = c.value;
    }
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookie() } });
    this.keep(res);
    return res;
  }

  /** A POST with a raw body and content type (the fuzzers send malformed ones too). */
  async send(url: string, payload: string | undefined, contentType: string | undefined): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { cookie: this.cookie() };
    if (contentType) headers['content-type'] = contentType;
    const res = await this.app.inject({ method: 'POST', url, remoteAddress: this.ip, headers, ...(payload === undefined ? {} : { payload }) });
    this.keep(res);
    return res;
  }

  async post(url: string, fields: Array<[string, string]>): Promise<LightMyRequestResponse> {
    return this.send(url, encodeForm(fields), 'application/x-www-form-urlencoded');
  }
}

export function encodeForm(fields: Array<[string, string]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of fields) params.append(k, v);
  return params.toString();
}

// ---------------------------------------------------------------- HTML forms, read with regular expressions

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k === 'nbsp') return '\u00a0';
    return String.fromCodePoint(k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10));
  });
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}
const hasAttr = (tag: string, name: string) => new RegExp(`\\s${name}(?=[=\\s>/]|$)`, 'i').test(tag);

export interface FormField {
  name: string;
  kind: 'text' | 'textarea' | 'select' | 'checkbox' | 'radio' | 'hidden' | 'button' | 'file' | 'other';
  type: string;
  /** the value the page proposes (the checked one, the selected one, what is typed). */
  value: string;
  /** every value the page offers for it (options, radios, checkboxes). */
  options: string[];
}

export interface PageForm {
  page: string;
  role: string;
  method: string;
  action: string;
  enctype: string;
  csrf: string | null;
  fields: FormField[];
}

export function formsOf(html: string, page: string, role: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const tag = m[1]!;
    const inner = m[2]!;
    const method = (attr(tag, 'method') ?? 'get').toLowerCase();
    const action = attr(tag, 'action') ?? page;
    const fields = new Map<string, FormField>();
    const add = (f: Omit<FormField, 'options'> & { checked?: boolean }) => {
      const known = fields.get(f.name);
      if (known) {
        if (!known.options.includes(f.value)) known.options.push(f.value);
        if (f.checked) known.value = f.value;
        return;
      }
      fields.set(f.name, { name: f.name, kind: f.kind, type: f.type, value: f.kind === 'checkbox' || f.kind === 'radio' ? (f.checked ? f.value : '') : f.value, options: [f.value] });
    };
    for (const el of inner.matchAll(/<(input|button)\b([^>]*)>/gi)) {
      const t = el[2]!;
      const name = attr(t, 'name');
      if (!name) continue;
      const type = (attr(t, 'type') ?? (el[1]!.toLowerCase() === 'button' ? 'submit' : 'text')).toLowerCase();
      const value = attr(t, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
      const kind: FormField['kind'] = el[1]!.toLowerCase() === 'button' || type === 'submit' ? 'button' : type === 'checkbox' ? 'checkbox' : type === 'radio' ? 'radio' : type === 'hidden' ? 'hidden' : type === 'file' ? 'file' : 'text';
      add({ name, kind, type, value, checked: hasAttr(t, 'checked') });
    }
    for (const el of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(el[1]!, 'name');
      if (name) add({ name, kind: 'textarea', type: 'textarea', value: decodeEntities(el[2]!) });
    }
    for (const el of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(el[1]!, 'name');
      if (!name) continue;
      const options = [...el[2]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => ({ value: attr(o[1]!, 'value') ?? (hasAttr(o[1]!, 'value') ? '' : decodeEntities(o[2]!.trim())), selected: hasAttr(o[1]!, 'selected') }));
      const selected = options.find((o) => o.selected) ?? options[0];
      fields.set(name, { name, kind: 'select', type: 'select', value: selected?.value ?? '', options: options.map((o) => o.value) });
    }
    const csrf = fields.get('_csrf')?.value ?? null;
    fields.delete('_csrf');
    forms.push({ page, role, method, action: action.split('#')[0]!, enctype: attr(tag, 'enctype') ?? 'application/x-www-form-urlencoded', csrf, fields: [...fields.values()] });
  }
  return forms;
}

// ---------------------------------------------------------------- routes

export interface Route {
  method: string;
  url: string;
  regex: RegExp;
  params: string[];
}

export function routesOf(app: FastifyInstance): Route[] {
  return app.routeTable
    .filter((r) => r.method !== 'HEAD')
    .map((r) => {
      const params: string[] = [];
      let source = '';
      const re = /:(\w+)(\(\^?((?:[^()]|\([^()]*\))*)\))?|\*|[^:*]+/g;
      for (const m of r.url.matchAll(re)) {
        if (m[0] === '*') source += '.*';
        else if (m[1]) {
          params.push(m[1]);
          source += m[3] ? `(${m[3].replace(/\$$/, '')})` : '([^/]+)';
        } else source += m[0]!.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      }
      return { method: r.method, url: r.url, regex: new RegExp(`^${source}$`), params };
    });
}

export function routeOf(routes: Route[], method: string, url: string): Route | undefined {
  const path = url.split('?')[0]!;
  const candidates = routes.filter((r) => r.method === method && r.regex.test(path));
  // the most specific pattern wins (a static segment beats a parameter)
  return candidates.sort((a, b) => a.params.length - b.params.length)[0];
}

// ---------------------------------------------------------------- the crawler

export interface Visit {
  url: string;
  role: string;
  status: number;
  type: string;
  body: string;
}

const NOT_HTML = /\.(pdf|xlsx|csv|ics|json|png|svg|js|css|ico)(\?|$)|^\/static\//;

/** Visits every page a client reaches by links from `starts` (at most `perRoute` URLs of one GET route). */
export async function crawl(client: Client, routes: Route[], starts: string[], perRoute = 3, maxPages = 500): Promise<Visit[]> {
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const queue = [...starts];
  const visits: Visit[] = [];
  while (queue.length && visits.length < maxPages) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const route = routeOf(routes, 'GET', url);
    if (!route) continue;
    const n = perPattern.get(route.url) ?? 0;
    if (n >= perRoute && !starts.includes(url)) continue;
    perPattern.set(route.url, n + 1);
    const res = await client.get(url);
    const type = String(res.headers['content-type'] ?? '');
    visits.push({ url, role: client.role, status: res.statusCode, type, body: type.includes('html') ? res.body : '' });
    if (!type.includes('html') || res.statusCode !== 200) continue;
    for (const m of res.body.matchAll(/\shref="(\/[^"]*)"/g)) {
      const href = decodeEntities(m[1]!).split('#')[0]!;
      if (!href || href.startsWith('//') || NOT_HTML.test(href) || seen.has(href)) continue;
      queue.push(href);
    }
  }
  return visits;
}

// ---------------------------------------------------------------- the demo, its people, their clients

export interface Cast {
  clients: Client[];
  byRole: Map<string, Client>;
  /** start pages of each role, including the pages reached only by an e-mailed link. */
  starts: Map<string, string[]>;
  participantId: number;
}

export async function signIn(t: TestApp, demo: DemoResult, role: string, email?: string): Promise<Client> {
  const client = new Client(t.app, role);
  const who = demo.staff.find((s) => (email ? s.email === email : s.role === role))!;
  await client.get('/equipe/connexion');
  const page = await client.get('/equipe/connexion');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const res = await client.post('/equipe/connexion', [
    ['_csrf', csrf],
    ['email', who.email],
    ['password', who.password],
  ]);
  if (res.statusCode !== 303) throw new Error(`${role} sign-in: ${res.statusCode}`);
  return client;
}

export async function participantSignIn(t: TestApp, participantId: number): Promise<Client> {
  const client = new Client(t.app, 'participant');
  const res = await client.get(`/mes-inscriptions/acces?jeton=${await issueAccessToken(t.database.db, participantId)}`);
  if (res.statusCode !== 303) throw new Error(`participant sign-in: ${res.statusCode}`);
  return client;
}

/** The demo's participant with the most to show: the proposer of a project others are interested in (its conversation form), with a profile. */
export async function richParticipant(db: Db): Promise<number> {
  const proposer = await db
    .selectFrom('network_projects as p')
    .innerJoin('network_interests as i', 'i.project_id', 'p.id')
    .innerJoin('directory_profiles as d', 'd.participant_id', 'p.proposer_id')
    .select('p.proposer_id')
    .where('i.withdrawn_at', 'is', null)
    .orderBy('p.id')
    .executeTakeFirst();
  if (proposer) return proposer.proposer_id;
  return (await db.selectFrom('directory_profiles').select('participant_id').orderBy('participant_id').executeTakeFirstOrThrow()).participant_id;
}

/** Links that only arrive by e-mail (a request's page, a survey, an unsubscription), made for the tests. */
export async function mailedLinks(t: TestApp, territoryId: number): Promise<string[]> {
  const db = t.database.db;
  const links: string[] = [];
  const request = await db.selectFrom('demand_requests').select('id').orderBy('id').executeTakeFirst();
  if (request) links.push(`/demandes/${await issueRequestToken(db, request.id)}`);
  for (const kind of ['satisfaction', 'follow_up'] as const) {
    const invitation = await db.selectFrom('survey_invitations').select('id').where('kind', '=', kind).orderBy('id', 'desc').executeTakeFirst();
    if (!invitation) continue;
    const token = crypto.randomBytes(32).toString('base64url');
    await db.updateTable('survey_invitations').set({ token_hash: crypto.createHash('sha256').update(token).digest('hex') }).where('id', '=', invitation.id).execute();
    links.push(`/enquete/${token}`);
  }
  const contact = await db.selectFrom('contacts').select('email').orderBy('id').executeTakeFirst();
  if (contact) links.push(`/desinscription/${unsubscribeToken(t.config.sessionSecret, territoryId, contact.email)}`);
  return links;
}

// ---------------------------------------------------------------- the database's state

/** Tables a refused request may still touch, and why. */
export const VOLATILE_TABLES = new Set<string>([
  'staff_sessions', // a signed-in request extends its session
  'kysely_migration',
  'kysely_migration_lock',
]);

/** Tables whose content (not only their row count) is compared, with the columns read (all when empty). */
const KEY_TABLES: Record<string, string[]> = {
  sessions: ['id', 'status', 'starts_at', 'ends_at', 'seats', 'seats_taken', 'venue_id', 'facilitator_id', 'workshop_id'],
  registrations: ['id', 'status', 'waitlist_position', 'attendance', 'session_id'],
  participants: ['id', 'email', 'first_name', 'last_name', 'phone', 'company_id'],
  workshops: [],
  venues: [],
  cycles: [],
  staff_users: [],
  partners: [],
  partner_offers: [],
  referrals: [],
  directory_profiles: [],
  network_projects: [],
  campaigns: ['id', 'status', 'name', 'subject', 'scheduled_at'],
  demand_requests: [],
  session_questions: [],
  territories: [],
  programmes: [],
};

export interface Snapshot {
  counts: Record<string, number>;
  checksums: Record<string, string>;
}

export async function tablesOf(db: Db): Promise<string[]> {
  return (await db.introspection.getTables()).map((t) => t.name).filter((n) => !VOLATILE_TABLES.has(n)).sort();
}

/** Row counts of every table (one query) and a checksum of the content of the key tables. */
export async function snapshot(db: Db, tables: string[]): Promise<Snapshot> {
  // a refused form shown again with its errors may show names: that read is logged (`read.*`), and is no write of the form
  const count = (t: string) => (t === 'audit_log' ? sql`(select count(*) from audit_log where action not like 'read.%')` : sql`(select count(*) from ${sql.table(t)})`);
  const row = (await sql<Record<string, number | string>>`select ${sql.join(tables.map((t) => sql`${count(t)} as ${sql.ref(t)}`))}`.execute(db)).rows[0]!;
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number(row[t]);
  const checksums: Record<string, string> = {};
  for (const [t, columns] of Object.entries(KEY_TABLES)) {
    if (!tables.includes(t)) continue;
    const hash = crypto.createHash('sha1');
    const rows = await sql<Record<string, unknown>>`select ${columns.length ? sql.join(columns.map((c) => sql.ref(c))) : sql`*`} from ${sql.table(t)} order by id`.execute(db);
    for (const r of rows.rows) hash.update(Object.values(r).join('\u0001'));
    checksums[t] = hash.digest('hex').slice(0, 12);
  }
  return { counts, checksums };
}

export function differences(a: Snapshot, b: Snapshot): string[] {
  const out: string[] = [];
  for (const [t, n] of Object.entries(a.counts)) if (b.counts[t] !== n) out.push(`${t}: ${n} → ${b.counts[t]} rows`);
  for (const [t, h] of Object.entries(a.checksums)) if (b.checksums[t] !== h) out.push(`${t}: content changed`);
  return out;
}

/** A stack trace, a file path of the server or an exception's name in a page. */
export const LEAK = /\n\s+at .+:\d+:\d+|node_modules|\/work\/|\bTypeError\b|\bReferenceError\b|\bSqliteError\b|\berror: syntax error\b|FST_ERR/;
