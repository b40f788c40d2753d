import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { StaffClient } from '../../../test/staff-session.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenueWith, buildWorkshopWith } from '../../../test/factories.js';
import { eventually, startTestSmtpServer, type TestSmtpServer } from '../../platform/mail/testing.js';
import { startOutboxWorker } from '../../platform/mail/worker.js';
import { MAIL_GUARDS } from '../../mail-guards.js';
import { DEFAULT_QUESTIONNAIRE } from './default-questionnaire.js';
import { adviseFor, questionnaireSchema, scoreAnswers, type Answers } from './questionnaire.js';
import { parseDiagnostic } from './form.js';
import { diagnosticsOf, latestRecommendations } from './queries.js';

const DAY = 86400_000;
const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The editor's text fields and text areas as the page holds them. */
function fieldsOf(html: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="((?:theme|q)_[a-z0-9_]+)"/.exec(tag)?.[1];
    if (name) values[name] = unescape(/value="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const m of html.matchAll(/<textarea[^>]*name="((?:theme|q)_[a-z0-9_]+)"[^>]*>([^<]*)<\/textarea>/g)) values[m[1]!] = unescape(m[2]!);
  return values;
}
const Q = DEFAULT_QUESTIONNAIRE;
/** Every question answered with the same choice, except those of the themes given. */
const answersWith = (base: string, byTheme: Record<string, string> = {}): Answers => Object.fromEntries(Q.questions.map((x) => [x.key, byTheme[x.theme] ?? base]));

test('the default questionnaire: 12 to 15 questions, every theme asked, valid as stored', () => {
  assert.ok(questionnaireSchema.safeParse(Q).success);
  assert.ok(Q.questions.length >= 12 && Q.questions.length <= 15);
  for (const th of Q.themes) assert.ok(Q.questions.some((x) => x.theme === th.key), th.key);
  for (const x of Q.questions) assert.ok(x.choices.length >= 3 && x.choices.length <= 4, x.key);
});

test('scores per theme, 0 to 100, and the rules: weakest theme first, beginners below a level, the chambers above one', () => {
  assert.ok(Object.values(scoreAnswers(Q, answersWith('a'))).every((s) => s === 0));
  assert.ok(Object.values(scoreAnswers(Q, answersWith('d'))).every((s) => s === 100));
  // security: a, b, c, d → 0+1+2+3 over 12 = 50
  const mixed = { ...answersWith('d'), sauvegardes: 'a', mots_de_passe: 'b', mises_a_jour: 'c', hameconnage: 'd', facturation_electronique: 'a' };
  const scores = scoreAnswers(Q, mixed);
  assert.equal(scores.securite, 50);
  assert.equal(scores.gestion, 50); // 0 + 3 over 6
  assert.equal(scores.presence, 100);
  const advice = adviseFor(Q, { ...scores, competences: 0 });
  assert.deepEqual(advice.themes.map((a) => a.theme), ['competences', 'gestion', 'securite']);
  assert.deepEqual(advice.themes.map((a) => a.beginnerFirst), [true, false, false]);
  assert.deepEqual(advice.beyondProgramme, ['presence', 'vente', 'clients', 'donnees', 'sobriete']);
  // between « recommend » and « beyond »: neither
  const middle = adviseFor(Q, { ...scores, presence: 75 });
  assert.ok(!middle.beyondProgramme.includes('presence') && !middle.themes.some((a) => a.theme === 'presence'));
});

test('a half-answered diagnostic: a message for each question missed, the answers given kept; an unknown choice is refused', () => {
  const half = Object.fromEntries(Q.questions.slice(0, 7).map((x) => [x.key, 'b']));
  const parsed = parseDiagnostic(Q, { ...half, commune: '' });
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  assert.deepEqual(Object.keys(parsed.errors).sort(), Q.questions.slice(7).map((x) => x.key).sort());
  assert.equal(parsed.values.fiche, 'b');
  const unknown = parseDiagnostic(Q, { ...answersWith('a'), fiche: 'z' });
  assert.ok(!unknown.ok && unknown.errors.fiche === 'Choisissez une réponse.');
  const ok = parseDiagnostic(Q, { ...answersWith('a'), commune: '62361' });
  assert.ok(ok.ok && ok.data.commune === '62361');
});

for (const tier of databaseTiers()) {
  describe(`the self-diagnostic, on ${tier.name}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let territoryId: number;
    let coordinator: { email: string; password: string };
    const staff: Record<string, { email: string; password: string }> = {};
    const ids: Record<string, number> = {};
    let leaderId: number;

    before(async () => {
      smtp = await startTestSmtpServer();
      t = await createTestApp(tier, { SMTP_URL: smtp.url, BASE_URL: 'https://ateliers.example.fr' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db, { programmeName: 'Boutic Ternois' })).id;
      coordinator = await buildStaff(db, { territoryId, role: 'coordinator' });
      for (const role of ['facilitator', 'partner', 'elected'] as const) staff[role] = await buildStaff(db, { territoryId, role });
      const cycleId = (await buildCycle(db, { territoryId })).id;
      const frevent = await buildVenueWith(db, { territoryId, name: 'Cybercentre de Frévent', commune_code: '62361' });
      const saintPol = await buildVenueWith(db, { territoryId, name: 'Cybercentre de Saint-Pol', commune_code: '62767' });
      const security = await buildWorkshopWith(db, { territoryId, slug: 'securite-en-ligne', title: 'La sécurité en ligne', theme: 'securite', level: 'debutant' });
      const selling = await buildWorkshopWith(db, { territoryId, slug: 'e-commerce', title: 'Vendre en ligne', theme: 'vente', level: 'intermediaire' });
      const session = (name: string, workshopId: number, venueId: number, days: number, beginner: 0 | 1 = 0) =>
        buildSessionWith(db, { territoryId, cycleId, venueId, workshopId, seats: 8, beginner, startsAt: new Date(Date.now() + days * DAY) }).then((s) => (ids[name] = s.id));
      await session('sp3', security.id, saintPol.id, 3);
      await session('sp4', security.id, saintPol.id, 4);
      await session('f10', security.id, frevent.id, 10, 1);
      await session('f20', security.id, frevent.id, 20);
      await session('shop', selling.id, frevent.id, 5);
      leaderId = (await db.insertInto('participants').values({ territory_id: territoryId, email: 'leader@example.fr', first_name: 'Léa', last_name: 'Durand' }).returning('id').executeTakeFirstOrThrow()).id;
    });
    after(async () => {
      await t.close();
      await smtp.stop();
    });

    const count = async (table: 'diagnostic_results' | 'diagnostic_questionnaires' | 'outbox') => Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const take = async (answers: Record<string, string | string[]>) => new StaffClient(t.app).post('/diagnostic', answers);
    const tokenOf = (location: string) => /^\/diagnostic\/resultat\/([A-Za-z0-9_-]+)$/.exec(location)![1]!;

    test('the form: every question a fieldset of radios with its legend, the commune optional', async () => {
      const res = await t.app.inject('/diagnostic');
      assert.equal(res.statusCode, 200);
      assert.equal((res.body.match(/<fieldset/g) ?? []).length, Q.questions.length);
      assert.equal((res.body.match(/type="radio"/g) ?? []).length, Q.questions.reduce((n, x) => n + x.choices.length, 0));
      assert.match(res.body, /name="_csrf"/);
      assert.match(res.body, /facturation électronique/);
    });

    test('half-answered or an unknown choice: 400, a message beside each question, the answers kept checked, nothing written', async () => {
      const before = await count('diagnostic_results');
      const half = Object.fromEntries(Q.questions.slice(0, 5).map((x) => [x.key, 'c']));
      const res = await take({ ...half, commune: '62361' });
      assert.equal(res.statusCode, 400);
      assert.equal((res.body.match(/class="error-message"/g) ?? []).length, Q.questions.length - 5);
      assert.match(res.body, /id="fiche-c"[^>]*checked/);
      assert.match(res.body, /<option value="62361" selected/);
      const unknown = await take({ ...answersWith('a'), site: '<script>' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /id="site-erreur"/);
      assert.doesNotMatch(unknown.body, /<script>/);
      const commune = await take({ ...answersWith('a'), commune: '75056' });
      assert.equal(commune.statusCode, 400);
      assert.match(commune.body, /Choisissez une commune de la liste/);
      const noCsrf = await t.app.inject({ method: 'POST', url: '/diagnostic', payload: new URLSearchParams(answersWith('a')).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.ok(noCsrf.statusCode >= 400 && noCsrf.statusCode < 500);
      assert.equal(await count('diagnostic_results'), before);
    });

    test('odd bodies never give a 500: repeated answers, unknown fields, an editor form emptied', async () => {
      const repeated = await take({ ...answersWith('b'), fiche: ['a', 'd'], inconnu: 'x'.repeat(5000), commune: ['62361', '62767'] });
      assert.equal(repeated.statusCode, 303);
      const client = await new StaffClient(t.app).logIn(coordinator.email, coordinator.password);
      const emptied = await client.post('/equipe/diagnostic', {});
      assert.equal(emptied.statusCode, 400);
      assert.match(emptied.body, /class="error-summary"/);
    });

    test('a result: the profile per theme, the recommended workshops with their sessions nearest the commune, beginners first; the chambers beyond', async () => {
      // security weak (beginner level), selling strong (past the programme), the rest in between
      const res = await take({ ...answersWith('c', { securite: 'a', vente: 'd' }), commune: '62361' });
      assert.equal(res.statusCode, 303);
      const page = await t.app.inject(res.headers.location as string);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.match(page.body, /<svg class="chart"[^>]*role="img"/);
      assert.match(page.body, /<caption>Votre score par thème, sur 100<\/caption>/);
      assert.match(page.body, /La sécurité en ligne/);
      // Frévent's two sessions and the nearest other one; the beginner session first, then by date
      const order = [...page.body.matchAll(/href="\/seances\/(\d+)\/inscription"/g)].map((m) => Number(m[1]));
      assert.deepEqual(order, [ids.f10, ids.sp3, ids.f20]);
      assert.doesNotMatch(page.body, /Vendre en ligne/);
      assert.match(page.body, /dépassé le niveau des ateliers du programme : Vente et paiement en ligne/);
      // without a commune: the soonest
      const anywhere = await take(answersWith('c', { securite: 'a' }));
      const order2 = [...(await t.app.inject(anywhere.headers.location as string)).body.matchAll(/href="\/seances\/(\d+)\/inscription"/g)].map((m) => Number(m[1]));
      assert.deepEqual(order2, [ids.f10, ids.sp3, ids.sp4]);
    });

    test('an unknown or malformed link: 404', async () => {
      assert.equal((await t.app.inject('/diagnostic/resultat/abcdefghijklmnopqrstuvwxyz0123')).statusCode, 404);
      assert.equal((await t.app.inject('/diagnostic/resultat/%3Cx%3E')).statusCode, 404);
      const client = new StaffClient(t.app);
      await client.get('/diagnostic');
      const res = await client.post('/diagnostic/resultat/abcdefghijklmnopqrstuvwxyz0123/garder', { email: 'a@example.fr' }, '/diagnostic');
      assert.equal(res.statusCode, 404);
    });

    const sendMail = async () => {
      const worker = startOutboxWorker({ database: t.database, config: t.config, logger: pino({ level: 'silent' }), guards: MAIL_GUARDS, autoStart: false });
      try {
        await worker.runOnce();
      } finally {
        await worker.stop();
      }
    };
    /** The link of a result as mailed to an address (waits for the message). */
    const mailedLink = async (email: string, token: string) => {
      await sendMail();
      const find = () => smtp.received.find((m) => m.envelope.to.includes(email) && (m.mail.text ?? '').includes(`/diagnostic/resultat/${token}`));
      await eventually(() => Boolean(find()));
      return new RegExp(`https://ateliers\\.example\\.fr(/diagnostic/resultat/${token}[^\\s)\\]]*)`).exec(find()!.mail.text ?? '')![1]!;
    };

    test('keeping a result by e-mail: the link mailed, the same answer for an unknown address; a known participant gets it tied by following the link; a later diagnostic shows the progress', async () => {
      const db = t.database.db;
      const first = tokenOf((await take(answersWith('a'))).headers.location as string);
      const client = new StaffClient(t.app);
      const bad = await client.post(`/diagnostic/resultat/${first}/garder`, { email: 'pas-une-adresse' }, `/diagnostic/resultat/${first}`);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="email-erreur"/);
      assert.match(bad.body, /value="pas-une-adresse"/);
      const known = await client.post(`/diagnostic/resultat/${first}/garder`, { email: 'Leader@Example.fr' }, `/diagnostic/resultat/${first}`);
      const other = tokenOf((await take(answersWith('b'))).headers.location as string);
      const unknown = await client.post(`/diagnostic/resultat/${other}/garder`, { email: 'inconnu@example.fr' }, `/diagnostic/resultat/${other}`);
      assert.equal(known.statusCode, 303);
      assert.equal(unknown.statusCode, 303);
      assert.equal(known.headers.location, `/diagnostic/resultat/${first}?envoye=1#garder`);
      assert.equal(unknown.headers.location, `/diagnostic/resultat/${other}?envoye=1#garder`);
      assert.match((await client.get(known.headers.location as string)).body, /C’est noté/);
      // holding the result's link is not enough: nothing tied before the mailed link is followed
      assert.equal((await db.selectFrom('diagnostic_results').select('id').where('participant_id', 'is not', null).execute()).length, 0);

      assert.equal(await mailedLink('inconnu@example.fr', other), `/diagnostic/resultat/${other}`);
      const link = await mailedLink('leader@example.fr', first);
      assert.match(link, /\?garder=[A-Za-z0-9_-]+$/);
      // a keep token offered with another result: nothing tied, the token still good for its own
      const garder = link.split('?garder=')[1]!;
      assert.equal((await t.app.inject(`/diagnostic/resultat/${other}?garder=${garder}`)).headers.location, `/diagnostic/resultat/${other}`);
      const followed = await t.app.inject(link);
      assert.equal(followed.statusCode, 303);
      assert.equal(followed.headers.location, `/diagnostic/resultat/${first}?garde=1`);
      assert.match((await t.app.inject(followed.headers.location as string)).body, /gardé dans « Mes inscriptions »/);
      assert.equal((await t.app.inject(link)).headers.location, `/diagnostic/resultat/${first}`, 'once only');
      const kept = await db.selectFrom('diagnostic_results').select(['id', 'participant_id']).where('participant_id', 'is not', null).execute();
      assert.equal(kept.length, 1);
      assert.equal(kept[0]!.participant_id, leaderId);

      // a later diagnostic, kept by the same person: the progress per theme against the first one
      const second = tokenOf((await take(answersWith('c'))).headers.location as string);
      await client.post(`/diagnostic/resultat/${second}/garder`, { email: 'leader@example.fr' }, `/diagnostic/resultat/${second}`);
      await t.app.inject(await mailedLink('leader@example.fr', second));
      const page = (await t.app.inject(`/diagnostic/resultat/${second}`)).body;
      assert.match(page, /Diagnostic précédent/);
      assert.match(page, /\+67 point\(s\)/);

      const mine = await diagnosticsOf(db, leaderId);
      assert.equal(mine.length, 2);
      assert.equal(mine[0]!.scores.securite, 67);
      const latest = await latestRecommendations(db, territoryId, leaderId);
      assert.ok(latest);
      assert.deepEqual(latest.workshops, []); // 67 everywhere: nothing below the threshold, nothing beyond
      assert.deepEqual(latest.beyondProgramme, []);
      assert.deepEqual(latest.beyondWorkshopThemes, []);
      // the first one: every theme weak, the security workshop (by its slug and its theme) among the recommended, ids for the leader's path
      const { recommendationsFor } = await import('./queries.js');
      const weak = await recommendationsFor(db, territoryId, Q, scoreAnswers(Q, answersWith('a')), '62361');
      assert.deepEqual(weak.workshops.map((w) => w.slug).sort(), ['e-commerce', 'securite-en-ligne']);
      assert.ok(weak.workshops.every((w) => Number.isInteger(w.id)));
      const strong = await recommendationsFor(db, territoryId, Q, scoreAnswers(Q, answersWith('d')), null);
      assert.deepEqual(strong.workshops, []);
      assert.equal(strong.beyondProgramme.length, Q.themes.length);
      assert.deepEqual(strong.beyondWorkshopThemes, ['communication', 'internet', 'outils', 'securite', 'vente', 'web']);
      assert.equal(await latestRecommendations(db, territoryId, leaderId + 1000), null);
    });

    test('the editor: anonymous to the login, facilitator, partner and elected get 404', async () => {
      const anonymous = await t.app.inject('/equipe/diagnostic');
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, '/equipe/connexion');
      for (const role of ['facilitator', 'partner', 'elected']) {
        const client = await new StaffClient(t.app).logIn(staff[role]!.email, staff[role]!.password);
        assert.equal((await client.get('/equipe/diagnostic')).statusCode, 404, role);
        assert.equal((await client.post('/equipe/diagnostic', { basedOn: '1' }, '/diagnostic')).statusCode, 404, role);
      }
    });

    test('the editor: a save publishes a new version, the answers keep theirs; bad input refused beside the field, nothing written', async () => {
      const db = t.database.db;
      const client = await new StaffClient(t.app).logIn(coordinator.email, coordinator.password);
      const page = await client.get('/equipe/diagnostic');
      assert.equal(page.statusCode, 200);
      const values = fieldsOf(page.body);
      assert.equal(values.q_fiche_a_points, '0');
      const oldResult = await db.selectFrom('diagnostic_results').select(['id', 'questionnaire_id']).orderBy('id').executeTakeFirstOrThrow();
      const versions = await count('diagnostic_questionnaires');

      const bad = await client.post('/equipe/diagnostic', { ...values, basedOn: '1', q_fiche_a_points: 'beaucoup', theme_securite_recommend: '20', theme_securite_slugs: 'securite-en-ligne, inconnu' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="q_fiche_a_points-erreur"/);
      assert.match(bad.body, /value="beaucoup"/);
      assert.match(bad.body, /Les seuils doivent se suivre/);
      assert.match(bad.body, /Atelier inconnu : inconnu/);
      assert.equal(await count('diagnostic_questionnaires'), versions);

      const saved = await client.post('/equipe/diagnostic', { ...values, basedOn: '1', q_site_text: 'Votre entreprise a-t-elle son propre site internet ?', theme_securite_recommend: '90', theme_securite_beyond: '95' });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/equipe/diagnostic?publie=2');
      assert.match((await client.get('/equipe/diagnostic?publie=2')).body, /version 2 du questionnaire est publiée/);
      const stale = await client.post('/equipe/diagnostic', { ...values, basedOn: '1' });
      assert.equal(stale.statusCode, 409);
      assert.equal(await count('diagnostic_questionnaires'), versions + 1);

      assert.match((await t.app.inject('/diagnostic')).body, /son propre site internet/);
      const again = await db.selectFrom('diagnostic_results').select('questionnaire_id').where('id', '=', oldResult.id).executeTakeFirstOrThrow();
      assert.equal(again.questionnaire_id, oldResult.questionnaire_id);
      const fresh = tokenOf((await take(answersWith('c'))).headers.location as string);
      // 67 on security is now below the edited threshold (90): its workshop is recommended
      assert.match((await t.app.inject(`/diagnostic/resultat/${fresh}`)).body, /La sécurité en ligne/);
      const audit = await db.selectFrom('audit_log').select('action').where('action', '=', 'diagnostic.questionnaire_published').execute();
      assert.equal(audit.length, 1);
    });
  });
}
