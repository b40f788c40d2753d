import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { databaseTiers } from '../databases.js';
import { createTestApp, cookiesOf, csrfOf, form } from '../app.js';
import { seedDemo } from '../../src/demo/seed.js';
import { issueAccessToken } from '../../src/registration/tokens.js';

/** Every Set-Cookie header seen, with the request that got it. */
type Seen = Array<{ url: string; cookie: string }>;

/** A client that keeps its cookies and records every Set-Cookie the app sends it. */
class Browser {
  jar: Record<string, string> = {};
  constructor(private readonly app: FastifyInstance, private readonly seen: Seen) {}
  private header() {
    return Object.entries(this.jar).map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private record(url: string, res: LightMyRequestResponse) {
    const raw = res.headers['set-cookie'];
    for (const cookie of raw === undefined ? [] : [raw].flat()) this.seen.push({ url, cookie: String(cookie) });
    this.jar = cookiesOf(res, this.jar);
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date }>) if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete this.jar[c.name];
  }
  async get(url: string) {
    const res = await this.app.inject({ url, headers: { cookie: this.header() } });
    this.record(url, res);
    return res;
  }
  async post(url: string, fields: Record<string, string>, formPage = url) {
    const page = await this.get(formPage);
    const f = form({ _csrf: csrfOf(page.body), ...fields });
    const res = await this.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...f.headers, cookie: this.header() } });
    this.record(url, res);
    return res;
  }
}

/** What a page must not hold under a CSP without 'unsafe-inline' (scripts and styles). */
function cspViolations(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    if (/^<script\b/i.test(tag) && !/\ssrc=/i.test(tag) && !/\stype="application\/ld\+json"/i.test(tag)) found.push(`inline script ${tag}`);
    if (/^<style\b/i.test(tag)) found.push(`style element ${tag}`);
    if (/\son[a-z]+\s*=/i.test(tag)) found.push(`event attribute ${tag.slice(0, 120)}`);
    if (/\sstyle\s*=/i.test(tag)) found.push(`style attribute ${tag.slice(0, 120)}`);
    if (/\s(href|src|action|formaction)\s*=\s*"\s*javascript:/i.test(tag)) found.push(`javascript: URL ${tag.slice(0, 120)}`);
  }
  return found;
}

