import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { closeSession, markAttendance, type AttendanceContext } from '../../facilitation/attendance/commands.js';
import { startTestSmtpServer, eventually, type TestSmtpServer } from '../../platform/mail/testing.js';
import { startOutboxWorker } from '../../platform/mail/worker.js';
import { MAIL_GUARDS } from '../../mail-guards.js';
import { addMonths, surveyDueDates, surveyOpen } from './schedule.js';

const HOUR = 3600_000;

test('the surveys go out the day after at 9:00 and three months later at 9:00, Paris time', () => {
  // 28 March 2026 is the eve of the change to summer time: 9:00 in Paris is 07:00 UTC the next day
  const due = surveyDueDates('2026-03-28T13:00:00.000Z');
  assert.equal(due.satisfaction.toISOString(), '2026-03-29T07:00:00.000Z');
  assert.equal(due.followUp.toISOString(), '2026-06-28T07:00:00.000Z');
  // a session in the evening (Paris) of 31 October: 1 November 9:00 CET, then 31 January
  const late = surveyDueDates('2026-10-31T19:30:00.000Z');
  assert.equal(late.satisfaction.toISOString(), '2026-11-01T08:00:00.000Z');
  assert.equal(late.followUp.toISOString(), '2027-01-31T08:00:00.000Z');
  assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
  assert.equal(addMonths('2027-11-30', 3), '2028-02-29');
});

