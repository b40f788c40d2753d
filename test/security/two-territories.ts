import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { form, type TestApp } from '../app.js';
import { openStaffSession, STAFF_COOKIE } from '../../src/platform/auth/sessions.js';
import { openParticipantSession, PARTICIPANT_COOKIE } from '../../src/registration/tokens.js';
import type { RoleName, World } from './world.js';

/**
 * Helpers for the tests of several territories on one instance (territories.test.ts): clients
 * that speak to one host with one role's session, and a snapshot of every table's content.
 */

export const HOST_A = 'a.boutic.test';
export const HOST_B = 'b.boutic.test';

// A test-only route handing out a CSRF token (and its cookie), the way a form page would.
export const CSRF_URL = '/__territoires/jeton-csrf';
export const csrfRoute: FastifyPluginAsync = async (app) => {
  app.get(CSRF_URL, async (_request, reply) => reply.send(reply.generateCsrf()));
};

const SIGN_IN = /^\/(equipe\/connexion|mes-inscriptions\/lien)([?#]|$)/;

/** What an answer gives: 'ok' (the page, or a redirect elsewhere than a sign-in page), 'signin', 'denied' (404/403), or the status. */
export function outcomeOf(res: LightMyRequestResponse): 'ok' | 'signin' | 'denied' | string {
  const location = res.headers.location;
  if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string' && SIGN_IN.test(location)) return 'signin';
  if (res.statusCode === 404 || res.statusCode === 403) return 'denied';
  if (res.statusCode < 400) return 'ok';
  return `HTTP ${res.statusCode}`;
}

/** A role's cookies in a world: a session opened as the sign-in pages open one (none for the anonymous visitor). */
export async function sessionOf(t: TestApp, w: World, role: RoleName): Promise<Record<string, string>> {
  const db = t.database.db;
  const staffId = (w.staff as Partial<Record<RoleName, number>>)[role];
  if (staffId) return { [STAFF_COOKIE]: encodeURIComponent(t.app.signCookie((await openStaffSession(db, { staffUserId: staffId, ttlHours: 8 })).token)) };
  const participantId = role === 'participant' ? w.participant : role === 'otherParticipant' ? w.otherParticipant : null;
  if (participantId) return { [PARTICIPANT_COOKIE]: encodeURIComponent(t.app.signCookie((await openParticipantSession(db, participantId)).token)) };
  return {};
}

export interface HostClient {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, fields?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** A client of one host, with the given cookies and a CSRF token of its own. */
export async function hostClient(t: TestApp, host: string, cookies: Record<string, string>): Promise<HostClient> {
  const res = await t.app.inject({ url: CSRF_URL, headers: { host } });
  const jar = { ...Object.fromEntries((res.cookies as Array<{ name: string; value: string }>).map((c) => [c.name, c.value])), ...cookies };
  const cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    get: (url) => t.app.inject({ url, headers: { host, cookie } }),
    post: (url, fields = {}) => {
      const f = form({ _csrf: res.body, ...fields });
      return t.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...f.headers, host, cookie } });
    },
  };
}

/** Tables whose rows change with any request of a signed-in person (a session's last use), left out of the snapshots. */
const VOLATILE = new Set(['staff_sessions']);

/** A fingerprint of every table's content, to tell which tables a request wrote to. */
export async function snapshot(t: TestApp, tables: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of tables) {
    if (VOLATILE.has(table) || table.startsWith('kysely_')) continue;
    const rows = (await sql.raw<Record<string, unknown>>(`select * from ${table}`).execute(t.database.db)).rows;
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Date ? v.toISOString() : v))).sort();
    out.set(table, crypto.createHash('sha256').update(lines.join('\n')).digest('hex'));
  }
  return out;
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()].filter((table) => before.get(table) !== after.get(table));
}

/** A page without what changes from one rendering to the next: CSRF tokens, the instant a personal-data copy was made. */
export function stable(body: string): string {
  return body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"')
    .replace(/"generated_?[aA]t": ?"[^"]*"/g, '"generated_at"')
    .replace(/Document établi le [^<.]*/g, 'Document établi le');
}

/**
 * A world of ids and links that exist nowhere: what an unknown id gets is what another territory's
 * id must get (« not found and not allowed look alike »).
 */
export function unknownWorld(): World {
  let n = 900_000_000; // nine digits: some routes take no more
  const id = () => n++;
  const token = () => crypto.randomBytes(32).toString('base64url');
  return {
    territoryId: id(), // a territory that does not exist either (/equipe/territoires/:id)
    staff: { facilitator: id(), otherFacilitator: id(), partner: id(), otherPartner: id(), coordinator: id(), administrator: id(), elected: id() },
    participant: id(),
    otherParticipant: id(),
    session: id(),
    pastSession: id(),
    otherSession: id(),
    spareSession: id(),
    registration: id(),
    pastRegistration: id(),
    otherRegistration: id(),
    workshop: { id: id(), slug: 'atelier-inconnu' },
    venue: { id: id(), slug: 'lieu-inconnu' },
    cycle: { id: id(), number: 999_999 },
    question: id(),
    demandRequest: id(),
    poll: id(),
    campaign: id(),
    contactImport: id(),
    partnerOrg: id(),
    offer: id(),
    referral: id(),
    otherReferral: id(),
    conversation: id(),
    project: id(),
    report: id(),
    outbox: id(),
    tokens: { demand: token(), survey: token(), diagnostic: token(), unsubscribe: `${Buffer.from('inconnu@example.fr').toString('base64url')}.${'A'.repeat(22)}` },
    member: id(),
    memberProject: id(),
    consent: id(),
    draftCampaign: id(),
    newQuestion: async () => id(),
    newReport: async () => id(),
    newProject: async () => id(),
    accessLink: async () => token(),
  };
}

/** Every table's row count, in one query: a request that adds or removes a row shows here. */
export async function rowCounts(t: TestApp, tables: string[]): Promise<Map<string, string>> {
  const names = tables.filter((x) => !VOLATILE.has(x) && !x.startsWith('kysely_'));
  const union = names.map((name) => `select '${name}' as t, count(*) as n from ${name}`).join(' union all ');
  const rows = (await sql.raw<{ t: string; n: number | string }>(union).execute(t.database.db)).rows;
  return new Map(rows.map((x) => [x.t, String(x.n)]));
}
