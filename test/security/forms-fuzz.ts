import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTiers } from '../databases.js';
import { createTestApp, type TestApp } from '../app.js';
import { demoSite, type DemoSite } from './demo-site.js';
import { Client, differences, encodeForm, LEAK, snapshot, tablesOf, type FormField, type Snapshot } from './site.js';
import type { Db } from '../../src/platform/db/database.js';

/**
 * Property-based tests of every form (issue 11): for every POST route of app.routeTable, bodies
 * made by fast-check from the form's real field names (read from the page that shows it) with
 * hostile values, and malformed encodings. Never a 500 or a stack trace; a refusal (4xx) writes
 * nothing (hostile ids in URLs: url-ids-fuzz.test.ts). The whole file must stay well under the
 * runner's 120 s for both databases: FUZZ_RUNS=200 for a deeper run.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
/** A deeper run (FUZZ_RUNS set): every malformed encoding on every form. */
const DEEP = process.env.FUZZ_RUNS !== undefined;
/**
 * Seconds of fuzzing per database and file: past it, the remaining forms get 2 bodies and the
 * first 3 malformed ones each, so that a loaded machine still runs every form within the runner's
 * 120 s per file. Ignored for a deeper run (FUZZ_RUNS set).
 */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_S ?? 15) * 1000;

/** What a form's field may receive besides its own values. */
const NASTY = [
  '',
  ' ',
  'x'.repeat(10_240),
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe\u202C',
  'مرحبا بالعالم',
  '😀👩‍👩‍👧‍👦🇫🇷'.repeat(20),
  '\uFFFF\uFEFF',
  "'; DROP TABLE participants; --",
  "' OR '1'='1",
  '1; select pg_sleep(1)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00%zz',
  '-1',
  '0',
  '999999999999999999999999',
  '1e308',
  'NaN',
  '-0',
  '1.5',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31',
  '25:61',
  '2026-11-29T10:00:00Z',
  'true',
  'on',
  'null',
  'undefined',
  '[object Object]',
  '__proto__',
];

/** A POST route that no page of the demo shows as a form: how to reach it, or why it is fuzzed elsewhere. */
interface Explicit {
  role: string;
  url: (db: Db, site: DemoSite) => Promise<string>;
  fields: string[];
  why: string;
}

const first = async <T,>(p: Promise<T | undefined>, what: string): Promise<T> => {
  const v = await p;
  if (v === undefined) throw new Error(`no ${what} in the demo`);
  return v;
};
const scheduled = (db: Db, offset = 0) => first(db.selectFrom('sessions').select('id').where('status', '=', 'scheduled').orderBy('starts_at', 'desc').offset(offset).limit(1).executeTakeFirst(), 'scheduled session').then((s) => s.id);