function body(fields: Array<[string, string]>) {
  return { payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

for (const tier of databaseTiers()) {
  describe(`surveys on ${tier.name}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let ctx: AttendanceContext;
    let territoryId: number;
    let cycleId: number;
    let sessions: number[];
    let people: Array<{ id: number; registration: number; email: string }>;

    before(async () => {
      smtp = await startTestSmtpServer();
      t = await createTestApp(tier, { SMTP_URL: smtp.url, BASE_URL: 'https://ateliers.example.fr' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db, { programmeName: 'Boutic Ternois' })).id;
      const fac = await buildStaff(db, { territoryId, role: 'facilitator' });
      cycleId = (await buildCycle(db, { territoryId })).id;
      const venueId = (await buildVenue(db, { territoryId, name: 'Cybercentre de Frévent' })).id;
      const workshopId = (await buildWorkshop(db, { territoryId, title: 'Vendre en ligne' })).id;
      sessions = [];
      for (const hoursAgo of [30, 3]) {
        sessions.push((await buildSessionWith(db, { territoryId, cycleId, venueId, workshopId, seats: 8, startsAt: new Date(Date.now() - hoursAgo * HOUR), set: { facilitator_id: fac.id } })).id);
      }
      people = [];
      for (const [i, name] of ['ana', 'ben', 'cam'].entries()) {
        const p = await db.insertInto('participants').values({ territory_id: territoryId, email: `${name}@example.fr`, first_name: name, last_name: 'Test' }).returning('id').executeTakeFirstOrThrow();
        const r = await db.insertInto('registrations').values({ session_id: sessions[0]!, participant_id: p.id, status: 'confirmed', source: 'web' }).returning('id').executeTakeFirstOrThrow();
        people.push({ id: p.id, registration: r.id, email: `${name}@example.fr` });
        void i;
      }
      ctx = { territoryId, staffId: fac.id, coordinator: false, programme: { baseUrl: 'https://ateliers.example.fr', programmeName: 'Boutic Ternois', funder: 'Région', territoryName: 'Pays du Ternois', publisher: 'Pays du Ternois' } };
    });
    after(async () => {
      await t.close();
      await smtp.stop();
    });

    const invitations = () => t.database.db.selectFrom('survey_invitations').selectAll().orderBy('id').execute();

    test('closing a session schedules the surveys of the people present, and only theirs', async () => {
      const db = t.database.db;
      for (const [i, attendance] of (['present', 'present', 'absent'] as const).entries()) {
        assert.ok((await markAttendance(db, ctx, { sessionId: sessions[0]!, registrationId: people[i]!.registration, attendance })).ok);
      }
      assert.ok((await closeSession(db, ctx, { sessionId: sessions[0]! })).ok);
      const rows = await invitations();
      assert.deepEqual(rows.map((r) => [r.participant_id, r.kind]).sort(), [[people[0]!.id, 'follow_up'], [people[0]!.id, 'satisfaction'], [people[1]!.id, 'follow_up'], [people[1]!.id, 'satisfaction']].sort());
      const s = await db.selectFrom('sessions').select('starts_at').where('id', '=', sessions[0]!).executeTakeFirstOrThrow();
      const due = surveyDueDates(s.starts_at);
      const mails = await db.selectFrom('outbox').select(['kind', 'recipient', 'next_attempt_at', 'guard']).where('kind', 'like', 'survey.%').orderBy('id').execute();
      assert.equal(mails.length, 4);
      for (const m of mails) {
        const expected = m.kind === 'survey.satisfaction' ? due.satisfaction : due.followUp;
        // due the day after (already passed for a session of yesterday: then it goes now, never in the past)
        assert.ok(Date.parse(m.next_attempt_at) >= Math.min(expected.getTime(), Date.now() - 60_000));
        assert.match(m.guard ?? '', /survey_open/);
      }
      assert.ok(!mails.some((m) => m.recipient === people[2]!.email), 'nobody absent is asked');
      // the tokens are stored hashed: no link in the invitations
      for (const r of rows) assert.match(r.token_hash, /^[0-9a-f]{64}$/);
    });

    test('a second session of the same cycle brings its satisfaction survey but not a second follow-up', async () => {
      const db = t.database.db;
      const r = await db.insertInto('registrations').values({ session_id: sessions[1]!, participant_id: people[0]!.id, status: 'confirmed', source: 'web' }).returning('id').executeTakeFirstOrThrow();
      assert.ok((await markAttendance(db, ctx, { sessionId: sessions[1]!, registrationId: r.id, attendance: 'present' })).ok);
      assert.ok((await closeSession(db, ctx, { sessionId: sessions[1]! })).ok);
      const mine = (await invitations()).filter((i) => i.participant_id === people[0]!.id);
      assert.equal(mine.filter((i) => i.kind === 'satisfaction').length, 2);
      assert.equal(mine.filter((i) => i.kind === 'follow_up').length, 1);
    });

    let link = '';
    test('the day-after e-mail is received with its link once due, and answering it is anonymous and once only', async () => {
      const db = t.database.db;
      // bring the satisfaction mails of the first session due now
      await db.updateTable('outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('kind', '=', 'survey.satisfaction').execute();
      const worker = startOutboxWorker({ database: t.database, config: t.config, logger: pino({ level: 'silent' }), guards: MAIL_GUARDS, autoStart: false });
      try {
        // the three certificates of the closings go too (they were due at once)
        const result = await worker.runOnce();
        assert.deepEqual(result, { sent: 6, failed: 0, skipped: 0 });
      } finally {
        await worker.stop();
      }
      await eventually(() => smtp.received.length >= 6);
      const ana = smtp.received.find((m) => m.envelope.to.includes(people[0]!.email) && /Votre avis/.test(m.mail.subject ?? ''))!;
      assert.match(ana.mail.subject ?? '', /Votre avis sur l’atelier « Vendre en ligne »/);
      assert.match(ana.mail.text ?? '', /sans votre nom/);
      link = /https:\/\/ateliers\.example\.fr(\/enquete\/[A-Za-z0-9_-]+)/.exec(ana.mail.text ?? '')![1]!;

      const page = await t.app.inject({ method: 'GET', url: link });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /L’atelier vous a-t-il été utile/);
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      const cookie = page.cookies.map((c: { name: string; value: string }) => `${c.name}=${c.value}`).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;

      // half answered: refused beside each field, what was typed kept, nothing written
      const half = await t.app.inject({ method: 'POST', url: link, headers: { cookie, ...body([]).headers }, payload: body([['_csrf', csrf], ['usefulness', '4'], ['comment', 'Très bien <b>expliqué</b>']]).payload });
      assert.equal(half.statusCode, 422);
      assert.match(half.body, /id="clarity-erreur">Choisissez une des réponses proposées/);
      assert.match(half.body, /value="4" checked/);
      assert.match(half.body, /Très bien &lt;b>expliqué&lt;\/b>/);
      assert.equal((await db.selectFrom('satisfaction_answers').select('id').execute()).length, 0);
      const contradictory = await t.app.inject({ method: 'POST', url: link, headers: { cookie, ...body([]).headers }, payload: body([['_csrf', csrf], ['usefulness', '4'], ['clarity', '5'], ['pace', 'adapte'], ['recommend', 'oui'], ['next', 'practice'], ['next', 'nothing']]).payload });
      assert.equal(contradictory.statusCode, 422);
      assert.match(contradictory.body, /ne peut pas être coché avec une autre réponse/);
      // without the CSRF token: refused, nothing written
      const forged = await t.app.inject({ method: 'POST', url: link, headers: body([]).headers, payload: body([['usefulness', '4'], ['clarity', '5'], ['pace', 'adapte'], ['recommend', 'oui']]).payload });
      assert.equal(forged.statusCode, 403);

      const fields: Array<[string, string]> = [['_csrf', csrf], ['usefulness', '4'], ['clarity', '5'], ['pace', 'trop_rapide'], ['recommend', 'oui'], ['next', 'practice'], ['next', 'chamber'], ['comment', 'Plus de pratique svp']];
      // two tabs submit at once: one answer recorded
      const [a, b] = await Promise.all([0, 1].map(() => t.app.inject({ method: 'POST', url: link, headers: { cookie, ...body([]).headers }, payload: body(fields).payload })));
      const texts = [a!.body, b!.body];
      assert.equal(texts.filter((x) => /Merci pour vos réponses/.test(x)).length, 1);
      assert.equal(texts.filter((x) => /Vous avez déjà répondu/.test(x)).length, 1);
      const answers = await db.selectFrom('satisfaction_answers').selectAll().execute();
      assert.equal(answers.length, 1);
      const answer = answers[0]!;
      assert.deepEqual(
        { usefulness: answer.usefulness, clarity: answer.clarity, pace: answer.pace, recommend: answer.recommend, practice: answer.next_practice, chamber: answer.next_chamber, workshop: answer.next_workshop, comment: answer.comment, session: answer.session_id },
        { usefulness: 4, clarity: 5, pace: 'trop_rapide', recommend: 1, practice: 1, chamber: 1, workshop: 0, comment: 'Plus de pratique svp', session: sessions[0]! },
      );
      // stored apart from the person: no column of the answer names or points at anyone, and only the day is kept
      assert.deepEqual(Object.keys(answer).filter((k) => /participant|email|name|registration|invitation|_at$/.test(k)), []);
      assert.match(answer.answered_on, /^\d{4}-\d\d-\d\d$/);
      // the link again: already answered; the guard drops any mail still waiting for this invitation
      const again = await t.app.inject({ method: 'GET', url: link });
      assert.match(again.body, /Vous avez déjà répondu/);
      const inv = (await invitations()).find((i) => i.answered_on !== null)!;
      assert.equal(await surveyOpen(t.database.db, { invitationId: inv.id }), false);
    });

    test('an unknown, malformed or expired link says so clearly, never a 500', async () => {
      const db = t.database.db;
      assert.equal((await t.app.inject({ method: 'GET', url: '/enquete/pas-un-jeton' })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: `/enquete/${'A'.repeat(43)}` })).statusCode, 404);
      // expire ben's invitation: the page says the survey is closed and an answer is not taken
      const ben = (await invitations()).find((i) => i.participant_id === people[1]!.id && i.kind === 'satisfaction')!;
      const benMail = smtp.received.find((m) => m.envelope.to.includes(people[1]!.email) && /Votre avis/.test(m.mail.subject ?? ''))!;
      const benLink = /https:\/\/ateliers\.example\.fr(\/enquete\/[A-Za-z0-9_-]+)/.exec(benMail.mail.text ?? '')![1]!;
      const page = await t.app.inject({ method: 'GET', url: benLink });
      const cookie = page.cookies.map((c: { name: string; value: string }) => `${c.name}=${c.value}`).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      await db.updateTable('survey_invitations').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', ben.id).execute();
      const late = await t.app.inject({ method: 'POST', url: benLink, headers: { cookie, ...body([]).headers }, payload: body([['_csrf', csrf], ['usefulness', '2'], ['clarity', '2'], ['pace', 'adapte'], ['recommend', 'non']]).payload });
      assert.match(late.body, /Cette enquête est close/);
      assert.equal((await db.selectFrom('satisfaction_answers').select('id').execute()).length, 1);
      assert.equal(await surveyOpen(t.database.db, { invitationId: ben.id }), false);
    });

    test('the follow-up asks what was put in place; « rien pour l’instant » stands alone', async () => {
      const db = t.database.db;
      await db.updateTable('outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('kind', '=', 'survey.follow_up').execute();
      const worker = startOutboxWorker({ database: t.database, config: t.config, logger: pino({ level: 'silent' }), guards: MAIL_GUARDS, autoStart: false });
      try {
        assert.equal((await worker.runOnce()).sent, 2);
      } finally {
        await worker.stop();
      }
      await eventually(() => smtp.received.filter((m) => /Trois mois après/.test(m.mail.subject ?? '')).length === 2);
      const mail = smtp.received.find((m) => /Trois mois après/.test(m.mail.subject ?? '') && m.envelope.to.includes(people[0]!.email))!;
      const url = /https:\/\/ateliers\.example\.fr(\/enquete\/[A-Za-z0-9_-]+)/.exec(mail.mail.text ?? '')![1]!;
      const page = await t.app.inject({ method: 'GET', url });
      assert.match(page.body, /Depuis l’atelier, qu’avez-vous mis en place/);
      const cookie = page.cookies.map((c: { name: string; value: string }) => `${c.name}=${c.value}`).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const post = (fields: Array<[string, string]>) => t.app.inject({ method: 'POST', url, headers: { cookie, ...body([]).headers }, payload: body([['_csrf', csrf], ...fields]).payload });
      const none = await post([]);
      assert.equal(none.statusCode, 422);
      assert.match(none.body, /Cochez au moins une réponse/);
      assert.equal((await post([['outcomes', 'website'], ['outcomes', 'nothing_yet']])).statusCode, 422);
      assert.equal((await post([['outcomes', 'website'], ['outcomes', 'hacked']])).statusCode, 422);
      assert.equal((await db.selectFrom('follow_up_answers').select('id').execute()).length, 0);
      const ok = await post([['outcomes', 'website'], ['outcomes', 'social_page']]);
      assert.match(ok.body, /Merci pour vos réponses/);
      const rows = await db.selectFrom('follow_up_answers').selectAll().execute();
      assert.deepEqual(rows.map((r) => [r.website, r.social_page, r.online_sales, r.nothing_yet]), [[1, 1, 0, 0]]);
    });

    test('a person corrected to absent, or erased, is not sent a survey', async () => {
      const db = t.database.db;
      const ben = (await invitations()).find((i) => i.participant_id === people[1]!.id && i.kind === 'follow_up')!;
      assert.equal(await surveyOpen(t.database.db, { invitationId: ben.id }), true);
      assert.ok((await markAttendance(db, { ...ctx, coordinator: true }, { sessionId: sessions[0]!, registrationId: people[1]!.registration, attendance: 'absent' })).ok);
      assert.equal(await surveyOpen(t.database.db, { invitationId: ben.id }), false);
      assert.ok((await markAttendance(db, { ...ctx, coordinator: true }, { sessionId: sessions[0]!, registrationId: people[1]!.registration, attendance: 'present' })).ok);
      assert.equal(await surveyOpen(t.database.db, { invitationId: ben.id }), true);
      await db.updateTable('participants').set({ anonymised_at: new Date().toISOString() }).where('id', '=', people[1]!.id).execute();
      assert.equal(await surveyOpen(t.database.db, { invitationId: ben.id }), false);
      assert.equal(await surveyOpen(t.database.db, { invitationId: 999_999 }), false);
      assert.equal(await surveyOpen(t.database.db, null), false);
    });
  });
}
