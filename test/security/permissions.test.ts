import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { databaseTiers } from '../databases.js';
import { createTestApp, form, type TestApp } from '../app.js';
import { openStaffSession, STAFF_COOKIE } from '../../src/platform/auth/sessions.js';
import { openParticipantSession, PARTICIPANT_COOKIE } from '../../src/registration/tokens.js';
import { buildWorld, ROLES, type RoleName, type World } from './world.js';
import { MATRIX, RULES, type Outcome, type Row } from './matrix.js';

/**
 * The permission matrix, played: every route of app.routeTable × every role, each answer compared
 * with the rule of its row in matrix.ts; a refused POST must leave every table as it was.
 */

// A test-only route handing out a CSRF token (and its cookie), the way a form page would.
const CSRF_URL = '/__matrice/jeton-csrf';
const csrfRoute: FastifyPluginAsync = async (app) => {
  app.get(CSRF_URL, async (_request, reply) => reply.send(reply.generateCsrf()));
};

const SIGN_IN = /^\/(equipe\/connexion|mes-inscriptions\/lien)([?#]|$)/;

/** What a response means for permissions. A refused form (400, 409, 422) was let in: it is the form that is wrong, not who sent it. */
export function outcomeOf(method: string, res: LightMyRequestResponse): Outcome | string {
  const location = res.headers.location;
  if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string' && SIGN_IN.test(location)) return 'signin';
  if (res.statusCode === 404 || res.statusCode === 403) return 'denied';
  if (res.statusCode < 400) return 'ok';
  if (method === 'POST' && [400, 409, 422].includes(res.statusCode)) return 'ok';
  return `HTTP ${res.statusCode}`;
}

const routeKey = (method: string, url: string) => `${method} ${url}`;

for (const tier of databaseTiers()) {
  describe(`permission matrix on ${tier.name}`, () => {
    let t: TestApp;
    let w: World;
    const db = () => t.database.db;
    let tables: string[] = [];

    before(async () => {
      t = await createTestApp(tier, { FORM_RATE_LIMIT: '1000', LOGIN_RATE_LIMIT: '1000' }, [csrfRoute]);
      w = await buildWorld(t);
      tables = (await db().introspection.getTables()).map((x) => x.name).sort();
    });
    after(() => t?.close());

    test('every route of the app has its row in the matrix, and every row its route', () => {
      const routes = new Set(t.app.routeTable.filter((x) => x.method !== 'HEAD' && !x.url.startsWith('/__matrice')).map((x) => routeKey(x.method, x.url)));
      const rows = MATRIX.map((x) => x.route);
      const duplicated = rows.filter((x, i) => rows.indexOf(x) !== i);
      const missing = [...routes].filter((x) => !rows.includes(x));
      const gone = rows.filter((x) => !routes.has(x));
      assert.deepEqual({ missing, gone, duplicated }, { missing: [], gone: [], duplicated: [] }, 'add a line to test/security/matrix.ts for each missing route (see docs/security-tests-matrix.md); remove the lines whose route is gone');
    });

    test('every route answers every role as its rule says; a refused POST writes nothing', async (ctx) => {
      const headers = (jar: Record<string, string>) => ({ cookie: Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ') });
      const staffIds: Partial<Record<RoleName, number>> = { ...w.staff };
      const participantIds: Partial<Record<RoleName, number>> = { participant: w.participant, otherParticipant: w.otherParticipant };
      /** A fresh signed-in cookie for the role (a POST may sign it out), as the sign-in pages would set it. */
      const sessionCookie = async (role: RoleName): Promise<Record<string, string>> => {
        if (staffIds[role]) return { [STAFF_COOKIE]: encodeURIComponent(t.app.signCookie((await openStaffSession(db(), { staffUserId: staffIds[role]!, ttlHours: 8 })).token)) };
        if (participantIds[role]) return { [PARTICIPANT_COOKIE]: encodeURIComponent(t.app.signCookie((await openParticipantSession(db(), participantIds[role]!)).token)) };
        return {};
      };
      const csrf = new Map<RoleName, { cookie: Record<string, string>; token: string }>();
      const getJars = new Map<RoleName, Record<string, string>>();
      for (const role of ROLES) {
        const res = await t.app.inject({ url: CSRF_URL });
        const cookie = Object.fromEntries((res.cookies as Array<{ name: string; value: string }>).map((c) => [c.name, c.value]));
        csrf.set(role, { cookie, token: res.body });
        getJars.set(role, await sessionCookie(role));
      }
      const countRows = async () => {
        const union = tables.map((name) => `select '${name}' as t, count(*) as n from ${name}`).join(' union all ');
        const rows = (await sql.raw<{ t: string; n: number | string }>(union).execute(db())).rows;
        return Object.fromEntries(rows.map((x) => [x.t, Number(x.n)]));
      };

      const failures: string[] = [];
      let requests = 0;
      let checkedWrites = 0;
      const slow: Array<[string, number]> = [];
      let countingMs = 0;
      const check = (row: Row, role: RoleName, url: string, res: LightMyRequestResponse) => {
        requests++;
        const expected = RULES[row.rule][role];
        const got = outcomeOf(row.route.split(' ')[0]!, res);
        if (got !== expected && !(expected === 'signedOut' && got === 'signin')) failures.push(`${row.route} (${url}) ${role}: expected ${expected}, got ${got} [${res.statusCode}${res.headers.location ? ` → ${res.headers.location}` : ''}]`);
      };
      const play = async (row: Row) => {
        const rowStart = performance.now();
        const rule = RULES[row.rule];
        if (row.route.startsWith('GET ')) {
          // reading changes nothing the other roles depend on: the ten requests at once
          await Promise.all(
            ROLES.map(async (role) => {
              const url = await row.url(w); // per request: a link used once is minted again
              check(row, role, url, await t.app.inject({ method: 'GET', url, headers: headers(getJars.get(role)!) }));
            }),
          );
        } else {
          // every request prepared first (a fresh session, since a POST may sign out; the CSRF token; the URL
          // and fields), so that the row counts around the refused ones see only what those requests wrote
          const prepared: Array<{ role: RoleName; url: string; payload: string; headers: Record<string, string> }> = [];
          for (const role of ROLES) {
            const { cookie, token } = csrf.get(role)!;
            const fields = typeof row.body === 'function' ? await row.body(w) : (row.body ?? {});
            const body = form({ _csrf: token, ...fields });
            prepared.push({ role, url: await row.url(w), payload: body.payload, headers: { ...body.headers, ...headers({ ...cookie, ...(await sessionCookie(role)) }) } });
          }
          const send = async (p: (typeof prepared)[number]) => check(row, p.role, p.url, await t.app.inject({ method: 'POST', url: p.url, payload: p.payload, headers: p.headers }));
          // the refused roles first, so that an allowed POST cannot change what they are refused
          const refused = prepared.filter((p) => rule[p.role] !== 'ok' && rule[p.role] !== 'signedOut');
          const c0 = performance.now();
          const before = await countRows();
          for (const p of refused) await send(p);
          const after = await countRows();
          countingMs += performance.now() - c0;
          checkedWrites += refused.length;
          const changed = Object.entries(after).filter(([table, n]) => before[table] !== n).map(([table, n]) => `${table} ${before[table]}→${n}`);
          if (changed.length) failures.push(`${row.route} refused to ${refused.map((p) => p.role).join(', ')}, yet wrote: ${changed.join(', ')}`);
          for (const p of prepared.filter((x) => !refused.includes(x))) await send(p);
        }
        slow.push([row.route, performance.now() - rowStart]);
      };
      const t0 = performance.now();
      for (const row of MATRIX.filter((x) => !x.late)) await play(row);
      for (const row of MATRIX.filter((x) => x.late)) await play(row);
      const posts = MATRIX.filter((x) => x.route.startsWith('POST ')).length;
      ctx.diagnostic(`${tier.name}: ${MATRIX.length} routes (${posts} POST) × ${ROLES.length} roles = ${MATRIX.length * ROLES.length} checks, ${requests} requests, ${checkedWrites} refused POSTs checked for writes over ${tables.length} tables, ${Math.round(performance.now() - t0)} ms`);
      ctx.diagnostic(`refused POSTs with their row counts: ${Math.round(countingMs)} ms; slowest rows: ${slow.sort((a, b) => b[1] - a[1]).slice(0, 8).map(([route, ms]) => `${route} ${Math.round(ms)} ms`).join(', ')}`);
      // MATRIX_FAILURES=<file>: the differences written to a file, one a line, to review them all at once
      if (process.env.MATRIX_FAILURES) (await import('node:fs')).writeFileSync(`${process.env.MATRIX_FAILURES}.${tier.name}`, failures.join('\n'));
      assert.deepEqual(failures, []);
    });
  });
}
