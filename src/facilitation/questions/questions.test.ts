import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshopWith } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';

const HOUR = 3600_000;

for (const tier of databaseTiers()) {
  describe(`a session’s report and the workshops’ FAQ on ${tier.name}`, () => {
    let t: TestApp;
    let coordinator: StaffClient;
    let facilitator: StaffClient;
    let other: StaffClient;
    let partner: StaffClient;
    let held: number;
    let upcoming: number;
    let cancelled: number;
    const questions = () => t.database.db.selectFrom('session_questions').selectAll().orderBy('id').execute();
    const version = async () => (await t.database.db.selectFrom('territories').select('content_version').executeTakeFirstOrThrow()).content_version;

    before(async () => {
      t = await createTestApp(tier);
      const db = t.database.db;
      const territoryId = (await buildTerritory(db)).id;
      const fac = await buildStaff(db, { territoryId, role: 'facilitator' });
      const oth = await buildStaff(db, { territoryId, role: 'facilitator' });
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      const par = await buildStaff(db, { territoryId, role: 'partner' });
      const base = { territoryId, cycleId: (await buildCycle(db, { territoryId })).id, venueId: (await buildVenue(db, { territoryId })).id, workshopId: (await buildWorkshopWith(db, { territoryId, slug: 'lire-un-devis', title: 'Lire un devis' })).id };
      held = (await buildSessionWith(db, { ...base, startsAt: new Date(Date.now() - 3 * HOUR), status: 'held', set: { facilitator_id: fac.id } })).id;
      upcoming = (await buildSessionWith(db, { ...base, startsAt: new Date(Date.now() + 48 * HOUR), set: { facilitator_id: fac.id } })).id;
      cancelled = (await buildSessionWith(db, { ...base, startsAt: new Date(Date.now() - 30 * HOUR), status: 'cancelled', set: { facilitator_id: fac.id } })).id;
      coordinator = await new StaffClient(t.app).logIn(coord.email, coord.password);
      facilitator = await new StaffClient(t.app).logIn(fac.email, fac.password);
      other = await new StaffClient(t.app).logIn(oth.email, oth.password);
      partner = await new StaffClient(t.app).logIn(par.email, par.password);
    });
    after(() => t.close());

    const report = (id: number) => `/equipe/seances/${id}/compte-rendu`;

    test('the facilitator writes notes and questions; bad input is explained and kept; nothing before the start', async () => {
      const notes = await facilitator.post(report(held), { notes: 'Groupe très motivé ; prévoir un atelier devis bis.' });
      assert.equal(notes.statusCode, 303);
      const empty = await facilitator.post(`/equipe/seances/${held}/questions`, { question: '   ', answer: 'Une réponse sans question' }, report(held));
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /id="question-erreur"/);
      assert.match(empty.body, /Une réponse sans question/, 'the answer typed is kept');
      const long = await facilitator.post(`/equipe/seances/${held}/questions`, { question: 'x'.repeat(501) }, report(held));
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /500 caractères/);
      for (const [question, answer] of [['Comment lire un devis ?', 'Séparez ce qui est payé une fois de ce qui revient chaque année.'], ['Faut-il un site ou une page Facebook ?', ''], ['<script>alert(1)</script>', 'Ceci <b>reste</b> du texte.']]) {
        assert.equal((await facilitator.post(`/equipe/seances/${held}/questions`, { question: question!, answer: answer! }, report(held))).statusCode, 303);
      }
      const page = await facilitator.get(report(held));
      assert.match(page.body, /Groupe très motivé/);
      assert.match(page.body, /Questions posées \(3\)/);
      assert.match(page.body, /Pas encore de réponse/);
      assert.doesNotMatch(page.body, /<script>alert/);
      const rows = await questions();
      assert.equal(rows.length, 3);
      assert.equal(rows[1]!.answer, null);
      // before the start, and for a cancelled session: a clear message, no form, nothing written
      for (const id of [upcoming, cancelled]) {
        const get = await facilitator.get(report(id));
        assert.equal(get.statusCode, 200);
        assert.doesNotMatch(get.body, /name="question"/);
        const post = await facilitator.post(`/equipe/seances/${id}/questions`, { question: 'Trop tôt ?' }, '/equipe');
        assert.equal(post.statusCode, 409);
        assert.match(post.body, id === upcoming ? /n’a pas encore eu lieu/ : /est annulée/);
      }
      assert.equal((await questions()).length, 3);
    });

    test('another facilitator and a partner get 404 on every route; visitors are sent to log in', async () => {
      const [q] = await questions();
      const gets = [report(held), `/equipe/questions/${q!.id}`];
      const posts: Array<[string, Record<string, string>]> = [
        [report(held), { notes: 'piraté' }],
        [`/equipe/seances/${held}/questions`, { question: 'Intrus ?' }],
        [`/equipe/questions/${q!.id}`, { question: 'Modifiée', answer: 'x' }],
        [`/equipe/questions/${q!.id}/suppression`, {}],
        [`/equipe/questions/${q!.id}/publication`, { publish: '1' }],
      ];
      for (const who of [other, partner]) {
        for (const url of gets) assert.equal((await who.get(url)).statusCode, 404, url);
        for (const [url, fields] of posts) assert.equal((await who.post(url, fields, '/equipe')).statusCode, 404, url);
      }
      assert.equal((await other.get('/equipe/questions')).statusCode, 404, 'the review is the coordination’s');
      assert.equal((await facilitator.get('/equipe/questions')).statusCode, 404);
      for (const url of [...gets, '/equipe/questions']) assert.equal((await t.app.inject({ url })).statusCode, 303, url);
      const rows = await questions();
      assert.equal(rows.length, 3);
      assert.equal(rows[0]!.question, 'Comment lire un devis ?');
      assert.equal(rows[0]!.published_at, null);
      const session = await t.database.db.selectFrom('sessions').select('report_notes').where('id', '=', held).executeTakeFirstOrThrow();
      assert.match(session.report_notes!, /Groupe très motivé/);
    });

    test('the coordinator publishes: the workshop page shows the FAQ (and its JSON-LD), escaped; unpublishing removes it', async () => {
      const [devis, facebook, hostile] = await questions();
      const noAnswer = await coordinator.post(`/equipe/questions/${facebook!.id}/publication`, { publish: '1' }, '/equipe/questions');
      assert.equal(noAnswer.statusCode, 400);
      assert.match(noAnswer.body, /a besoin d’une réponse/);
      const before = await version();
      for (const q of [devis!, hostile!]) assert.equal((await coordinator.post(`/equipe/questions/${q.id}/publication`, { publish: '1' }, '/equipe/questions')).statusCode, 303);
      assert.equal(await version(), before + 2, 'public pages are marked changed');
      const page = await t.app.inject({ url: '/ateliers/lire-un-devis' });
      assert.match(page.body, /Questions posées en atelier/);
      assert.match(page.body, /<dt>Comment lire un devis \?<\/dt>/);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(page.body, /Faut-il un site/, 'unpublished questions stay private');
      const ld = [...page.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as { '@type': string; mainEntity?: Array<{ name: string; acceptedAnswer: { text: string } }> });
      const faq = ld.find((d) => d['@type'] === 'FAQPage');
      assert.ok(faq, 'a FAQPage in the JSON-LD');
      assert.deepEqual(faq.mainEntity!.map((e) => e.name).sort(), ['<script>alert(1)</script>', 'Comment lire un devis ?']);
      // once published, the facilitator can no longer change it; the coordination can
      const locked = await facilitator.post(`/equipe/questions/${devis!.id}`, { question: 'Autre', answer: 'Autre' }, report(held));
      assert.equal(locked.statusCode, 409);
      assert.equal((await facilitator.post(`/equipe/questions/${devis!.id}/suppression`, {}, report(held))).statusCode, 409);
      const edited = await coordinator.post(`/equipe/questions/${devis!.id}`, { question: 'Comment lire le devis d’une agence ?', answer: devis!.answer!, retour: 'revue' }, `/equipe/questions/${devis!.id}?retour=revue`);
      assert.equal(edited.headers.location, '/equipe/questions?enregistre=1');
      assert.match((await t.app.inject({ url: '/ateliers/lire-un-devis' })).body, /Comment lire le devis d’une agence \?/);
      const review = await coordinator.get('/equipe/questions');
      assert.match(review.body, /Faut-il un site[\s\S]*À relire[\s\S]*Publiée/, 'waiting questions first');
      for (const q of [devis!, hostile!]) await coordinator.post(`/equipe/questions/${q.id}/publication`, { publish: '0' }, '/equipe/questions');
      const gone = await t.app.inject({ url: '/ateliers/lire-un-devis' });
      assert.doesNotMatch(gone.body, /Questions posées en atelier/);
      assert.doesNotMatch(gone.body, /FAQPage/);
      const audits = await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'question.%').execute();
      assert.deepEqual([...new Set(audits.map((a) => a.action))].sort(), ['question.created', 'question.published', 'question.unpublished', 'question.updated']);
    });

    test('the facilitator deletes an unpublished question of their session', async () => {
      const [, facebook] = await questions();
      const res = await facilitator.post(`/equipe/questions/${facebook!.id}/suppression`, {}, report(held));
      assert.equal(res.statusCode, 303);
      assert.equal((await questions()).length, 2);
    });
  });
}