function checkHeaders(url: string, res: LightMyRequestResponse) {
  const csp = String(res.headers['content-security-policy'] ?? '');
  assert.ok(csp, `${url}: CSP`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${url}: CSP without unsafe-*`);
  assert.match(csp, /script-src 'self'/, url);
  assert.match(csp, /style-src 'self'/, url);
  assert.match(csp, /frame-ancestors 'none'/, url);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
  assert.equal(res.headers['referrer-policy'], 'same-origin', url);
  assert.match(String(res.headers['strict-transport-security'] ?? ''), /max-age=\d{7,}/, `${url}: HSTS in https mode`);
}

const SKIP = /\.(pdf|ics|csv|xlsx|json|png|svg|js|css)(\?|$)|^\/static\//;
const PER_PATTERN = 3;

/** Follows the links of each client's pages (GET only), a few pages per URL shape, checking each HTML page. */
async function crawl(browser: Browser, starts: string[], visited: Set<string>, shapes: Map<string, number>, report: { pages: number; violations: string[] }) {
  const queue = [...starts];
  while (queue.length) {
    const url = queue.shift()!;
    if (visited.has(url)) continue;
    visited.add(url);
    const res = await browser.get(url);
    assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
    if (res.statusCode >= 300 && res.statusCode < 400) {
      const to = String(res.headers.location ?? '');
      if (to.startsWith('/')) queue.push(to);
      continue;
    }
    if (!/text\/html/.test(String(res.headers['content-type']))) continue;
    report.pages++;
    checkHeaders(url, res);
    for (const v of cspViolations(res.body)) report.violations.push(`${url}: ${v}`);
    for (const m of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const link = m[1]!.replace(/&amp;/g, '&');
      if (SKIP.test(link) || visited.has(link)) continue;
      const shape = link.split('?')[0]!.replace(/\d+/g, 'N').replace(/\/[A-Za-z0-9_-]{20,}/g, '/T');
      const n = shapes.get(shape) ?? 0;
      if (n >= PER_PATTERN) continue;
      shapes.set(shape, n + 1);
      queue.push(link);
    }
  }
}

// HTTP headers, cookies and the HTML's CSP hygiene do not depend on the database: SQLite only (the suite's time)
for (const tier of databaseTiers().slice(0, 1)) {
  test(`[${tier.name}] https mode: cookies Secure, HttpOnly, SameSite; security headers and a CSP-clean HTML on every page reached`, async () => {
    const t = await createTestApp(tier, { BASE_URL: 'https://boutic.example', FORM_RATE_LIMIT: '1000' });
    try {
      const db = t.database.db;
      const demo = await seedDemo(db, { baseUrl: 'https://boutic.example' });
      const seen: Seen = [];

      // journeys that set cookies
      const visitor = new Browser(t.app, seen);
      await visitor.get('/?ref=printemps-2027'); // campaign reference cookie
      assert.ok(visitor.jar.boutic_ref, 'the campaign reference cookie is set');
      const future = await db.selectFrom('sessions').select('id').where('starts_at', '>', new Date().toISOString() as never).where('status', '=', 'scheduled' as never).orderBy('starts_at').limit(1).executeTakeFirst();
      if (future) {
        await visitor.post(`/seances/${future.id}/inscription`, { first_name: 'Marie', last_name: 'Lefebvre', email: 'marie.secure@example.fr', phone: '06 12 34 56 78', company: 'Ferme Lefebvre', sector: 'agriculture', commune: '62767', level: 'debutant' });
      }
      await visitor.post('/mes-inscriptions/lien', { email: 'marie.secure@example.fr' });
      await visitor.get('/diagnostic');

      const participant = await db.selectFrom('registrations').select('participant_id').where('status', '=', 'confirmed').orderBy('id').limit(1).executeTakeFirstOrThrow();
      const leader = new Browser(t.app, seen);
      const signIn = await leader.get(`/mes-inscriptions/acces?jeton=${await issueAccessToken(db, participant.participant_id)}`);
      assert.equal(signIn.statusCode, 303, 'participant magic link');
      assert.ok(Object.keys(leader.jar).length > 0, 'participant session cookie');

      const staff: Browser[] = [];
      for (const role of ['administrator', 'coordinator', 'facilitator', 'partner', 'elected'] as const) {
        const account = demo.staff.find((s) => s.role === role);
        if (!account) continue;
        const b = new Browser(t.app, seen);
        const res = await b.post('/equipe/connexion', { email: account.email, password: account.password });
        assert.equal(res.statusCode, 303, `${role} signs in`);
        staff.push(b);
      }

      // the sweep: every page these people can reach by following links
      const report = { pages: 0, violations: [] as string[] };
      const visited = new Set<string>();
      const shapes = new Map<string, number>();
      await crawl(visitor, ['/', '/ateliers', '/calendrier', '/bilan', '/diagnostic', '/ateliers/demande', '/accessibilite', '/mentions-legales', '/equipe/connexion', '/page-qui-n-existe-pas'], visited, shapes, report);
      await crawl(leader, ['/mes-inscriptions', '/reseau', '/reseau/profil', '/reseau/projets', '/mes-inscriptions/orientation'], visited, shapes, report);
      for (const b of staff) {
        visited.clear(); // each role sees its own version of the staff pages
        await crawl(b, ['/equipe'], visited, shapes, report);
      }
      assert.deepEqual(report.violations, [], 'HTML that the CSP would block');
      assert.ok(report.pages >= 60, `${report.pages} pages checked`);

      // sign-outs clear their cookies with the same attributes
      await leader.post('/mes-inscriptions/deconnexion', {}, '/mes-inscriptions');
      for (const b of staff) await b.post('/equipe/deconnexion', {}, '/equipe');

      const names = new Set<string>();
      for (const { url, cookie } of seen) {
        names.add(cookie.split('=')[0]!);
        assert.match(cookie, /;\s*Secure(;|$)/i, `${url}: ${cookie}`);
        assert.match(cookie, /;\s*HttpOnly(;|$)/i, `${url}: ${cookie}`);
        assert.match(cookie, /;\s*SameSite=(Lax|Strict)(;|$)/i, `${url}: ${cookie}`);
      }
      for (const name of ['boutic_csrf', 'boutic_ref', 'boutic_equipe', 'boutic_inscrit']) assert.ok([...names].some((n) => n === name), `${name} seen among ${[...names].join(', ')}`);
      console.log(`[${tier.name}] ${report.pages} HTML pages checked (${shapes.size} URL shapes), ${seen.length} Set-Cookie headers (${[...names].join(', ')})`);
    } finally {
      await t.close();
    }
  });
}