const EXPLICIT: Record<string, Explicit> = {
  '/equipe/territoires/nouveau': { role: 'administrator', url: async () => '/equipe/territoires/nouveau', fields: ['departement', 'epci', 'slug', 'host', 'programme', 'funder', 'name', 'email', 'password'], why: 'the form shows once a department is chosen (a GET form)' },
  '/mise-en-route': { role: 'anonymous', url: async () => '/mise-en-route', fields: ['departement', 'epci', 'programme', 'funder', 'name', 'email', 'password'], why: 'only shown before the first administrator exists' },
  '/equipe/seances/:id/cloture': { role: 'coordinator', url: async (db) => `/equipe/seances/${await scheduled(db, 2)}/cloture`, fields: ['confirm'], why: 'the closing form shows once a session has started' },
  '/equipe/seances/:id/maintien': { role: 'coordinator', url: async (db) => `/equipe/seances/${await scheduled(db, 1)}/maintien`, fields: [], why: 'the go / no-go board lists no session at risk in the demo' },
  '/equipe/seances/:id/regroupement': { role: 'coordinator', url: async (db) => `/equipe/seances/${await scheduled(db, 1)}/regroupement`, fields: ['target'], why: 'idem' },
  '/equipe/seances/:id/annulation-maintien': { role: 'coordinator', url: async (db) => `/equipe/seances/${await scheduled(db, 0)}/annulation-maintien`, fields: ['reason'], why: 'idem' },
  '/equipe/sondages/:id/seance': { role: 'coordinator', url: async () => '/equipe/sondages/1/seance', fields: ['option', 'seats', 'facilitator'], why: 'the demo holds no poll (an unknown poll: the refusal path)' },
  '/demandes/:token/sondage': { role: 'anonymous', url: async (_db, site) => `${site.visits.find((v) => /^\/demandes\/[^/]+$/.test(v.url))!.url}/sondage`, fields: ['option-1', 'option-2'], why: 'the demo holds no poll: answers to no poll' },
  '/equipe/bilan/contours/retirer': { role: 'coordinator', url: async () => '/equipe/bilan/contours/retirer', fields: [], why: 'shown once contours were uploaded' },
  '/equipe/campagnes/:id/annuler': { role: 'coordinator', url: async (db) => `/equipe/campagnes/${(await first(db.selectFrom('campaigns').select('id').orderBy('id').executeTakeFirst(), 'campaign')).id}/annuler`, fields: [], why: 'shown while a campaign is scheduled' },
  '/equipe/contacts/import/:id/correspondance': { role: 'coordinator', url: async () => '/equipe/contacts/import/1/correspondance', fields: ['col_email', 'col_first_name', 'col_last_name'], why: 'no import in the demo (an upload is multipart: its page is fuzzed through /equipe/contacts/import)' },
  '/equipe/contacts/import/:id/confirmer': { role: 'coordinator', url: async () => '/equipe/contacts/import/1/confirmer', fields: [], why: 'idem' },
  '/equipe/contacts/import/:id/annuler': { role: 'coordinator', url: async () => '/equipe/contacts/import/1/annuler', fields: [], why: 'idem' },
  '/reseau/membres/:id/debloquer': { role: 'participant', url: async (_db, site) => site.forms.get('/reseau/membres/:id/bloquer')![0]!.action.replace(/bloquer$/, 'debloquer'), fields: [], why: 'shown once the member is blocked' },
  '/reseau/projets/:id/desinteret': { role: 'participant', url: async (_db, site) => site.forms.get('/reseau/projets/:id/interet')![0]!.action.replace(/interet$/, 'desinteret'), fields: [], why: 'shown once interest was said' },
  '/reseau/projets/:id/conversation': {
    role: 'participant',
    url: async (db, site) => `/reseau/projets/${(await first(db.selectFrom('network_projects').select('id').where('proposer_id', '=', site.participantId).orderBy('id').executeTakeFirst(), 'project')).id}/conversation`,
    fields: ['message'],
    why: 'shown to the proposer of a project once someone is interested (when the walk did not see it)',
  },
  '/diagnostic/resultat/:token/garder': { role: 'anonymous', url: async () => '/diagnostic/resultat/abcdefghijklmnopqrstuvwxyz0123456789ABCD/garder', fields: ['email'], why: 'a result page needs a diagnostic taken (an unknown token: the refusal path)' },
  '/mes-inscriptions/:id/annulation': {
    role: 'participant',
    url: async (db, site) => `/mes-inscriptions/${(await first(db.selectFrom('registrations').select('id').where('participant_id', '=', site.participantId).orderBy('id', 'desc').executeTakeFirst(), 'registration')).id}/annulation`,
    fields: [],
    why: 'shown for an upcoming registration',
  },
  '/equipe/seances/:id': { role: 'coordinator', url: async (db) => `/equipe/seances/${await scheduled(db, 3)}`, fields: ['date', 'start', 'end', 'seats', 'min_seats', 'beginner', 'workshop', 'venue', 'facilitator', 'confirm_capacity'], why: 'the edit form, when not reached by the walk' },
  '/equipe/seances/:id/annulation': { role: 'coordinator', url: async (db) => `/equipe/seances/${await scheduled(db, 4)}/annulation`, fields: ['reason'], why: 'idem' },
  '/equipe/connexion/code': { role: 'anonymous', url: async () => '/equipe/connexion/code', fields: ['code'], why: 'shown after the password when a second factor is on (without a pending step: back to the sign-in page)' },
  '/equipe/connexion/activation': { role: 'anonymous', url: async () => '/equipe/connexion/activation', fields: ['code'], why: 'shown to an administrator who must enrol (without a pending step: back to the sign-in page)' },
  '/equipe/securite/double-facteur/confirmer': { role: 'coordinator', url: async () => '/equipe/securite/double-facteur/confirmer', fields: ['code'], why: 'shown once an enrolment is started' },
  '/equipe/securite/double-facteur/desactiver': { role: 'coordinator', url: async () => '/equipe/securite/double-facteur/desactiver', fields: ['code'], why: 'shown once the second factor is on' },
  '/equipe/securite/sessions/fermer-autres': { role: 'coordinator', url: async () => '/equipe/securite/sessions/fermer-autres', fields: [], why: 'shown when the person has other sessions open' },
  '/equipe/personnes/:id/effacement': {
    role: 'coordinator',
    // someone else than the participant the walk signs in as: an erasure accepted here must not spoil the other forms
    url: async (db, site) => `/equipe/personnes/${(await first(db.selectFrom('participants').select('id').where('id', '!=', site.participantId).orderBy('id', 'desc').executeTakeFirst(), 'participant')).id}/effacement`,
    fields: ['requested_on', 'channel'],
    why: 'the person page is reached by a search',
  },
};

