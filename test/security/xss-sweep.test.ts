import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTiers } from '../databases.js';
import { createTestApp, type TestApp } from '../app.js';
import { demoSite, type DemoSite } from './demo-site.js';
import { crawl, decodeEntities, formsOf, type Client, type Visit } from './site.js';
import type { Db } from '../../src/platform/db/database.js';
import { issueRequestToken } from '../../src/on-demand/requests/tokens.js';

/**
 * The XSS sweep (issue 11): an XSS payload typed into every text field a person can type, through
 * the real forms (staff, participants, visitors); then every page each role reaches is walked and
 * no payload may survive raw: no <script>alert, no on…= attribute in a tag, no javascript: link,
 * no template evaluated, JSON-LD that no value can close.
 */

/** The payload of field n: a marker to find it, then each attack (a template, a script, an attribute break-out, a title break-out). */
const payload = (n: number) => `XSS${n}{{7*7}}<script>alert(1)</script>"><img src=x onerror=alert(1)></title><svg onload=alert(1)>`;
/** For fields of 80 characters or less. */
const short = (n: number) => `XSS${n}{{7*7}}"><img src=x onerror=alert(1)>`;
const marker = (n: number) => `XSS${n}{{7*7}}`;
const FIRST = '\u0001first';

interface Field {
  /** what a person types, where */
  field: string;
  n: number;
  /** pages that must show it (escaped) */
  pages: string[];
}

