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
      t = await createTestApp(tier, { FORM_RATE_LIMIT: '1000', LOGIN_RATE_LIMIT: '1000' }, [csrfRoute], { demo: 'config' });
      w = await buildWorld(t);
      tables = (await db().introspection.getTables()).map((x) => x.name).sort();
    });
    after(() => t?.close());

    /** A role's cookies: a session opened as the sign-in pages open one (none for the anonymous visitor). */
    const sessionOf = async (role: RoleName): Promise<Record<string, string>> => {
      const staffId = (w.staff as Partial<Record<RoleName, number>>)[role];
      if (staffId) return { [STAFF_COOKIE]: encodeURIComponent(t.app.signCookie((await openStaffSession(db(), { staffUserId: staffId, ttlHours: 8 })).token)) };
      const participantId = role === 'participant' ? w.participant : role === 'otherParticipant' ? w.otherParticipant : null;
      if (participantId) return { [PARTICIPANT_COOKIE]: encodeURIComponent(t.app.signCookie((await openParticipantSession(db(), participantId)).token)) };
      return {};
    };

    test('every route of the app has its row in the matrix, and every row its route', () => {
      const routes = new Set(t.app.routeTable.filter((x) => x.method !== 'HEAD' && !x.url.startsWith('/__matrice')).map((x) => routeKey(x.method, x.url)));
      const rows = MATRIX.map((x) => x.route);
      const duplicated = rows.filter((x, i) => rows.indexOf(x) !== i);
      const missing = [...routes].filter((x) => !rows.includes(x));
      const gone = rows.filter((x) => !routes.has(x));
      assert.deepEqual({ missing, gone, duplicated }, { missing: [], gone: [], duplicated: [] }, 'add a line to test/security/matrix.ts for each missing route (see docs/security.md); remove the lines whose route is gone');
    });

    // The matrix tries each role on the fixture's own objects; here, an allowed role with an id that is
    // not theirs in the other half of the URL (the classic IDOR): the 404, and the other object unchanged.
    test('an allowed role with another one’s id in the URL gets the 404 and changes nothing', async () => {
      const client = async (role: RoleName) => {
        const jar: Record<string, string> = {};
        const res = await t.app.inject({ url: CSRF_URL });
        for (const c of res.cookies as Array<{ name: string; value: string }>) jar[c.name] = c.value;
        Object.assign(jar, await sessionOf(role));
        const cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
        return {
          get: (url: string) => t.app.inject({ url, headers: { cookie } }),
          post: (url: string, fields: Record<string, string> = {}) => {
            const f = form({ _csrf: res.body, ...fields });
            return t.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...f.headers, cookie } });
          },
        };
      };
      const other = await db().selectFrom('registrations').select(['id', 'attendance', 'status']).where('session_id', '=', w.otherSession).where('status', '=', 'confirmed').orderBy('id').executeTakeFirstOrThrow();
      const otherQuestion = (await db().insertInto('session_questions').values({ session_id: w.otherSession, workshop_id: (await db().selectFrom('sessions').select('workshop_id').where('id', '=', w.otherSession).executeTakeFirstOrThrow()).workshop_id, question: 'Question chez B ?', answer: null, created_by: w.staff.otherFacilitator, created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow()).id;
      const cmaOffer = await db().selectFrom('partner_offers').select(['id', 'active']).where('partner_id', '<>', w.partnerOrg).orderBy('id').executeTakeFirstOrThrow();
      const a = await client('facilitator');
      const x = await client('partner');
      const coordinator = await client('coordinator');
      const p = await client('participant');
      const probes: Array<[string, () => Promise<LightMyRequestResponse>]> = [
        // A's coming session is not open for ticking yet: the coordination, who may correct a held session, tries it there
        ['the coordination ticks a registration of B’s session through A’s held session', () => coordinator.post(`/equipe/seances/${w.pastSession}/emargement/${other.id}`, { attendance: 'absent' })],
        ['A downloads a certificate of another session through A’s own session', () => a.get(`/equipe/seances/${w.session}/attestations/${w.pastRegistration}`)],
        ['A opens a question of B’s session', () => a.get(`/equipe/questions/${otherQuestion}`)],
        ['A edits a question of B’s session', () => a.post(`/equipe/questions/${otherQuestion}`, { question: 'Changée par A', answer: '' })],
        ['A refers Q, who is not on A’s roster', () => a.get(`/equipe/orientations/nouvelle?seance=${w.pastSession}&participant=${w.otherParticipant}`)],
        ['X records the outcome of the CMA’s referral', () => x.post(`/equipe/orientations/${w.otherReferral}/suite`, { status: 'contacted' })],
        ['X opens the CMA’s referral', () => x.get(`/equipe/orientations/${w.otherReferral}`)],
        ['the coordination switches another chamber’s offer through the CCI', () => coordinator.post(`/equipe/partenaires/${w.partnerOrg}/offres/${cmaOffer.id}/active`, { active: cmaOffer.active ? '0' : '1' })],
        ['P downloads Q’s certificate', () => p.get(`/mes-inscriptions/attestations/${w.otherRegistration}`)],
        ['P cancels Q’s registration', () => p.post(`/mes-inscriptions/${w.otherRegistration}/annulation`)],
      ];
      const failures: string[] = [];
      for (const [what, probe] of probes) {
        const res = await probe();
        if (res.statusCode !== 404) failures.push(`${what}: ${res.statusCode}`);
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(await db().selectFrom('registrations').select(['id', 'attendance', 'status']).where('id', '=', other.id).executeTakeFirstOrThrow(), other);
      assert.equal((await db().selectFrom('session_questions').select('question').where('id', '=', otherQuestion).executeTakeFirstOrThrow()).question, 'Question chez B ?');
      assert.equal((await db().selectFrom('referrals').select('status').where('id', '=', w.otherReferral).executeTakeFirstOrThrow()).status, 'sent');
      assert.equal((await db().selectFrom('partner_offers').select('active').where('id', '=', cmaOffer.id).executeTakeFirstOrThrow()).active, cmaOffer.active);
      assert.equal((await db().selectFrom('registrations').select('status').where('id', '=', w.otherRegistration).executeTakeFirstOrThrow()).status, 'confirmed');
    });

    // A list page is allowed to both; each must show its own and not the other's (scoped queries).
    test('the lists two people of the same role both reach show each one only their own', async () => {
      const page = async (role: RoleName, url: string) => {
        const cookie = Object.entries(await sessionOf(role)).map(([k, v]) => `${k}=${v}`).join('; ');
        const res = await t.app.inject({ url, headers: { cookie } });
        assert.equal(res.statusCode, 200, `${role} ${url}`);
        return res.body;
      };
      const cases: Array<[string, RoleName, RoleName, string]> = [
        ['/equipe/orientations', 'partner', 'otherPartner', `/equipe/orientations/${w.referral}"`],
        ['/equipe/orientations', 'otherPartner', 'partner', `/equipe/orientations/${w.otherReferral}"`],
        ['/equipe/mes-seances', 'facilitator', 'otherFacilitator', `/equipe/seances/${w.session}/`],
        ['/equipe/mes-seances', 'otherFacilitator', 'facilitator', `/equipe/seances/${w.otherSession}/`],
        ['/mes-inscriptions', 'participant', 'otherParticipant', `/mes-inscriptions/${w.registration}/annulation"`],
        ['/mes-inscriptions', 'otherParticipant', 'participant', `/mes-inscriptions/${w.otherRegistration}/annulation"`],
        ['/reseau/conversations', 'participant', 'otherParticipant', `/reseau/conversations/${w.conversation}"`],
      ];
      for (const [url, owner, other, link] of cases) {
        assert.ok((await page(owner, url)).includes(link), `${owner} sees ${link} on ${url}`);
        assert.ok(!(await page(other, url)).includes(link), `${other} must not see ${link} on ${url}`);
      }
    });

    // last: its late rows change the world (P cancels, leaves the directory, a session is closed…)
    test('every route answers every role as its rule says; a refused POST writes nothing', async (ctx) => {
      const headers = (jar: Record<string, string>) => ({ cookie: Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ') });
      const csrf = new Map<RoleName, { cookie: Record<string, string>; token: string }>();
      const getJars = new Map<RoleName, Record<string, string>>();
      for (const role of ROLES) {
        const res = await t.app.inject({ url: CSRF_URL });
        const cookie = Object.fromEntries((res.cookies as Array<{ name: string; value: string }>).map((c) => [c.name, c.value]));
        csrf.set(role, { cookie, token: res.body });
        getJars.set(role, await sessionOf(role));
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
          // every request prepared first (session, CSRF token, URL and fields), so that the row counts around the refused ones see only what those requests wrote
          const prepared: Array<{ role: RoleName; url: string; payload: string; headers: Record<string, string> }> = [];
          for (const role of ROLES) {
            const { cookie, token } = csrf.get(role)!;
            const fields = typeof row.body === 'function' ? await row.body(w) : (row.body ?? {});
            const body = form({ _csrf: token, ...fields });
            // a fresh session for the rows that may sign out or spoil it (late ones), the role's usual one otherwise
            const session = row.late ? await sessionOf(role) : getJars.get(role)!;
            prepared.push({ role, url: await row.url(w), payload: body.payload, headers: { ...body.headers, ...headers({ ...cookie, ...session }) } });
          }
          const send = async (p: (typeof prepared)[number]) => check(row, p.role, p.url, await t.app.inject({ method: 'POST', url: p.url, payload: p.payload, headers: p.headers }));
          // the refused roles first, so that an allowed POST cannot change what they are refused
          const refused = prepared.filter((p) => rule[p.role] !== 'ok' && rule[p.role] !== 'signedOut');
          const c0 = performance.now();
          const before = await countRows();
          await Promise.all(refused.map(send)); // refused: nothing they do may depend on one another
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