/** Forms after which the client is signed out: it signs in again. */
const SIGNS_OUT = new Set(['/equipe/deconnexion', '/mes-inscriptions/deconnexion', '/reseau/quitter', '/mes-inscriptions/donnees/effacement', '/equipe/securite/sessions/fermer', '/equipe/securite/sessions/fermer-autres', '/equipe/securite/mot-de-passe']);

interface Target {
  route: string;
  role: string;
  url: string;
  fields: FormField[];
  multipart: boolean;
  source: string;
}

const asField = (name: string): FormField => ({ name, kind: 'text', type: 'text', value: '', options: [''] });

function valueArb(f: FormField): fc.Arbitrary<string> {
  const own = [...new Set([f.value, ...f.options])];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...own) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  );
}

/** Each field: its value (mostly), absent, or repeated; plus unknown fields. */
function bodyArb(fields: FormField[]): fc.Arbitrary<Array<[string, string]>> {
  const perField = fields.map((f) =>
    fc.oneof(
      { weight: 6, arbitrary: valueArb(f).map((v) => [v]) },
      { weight: 1, arbitrary: fc.constant([] as string[]) },
      { weight: 1, arbitrary: fc.array(valueArb(f), { minLength: 2, maxLength: 3 }) },
    ),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id', 'territory_id', 'role', '_csrf')), fc.constantFrom(...NASTY)), { maxLength: 2 });
  return fc.tuple(fc.tuple(...perField), extra).map(([values, more]) => [...fields.flatMap((f, i) => (values[i] as string[]).map((v): [string, string] => [f.name, v])), ...more]);
}

function multipart(fields: Array<[string, string]>, fileFields: Set<string>): { payload: string; type: string } {
  const boundary = '----boutic-fuzz-7MA4YWxkTrZu0gW';
  const parts = fields.map(([k, v]) =>
    fileFields.has(k) ? `--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="fichier.csv"\r\nContent-Type: text/csv\r\n\r\n${v}\r\n` : `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return { payload: `${parts.join('')}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

/** Malformed bodies, sent to every form. */
function malformed(csrf: string, fields: FormField[]): Array<[string, string | undefined, string | undefined]> {
  const some = fields.map((f) => `${encodeURIComponent(f.name)}=x`).join('&');
  const token = `_csrf=${encodeURIComponent(csrf)}`;
  return [
    ['bad percent-encoding', `${token}&${fields[0]?.name ?? 'a'}=%E0%A4%A&b=%ZZ%&c=%`, 'application/x-www-form-urlencoded'],
    ['multipart without boundary', `${token}&${some}`, 'multipart/form-data'],
    ['JSON body', JSON.stringify({ _csrf: csrf, ...Object.fromEntries(fields.map((f) => [f.name, { $gt: '' }])) }), 'application/json'],
    ['empty body', '', 'application/x-www-form-urlencoded'],
    ['wrong content type', `${token}&${some}`, 'text/plain'],
    ['too big', `${token}&x=${'a'.repeat(300 * 1024)}`, 'application/x-www-form-urlencoded'],
    ...(DEEP
      ? ([
          ['broken JSON', '{"_csrf": ', 'application/json'],
          ['no body, no type', undefined, undefined],
          ['only the token, repeated', `${token}&${token}&_csrf[]=x`, 'application/x-www-form-urlencoded'],
          ['unknown charset', `${token}&${some}`, 'application/x-www-form-urlencoded; charset=ebcdic-xyz'],
        ] as Array<[string, string | undefined, string | undefined]>)
      : []),
  ];
}

/** What every answer must be: no 500, no stack trace; a page in French when it is a page. */
function checkAnswer(res: LightMyRequestResponse, what: string) {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 400)}`);
  assert.doesNotMatch(res.body, LEAK, `${what}: leaks internals`);
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 400) {
    assert.match(type, /text\/html/, `${what}: a refusal is a page (${res.statusCode} ${type})`);
    assert.match(res.body, /<html lang="fr"/, `${what}: a refusal in French`);
  }
}

async function csrfFor(client: Client): Promise<string> {
  for (const url of client.role === 'anonymous' ? ['/ateliers/demande'] : client.role === 'participant' ? ['/mes-inscriptions', '/reseau/profil'] : ['/equipe', '/equipe/mes-seances']) {
    const m = /name="_csrf" value="([^"]+)"/.exec((await client.get(url)).body);
    if (m) return m[1]!;
  }
  throw new Error(`no CSRF token for ${client.role}`);
}

const ORDER = ['facilitator', 'partner', 'elected', 'participant', 'anonymous', 'administrator', 'coordinator'];

/** Fuzzes the POST routes that `part` selects (all of them are checked to have an entry when `checkAll`). */
export function fuzzForms(title: string, part: (route: string) => boolean, checkAll: boolean) {
for (const tier of databaseTiers()) {
  describe(`${title} (${tier.name})`, () => {
    let t: TestApp;
    let site: DemoSite;
    let tables: string[];
    const targets: Target[] = [];
    let tried = 0;

    before(async () => {
      t = await createTestApp(tier, {}, [], { demo: {} });
      site = await demoSite(t, { perRoute: 2 });
      tables = await tablesOf(t.database.db);
      for (const r of site.routes.filter((x) => x.method === 'POST')) {
        const explicit = EXPLICIT[r.url];
        const seen = site.forms.get(r.url);
        if (seen?.length) {
          const f = seen[0]!;
          targets.push({ route: r.url, role: f.role, url: f.action, fields: f.fields.filter((x) => x.kind !== 'button' || x.options.length > 0), multipart: f.enctype.includes('multipart'), source: f.page });
        } else if (explicit) {
          targets.push({ route: r.url, role: explicit.role, url: await explicit.url(t.database.db, site), fields: explicit.fields.map(asField), multipart: false, source: `explicit: ${explicit.why}` });
        }
      }
      const destructive = (x: Target) => (SIGNS_OUT.has(x.route) ? 2 : /annulation|maintien|regroupement|cloture|quitter|suppression|retrait|effacement|securite/.test(x.route) ? 1 : 0);
      targets.sort((a, b) => destructive(a) - destructive(b) || ORDER.indexOf(a.role) - ORDER.indexOf(b.role));
    });
    after(async () => {
      await t?.close();
    });

    test('every POST route has a fuzz entry (a form seen on a page, or an explicit one)', { skip: !checkAll }, () => {
      const posts = site.routes.filter((r) => r.method === 'POST').map((r) => r.url);
      const missing = posts.filter((p) => !targets.some((x) => x.route === p));
      assert.deepEqual(missing, [], 'POST routes with no fuzz entry: add the page that shows the form to the walk, or an EXPLICIT entry');
      console.log(`${tier.name}: ${posts.length} POST routes, ${targets.filter((x) => !x.source.startsWith('explicit')).length} with the form read from a page, ${targets.filter((x) => x.source.startsWith('explicit')).length} explicit`);
    });

    test('arbitrary bodies and malformed encodings: never a 500, a refusal writes nothing', async () => {
      const db = t.database.db;
      const started = Date.now();
      const refusals: Record<string, number> = {};
      let reduced = 0;
      for (const target of targets.filter((x) => part(x.route))) {
        const late = !DEEP && Date.now() - started > BUDGET_MS;
        if (late) reduced++;
        let client = site.clients.get(target.role)!;
        const csrf = await csrfFor(client);
        let last: Snapshot | null = await snapshot(db, tables);
        const fileFields = new Set(target.fields.filter((f) => f.kind === 'file').map((f) => f.name));
        const send = async (fields: Array<[string, string]>) => {
          const body = target.multipart ? multipart([['_csrf', csrf], ...fields], fileFields) : { payload: encodeForm([['_csrf', csrf], ...fields]), type: 'application/x-www-form-urlencoded' };
          return client.send(target.url, body.payload, body.type);
        };
        const judge = async (res: LightMyRequestResponse, what: string) => {
          tried++;
          client.move();
          checkAnswer(res, `${target.role} POST ${target.url} (${what})`);
          if (res.statusCode >= 400) {
            refusals[target.route] = (refusals[target.route] ?? 0) + 1;
            const now = await snapshot(db, tables);
            if (last) assert.deepEqual(differences(last, now), [], `${target.role} POST ${target.url} (${what}): refused with ${res.statusCode} but wrote`);
            last = now;
          } else last = null;
        };
        const out = await fc.check(
          fc.asyncProperty(bodyArb(target.fields), async (fields) => {
            last ??= await snapshot(db, tables);
            const res = await send(fields);
            await judge(res, `body ${JSON.stringify(fields).slice(0, 300)}`);
          }),
          { numRuns: late ? 2 : RUNS },
        );
        if (out.failed) assert.fail(`${(out.errorInstance as Error | null)?.message ?? ''}\n(seed ${out.seed}, counterexample ${JSON.stringify(out.counterexample).slice(0, 500)})`);
        for (const [name, payload, type] of malformed(csrf, target.fields).slice(0, late ? 3 : undefined)) {
          last ??= await snapshot(db, tables);
          await judge(await client.send(target.url, payload, type), name);
        }
        // without the CSRF token: refused, nothing written
        last ??= await snapshot(db, tables);
        const noToken = await client.send(target.url, encodeForm(target.fields.map((f) => [f.name, f.value])), 'application/x-www-form-urlencoded');
        await judge(noToken, 'no CSRF token');
        if (target.route !== '/desinscription/:token') assert.equal(noToken.statusCode, 403, `${target.url} without CSRF token`);
        if (SIGNS_OUT.has(target.route)) client = await site.refresh(target.role);
      }
      console.log(`${tier.name}: ${tried} inputs tried on ${targets.filter((x) => part(x.route)).length} POST routes (${RUNS} generated bodies + ${DEEP ? 10 : 6} malformed + 1 without token each) in ${Math.round((Date.now() - started) / 1000)} s (${reduced} of them past the time budget, with 2 bodies and 3 malformed); ${Object.values(refusals).reduce((a, b) => a + b, 0)} refusals checked for no write`);
    });

  });
}
}