/** What is wrong with a page: raw markup from a payload. */
export function rawPayloads(html: string): string[] {
  const found: string[] = [];
  if (/<script>alert/i.test(html)) found.push('<script>alert');
  if (/XSS\d+49/.test(html)) found.push('a template was evaluated');
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?)*)\s*\/?>/g)) {
    const tag = m[1]!.toLowerCase();
    for (const a of m[2]!.matchAll(/\s+([^\s=>"'/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']*))?/g)) {
      const name = a[1]!.toLowerCase();
      const value = decodeEntities((a[2] ?? '').replace(/^["']|["']$/g, ''));
      if (name.startsWith('on')) found.push(`<${tag} ${name}=…>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name) && /^\s*javascript:/i.test(value.replace(/[\s\u0000-\u001f]/g, ''))) found.push(`<${tag} ${name}="javascript:…">`);
    }
  }
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/ld\+json/.test(m[1]!)) {
      if (m[2]!.includes('<')) found.push('JSON-LD holds a raw « < »');
      try {
        JSON.parse(m[2]!);
      } catch {
        found.push('JSON-LD cut short');
      }
    } else if (m[2]!.trim()) found.push('an inline script');
  }
  return found;
}

for (const tier of databaseTiers()) {
  describe(`XSS sweep (${tier.name})`, () => {
    let t: TestApp;
    let site: DemoSite;
    const fields: Field[] = [];
    let n = 0;

    async function submit(client: Client, page: string, action: string, overrides: Record<string, string | string[] | null>): Promise<LightMyRequestResponse> {
      const res0 = await client.get(page);
      const form = formsOf(res0.body, page, client.role).find((f) => f.method === 'post' && f.action === action);
      if (!form) throw new Error(`no form to ${action} on ${page} (${res0.statusCode})`);
      const body: Array<[string, string]> = [['_csrf', form.csrf ?? /name="_csrf" value="([^"]+)"/.exec(res0.body)![1]!]];
      for (const f of form.fields) {
        if (f.name in overrides || f.kind === 'button' || f.kind === 'file') continue;
        if (f.kind === 'checkbox' && !f.value) continue;
        // what a person would choose: the proposed value, else the first real option
        const value = f.value || (f.kind === 'select' || f.kind === 'radio' ? (f.options.find((o) => o !== '') ?? '') : '');
        body.push([f.name, value]);
      }
      // FIRST: the first option the page offers for that field (a checkbox group to tick)
      for (const [k, v] of Object.entries(overrides)) if (v !== null) for (const x of [v].flat()) body.push([k, x === FIRST ? form.fields.find((f) => f.name === k)!.options[0]! : x]);
      const res = await client.post(action, body);
      const errors = [...res.body.matchAll(/class="error-message"[^>]*>([^<]*)</g)].map((m) => decodeEntities(m[1]!));
      assert.ok(res.statusCode < 400 && !errors.length, `${client.role} ${action}: ${res.statusCode} ${errors.join(' | ')}`);
      return res;
    }

    /** A field typed with its payload; returns its number. */
    function typed(field: string, pages: string[] = []): number {
      n++;
      fields.push({ field, n, pages });
      return n;
    }

    before(async () => {
      t = await createTestApp(tier, {}, [], { demo: {} });
      site = await demoSite(t, { perRoute: 1 });
      const db: Db = t.database.db;
      const coordinator = site.clients.get('coordinator')!;
      const participant = site.clients.get('participant')!;
      const anonymous = site.clients.get('anonymous')!;

      // ---- the team: a workshop (Markdown description), a venue, a cycle, a session's notes and questions, a campaign, a partner and its offer, the diagnostic
      const workshop = await db.selectFrom('workshops').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
      const session = await db.selectFrom('sessions').select(['id', 'venue_id']).where('workshop_id', '=', workshop.id).where('status', '=', 'scheduled').orderBy('starts_at', 'desc').executeTakeFirstOrThrow();
      const venue = await db.selectFrom('venues').select(['id', 'slug']).where('id', '=', session.venue_id).executeTakeFirstOrThrow();
      const wPages = [`/ateliers/${workshop.slug}`, `/seances/${session.id}`, `/equipe/ateliers/${workshop.id}`, '/ateliers'];
      await submit(coordinator, `/equipe/ateliers/${workshop.id}`, `/equipe/ateliers/${workshop.id}`, {
        title: short(typed('workshop title', [...wPages, `/equipe/seances/${session.id}`])),
        summary: payload(typed('workshop summary', ['/ateliers', `/ateliers/${workshop.slug}`])),
        description: `# ${payload(typed('workshop description (Markdown)', [`/ateliers/${workshop.slug}`]))}\n\n[lien](javascript:alert(1)) <a href="javascript:alert(1)">x</a> ![i](x" onerror="alert(1))`,
        objectives: payload(typed('workshop objectives', [`/ateliers/${workshop.slug}`])),
        prerequisites: payload(typed('workshop prerequisites', [`/ateliers/${workshop.slug}`])),
        follow_on_title: short(typed('workshop follow-on title', [`/ateliers/${workshop.slug}`])),
      });
      await submit(coordinator, `/equipe/lieux/${venue.id}`, `/equipe/lieux/${venue.id}`, {
        name: short(typed('venue name', [`/lieux/${venue.slug}`, `/seances/${session.id}`, `/equipe/lieux/${venue.id}`])),
        address: payload(typed('venue address', [`/lieux/${venue.slug}`, `/seances/${session.id}`])),
        equipment: payload(typed('venue equipment', [`/lieux/${venue.slug}`])),
        opening_hours: payload(typed('venue opening hours', [`/lieux/${venue.slug}`])),
      });
      const held = await db.selectFrom('sessions').select('id').where('status', '=', 'held').orderBy('starts_at', 'desc').executeTakeFirstOrThrow();
      await submit(coordinator, `/equipe/seances/${held.id}/compte-rendu`, `/equipe/seances/${held.id}/compte-rendu`, { notes: payload(typed('session report notes', [`/equipe/seances/${held.id}/compte-rendu`])) });
      await submit(coordinator, `/equipe/seances/${held.id}/compte-rendu`, `/equipe/seances/${held.id}/questions`, {
        question: payload(typed('question asked in a session', ['/equipe/questions'])),
        answer: payload(typed('answer to a question', ['/equipe/questions'])),
      });
      const campaign = await db.selectFrom('campaigns').select('id').where('status', '=', 'draft').orderBy('id').executeTakeFirst();
      if (campaign) {
        await submit(coordinator, `/equipe/campagnes/${campaign.id}/modifier`, `/equipe/campagnes/${campaign.id}/modifier`, {
          name: short(typed('campaign name', ['/equipe/campagnes', `/equipe/campagnes/${campaign.id}`])),
          subject: short(typed('campaign subject', [`/equipe/campagnes/${campaign.id}`])),
          body: `${payload(typed('campaign body (Markdown)', [`/equipe/campagnes/${campaign.id}`]))}\n\n[x](javascript:alert(1))`,
        });
      }
      const partner = await db.selectFrom('partners').select('id').orderBy('id').executeTakeFirstOrThrow();
      await submit(coordinator, `/equipe/partenaires/${partner.id}`, `/equipe/partenaires/${partner.id}`, {
        name: short(typed('partner name', ['/equipe/partenaires', `/equipe/partenaires/${partner.id}`, '/mes-inscriptions/orientation'])),
        contact_name: short(typed('partner contact name', [`/equipe/partenaires/${partner.id}`])),
      });
      await submit(coordinator, `/equipe/partenaires/${partner.id}`, `/equipe/partenaires/${partner.id}/offres`, {
        title: short(typed('partner offer title', [`/equipe/partenaires/${partner.id}`, '/mes-inscriptions/orientation'])),
        url: 'https://example.fr/offre',
      });

      // ---- a visitor: a registration (names, company, notes), an on-demand request
      const open = await db.selectFrom('sessions').select('id').where('status', '=', 'scheduled').where('starts_at', '>', new Date().toISOString()).orderBy('starts_at').executeTakeFirstOrThrow();
      const regPages = [`/equipe/seances/${open.id}/inscrits`, `/equipe/seances/${open.id}/emargement`];
      await submit(anonymous, `/seances/${open.id}/inscription`, `/seances/${open.id}/inscription`, {
        first_name: short(typed('registration first name', regPages)),
        last_name: short(typed('registration last name', regPages)),
        email: 'xss.visiteur@example.fr',
        phone: '03 21 00 00 00',
        company: payload(typed('registration company', regPages)),
        siret: '',
        notes: payload(typed('registration notes for the facilitator', [`/equipe/seances/${open.id}/emargement`])),
      });
      const requestPages: string[] = [];
      await submit(anonymous, '/ateliers/demande', '/ateliers/demande', {
        workshop: 'autre', // a free topic: shown on the board with its comment
        // names and company are seen by no page (only the count per topic): checked by the walk of every page
        first_name: short(typed('on-demand request first name')),
        last_name: 'Durand',
        email: 'xss.demande@example.fr',
        company: short(typed('on-demand request company')),
        comment: payload(typed('on-demand request comment', ['/equipe/demandes'])),
        days: FIRST,
        times: FIRST,
        topic: `Sujet ${short(typed('on-demand request topic', requestPages))}`,
      });
      // the requester's own page, by the link of their request
      const request = await db.selectFrom('demand_requests').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      requestPages.push(`/demandes/${await issueRequestToken(db, request.id)}`);

      // ---- a participant: network profile, a project, a message, a referral note
      await submit(participant, '/reseau/profil', '/reseau/profil', {
        shown: ['name', 'company', 'looking_for', 'offering'],
        looking_for: payload(typed('network profile: looking for', ['/reseau/profil'])),
        offering: payload(typed('network profile: offering', ['/reseau/profil'])),
      });
      const projectPages = ['/reseau/projets', '/equipe/reseau'];
      const project = await submit(participant, '/reseau/projets/nouveau', '/reseau/projets/nouveau', {
        title: short(typed('network project title', projectPages)),
        description: payload(typed('network project description', projectPages.slice(2))),
      });
      projectPages.push(String(project.headers.location).split('?')[0]!);
      const conversation = await db.selectFrom('network_members').select('conversation_id').where('participant_id', '=', site.participantId).executeTakeFirst();
      if (conversation) {
        await submit(participant, `/reseau/conversations/${conversation.conversation_id}`, `/reseau/conversations/${conversation.conversation_id}`, {
          message: payload(typed('network message', [`/reseau/conversations/${conversation.conversation_id}`])),
        });
      }
      const referralPages: string[] = [];
      await submit(participant, '/mes-inscriptions/orientation', '/mes-inscriptions/orientation', {
        shared: ['name', 'email', 'note'],
        note: payload(typed('referral note by the participant', referralPages)),
        consent: '1',
      });
      referralPages.push(`/equipe/orientations/${(await db.selectFrom('referrals').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id}`);
    });
    after(async () => {
      await t?.close();
    });

    test('each typed payload is shown, escaped, on the pages listed for it', async () => {
      let checked = 0;
      const missing: string[] = [];
      const coordinator = site.clients.get('coordinator')!;
      const participant = site.clients.get('participant')!;
      for (const f of fields) {
        for (const page of f.pages) {
          const client = page.startsWith('/equipe') ? coordinator : participant;
          const res = await client.get(page);
          if (res.statusCode !== 200 || !res.body.includes(marker(f.n))) missing.push(`${f.field} on ${page} (${res.statusCode})`);
          assert.deepEqual(rawPayloads(res.body), [], `${f.field} on ${page}`);
          checked++;
        }
      }
      assert.deepEqual(missing, [], 'payloads not shown where expected');
      console.log(`${tier.name}: ${fields.length} fields typed with payloads × their pages = ${checked} (field, page) checks`);
    });

    test('no page of any role holds a raw payload (every page walked again after the payloads)', async () => {
      const visits: Visit[] = [];
      for (const [, client] of site.clients) visits.push(...(await crawl(client, site.routes, ['/', '/equipe', '/mes-inscriptions', '/reseau', '/reseau/projets', '/equipe/courriels', '/equipe/demandes', '/equipe/orientations', '/equipe/questions'], 2)));
      const html = visits.filter((v) => v.type.includes('html') && v.status === 200);
      const offenders = html.map((v) => ({ page: `${v.role} ${v.url}`, found: rawPayloads(v.body) })).filter((x) => x.found.length);
      assert.deepEqual(offenders, []);
      const withPayload = html.filter((v) => /XSS\d+/.test(v.body)).length;
      console.log(`${tier.name}: ${html.length} pages walked by ${site.clients.size} roles, ${withPayload} of them showing a payload, none raw`);
    });

    test('a javascript: address in any URL column (imported, or older than the checks) never becomes a link', async () => {
      const db = t.database.db;
      const js = 'javascript:alert(1)';
      const coordinator = site.clients.get('coordinator')!;
      // the forms refuse it
      const workshop = await db.selectFrom('workshops').select('id').orderBy('id').executeTakeFirstOrThrow();
      const page = await coordinator.get(`/equipe/ateliers/${workshop.id}`);
      const form = formsOf(page.body, '', 'coordinator').find((f) => f.action === `/equipe/ateliers/${workshop.id}`)!;
      const res = await coordinator.post(form.action, [['_csrf', form.csrf!], ...form.fields.filter((f) => f.kind !== 'button' && f.name !== 'follow_on_url' && (f.kind !== 'checkbox' || f.value)).map((f): [string, string] => [f.name, f.value]), ['follow_on_url', js]]);
      assert.equal(res.statusCode, 400, 'the workshop form refuses a javascript: address');
      // stored anyway (every URL column of the schema)
      await db.updateTable('workshops').set({ follow_on_url: js, follow_on_title: 'Suite XSS' }).execute();
      await db.updateTable('venues').set({ website: js }).execute();
      await db.updateTable('partners').set({ website: js }).execute();
      await db.updateTable('partner_offers').set({ url: js }).execute();
      await db.updateTable('directory_profiles').set({ website: js, show_website: 1 }).execute();
      const visits: Visit[] = [];
      for (const [, client] of site.clients) visits.push(...(await crawl(client, site.routes, ['/', '/equipe', '/mes-inscriptions', '/mes-inscriptions/orientation', '/reseau', '/equipe/partenaires', '/equipe/lieux'], 2)));
      const html = visits.filter((v) => v.type.includes('html') && v.status === 200);
      const offenders = html.map((v) => ({ page: `${v.role} ${v.url}`, found: rawPayloads(v.body) })).filter((x) => x.found.length);
      assert.deepEqual(offenders, []);
      console.log(`${tier.name}: 5 URL columns set to javascript:, ${html.length} pages walked, no javascript: link`);
    });
  });
}
