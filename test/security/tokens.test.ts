import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { Kysely } from 'kysely';
import { databaseTiers } from '../databases.js';
import { createTestApp, cookiesOf, csrfOf, form } from '../app.js';
import { StaffClient } from '../staff-session.js';
import { buildSession, buildStaff, buildTerritory } from '../factories.js';
import { startTestSmtpServer, eventually } from '../../src/platform/mail/testing.js';
import { MASKED_SECRET, startOutboxWorker } from '../../src/platform/mail/worker.js';
import { MAIL_GUARDS } from '../../src/mail-guards.js';
import { issueInvitation, PARTICIPANT_COOKIE } from '../../src/registration/tokens.js';
import { issueRequestToken } from '../../src/on-demand/requests/tokens.js';
import { scheduleSurveys } from '../../src/results/surveys/schedule.js';
import { currentQuestionnaire, recordDiagnostic } from '../../src/pathway/diagnostic/commands.js';
import { unsubscribeToken } from '../../src/campaigns/unsubscribe.js';
import { STAFF_COOKIE } from '../../src/platform/auth/sessions.js';

/** base64url of at least 16 random bytes (128 bits): 22 characters or more of the URL-safe alphabet. */
const RANDOM_128 = /^[A-Za-z0-9_-]{22,}$/;

/** Every table and column whose text holds `secret` (the whole database scanned). */
async function whereStored(db: Kysely<any>, secret: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of await db.introspection.getTables()) {
    if (table.name.startsWith('kysely_')) continue;
    const rows = await db.selectFrom(table.name).selectAll().execute();
    for (const row of rows) for (const [column, value] of Object.entries(row)) if (value !== null && String(value instanceof Date ? value.toISOString() : value).includes(secret)) found.push(`${table.name}.${column}`);
  }
  return found;
}

const cookieHeader = (jar: Record<string, string>) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

for (const tier of databaseTiers()) {
  test(`[${tier.name}] tokens: 128 bits or more, only a hash stored, single-use where they open a session, expiring`, async () => {
    const smtp = await startTestSmtpServer();
    const t = await createTestApp(tier, { SMTP_URL: smtp.url, BASE_URL: 'https://ateliers.example.fr', FORM_RATE_LIMIT: '1000' });
    const db = t.database.db as unknown as Kysely<any>;
    const worker = startOutboxWorker({ database: t.database, config: t.config, logger: pino({ level: 'silent' }), guards: MAIL_GUARDS, autoStart: false });
    const figures: string[] = [];
    try {
      const territory = await buildTerritory(t.database.db);
      const coordinator = await buildStaff(t.database.db, { territoryId: territory.id, role: 'coordinator' });
      const cycle = await t.database.db.insertInto('cycles').values({ territory_id: territory.id, number: 1, name: '1re session', starts_on: '2026-01-01', ends_on: '2099-12-31', registration_opens_at: '2026-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
      const session = await buildSession(t.database.db, { territoryId: territory.id, cycleId: cycle.id, seats: 8, startsAt: new Date('2099-03-03T13:00:00Z') });

      // 1. magic link to « Mes inscriptions », from the confirmation mail of a public registration
      const page = await t.app.inject({ url: `/seances/${session.id}/inscription` });
      const f = form({ _csrf: csrfOf(page.body), first_name: 'Marie', last_name: 'Lefebvre', email: 'marie.lefebvre@example.fr', company: 'Ferme Lefebvre', sector: 'agriculture', commune: '62767', level: 'debutant' });
      const registered = await t.app.inject({ method: 'POST', url: `/seances/${session.id}/inscription`, payload: f.payload, headers: { ...f.headers, cookie: cookieHeader(cookiesOf(page)) } });
      assert.equal(registered.statusCode, 200, 'registered');
      assert.match(registered.body, /Inscription confirmée|inscrit/i);
      const mailedLink = async () => {
        const before = smtp.received.length;
        await worker.runOnce();
        await eventually(() => smtp.received.length > before);
        const mail = smtp.received[smtp.received.length - 1]!;
        const m = /\/mes-inscriptions\/acces\?jeton=([^\s"&<]+)/.exec(mail.mail.text ?? '');
        assert.ok(m, 'the mail carries a link to « Mes inscriptions »');
        return decodeURIComponent(m[1]!);
      };
      const link = await mailedLink();
      assert.match(link, RANDOM_128);
      assert.deepEqual(await whereStored(db, link), [], 'the magic link is stored nowhere once mailed (hash only; the sent mail masked)');
      const sentPayload = await db.selectFrom('outbox').select('payload').where('status', '=', 'sent').executeTakeFirstOrThrow();
      assert.ok(String(sentPayload.payload).includes(MASKED_SECRET), 'the sent mail keeps a masked link');
      const first = await t.app.inject({ url: `/mes-inscriptions/acces?jeton=${encodeURIComponent(link)}` });
      assert.equal(first.statusCode, 303, 'the link opens the space once');
      assert.equal(first.headers.location, '/mes-inscriptions');
      const again = await t.app.inject({ url: `/mes-inscriptions/acces?jeton=${encodeURIComponent(link)}` });
      assert.equal(again.statusCode, 400, 'a used link is refused');
      assert.match(again.body, /lang="fr"/);
      figures.push(`magic link ${link.length} chars`);

      // 2. the participant's session cookie: random, hashed, closed by signing out, expiring
      const jar = cookiesOf(first);
      const signedSession = jar[PARTICIPANT_COOKIE]!;
      const sessionValue = t.app.unsignCookie(signedSession).value!;
      assert.match(sessionValue, RANDOM_128);
      assert.deepEqual(await whereStored(db, sessionValue), []);
      assert.equal((await t.app.inject({ url: '/mes-inscriptions', headers: { cookie: cookieHeader(jar) } })).statusCode, 200);
      await db.updateTable('tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('purpose', '=', 'participant_session').execute();
      assert.equal((await t.app.inject({ url: '/mes-inscriptions', headers: { cookie: cookieHeader(jar) } })).headers.location, '/mes-inscriptions/lien', 'an expired participant session is refused');

      // 3. an expired magic link (a new one asked for, then its expiry put in the past)
      const asked = await t.app.inject({ url: '/mes-inscriptions/lien' });
      const af = form({ _csrf: csrfOf(asked.body), email: 'marie.lefebvre@example.fr' });
      assert.ok((await t.app.inject({ method: 'POST', url: '/mes-inscriptions/lien', payload: af.payload, headers: { ...af.headers, cookie: cookieHeader(cookiesOf(asked)) } })).statusCode < 400);
      const second = await mailedLink();
      assert.notEqual(second, link);
      await db.updateTable('tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('purpose', '=', 'participant_access').where('used_at', 'is', null).execute();
      assert.equal((await t.app.inject({ url: `/mes-inscriptions/acces?jeton=${encodeURIComponent(second)}` })).statusCode, 400, 'an expired link is refused');

      // 4. staff session: random, hashed, expiring
      const staff = await new StaffClient(t.app).logIn(coordinator.email, coordinator.password);
      const staffValue = t.app.unsignCookie(staff.jar[STAFF_COOKIE]!).value!;
      assert.match(staffValue, /^[A-Za-z0-9_-]{43,}$/, '256 bits');
      assert.deepEqual(await whereStored(db, staffValue), []);
      assert.equal((await staff.get('/equipe')).statusCode, 200);
      await db.updateTable('staff_sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
      const expiredStaff = await staff.get('/equipe');
      assert.notEqual(expiredStaff.statusCode, 200, 'an expired staff session is refused');
      figures.push(`staff session ${staffValue.length} chars`);

      // 5. a request's follow-up link (on demand): random, hashed, expiring
      {
        const demand = await t.database.db.insertInto('demand_requests').values({ territory_id: territory.id, workshop_id: null, topic: 'Facturation électronique', venue_id: null, commune_code: null, days: 'lun', times: 'matin', comment: null, email: 'marie.lefebvre@example.fr', first_name: 'Marie', last_name: 'Lefebvre', company: null, participant_id: null, poll_id: null, session_id: null, withdrawn_at: null }).returning('id').executeTakeFirstOrThrow();
        const requestToken = await issueRequestToken(t.database.db, demand.id);
        assert.match(requestToken, RANDOM_128);
        assert.deepEqual(await whereStored(db, requestToken), []);
        assert.equal((await t.app.inject({ url: `/demandes/${requestToken}` })).statusCode, 200, 'the request link opens the request');
        await db.updateTable('tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('purpose', '=', 'demand_request').execute();
        assert.notEqual((await t.app.inject({ url: `/demandes/${requestToken}` })).statusCode, 200, 'an expired request link is refused');
        figures.push(`request ${requestToken.length} chars`);
      }

      // 5b. a survey link, as scheduled after a presence: random, hashed (the pending mail holds it until sent), expiring
      {
        const registration = await db.selectFrom('registrations').select('id').where('session_id', '=', session.id).executeTakeFirstOrThrow();
        await scheduleSurveys(t.database.db, territory.id, { baseUrl: 'https://ateliers.example.fr', programmeName: 'Boutic' }, registration.id, new Date());
        const pending = await db.selectFrom('outbox').select('payload').where('status', '=', 'pending').where('payload', 'like', '%/enquete/%').executeTakeFirstOrThrow();
        const survey = /\/enquete\/([A-Za-z0-9_-]+)/.exec(String(pending.payload))![1]!;
        assert.match(survey, RANDOM_128);
        assert.deepEqual((await whereStored(db, survey)).filter((where) => where !== 'outbox.payload'), [], 'only the pending mail holds the survey link');
        const open = await t.app.inject({ url: `/enquete/${survey}` });
        assert.equal(open.statusCode, 200);
        assert.match(open.body, /action="\/enquete\//, 'the survey form');
        await db.updateTable('survey_invitations').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
        const expired = await t.app.inject({ url: `/enquete/${survey}` });
        assert.ok(expired.statusCode < 500);
        assert.doesNotMatch(expired.body, /action="\/enquete\//, 'an expired survey link opens no form');
        figures.push(`survey ${survey.length} chars`);
      }

      // 6. an invitation to register in a priority window: random, hashed, expiring
      const invitation = await issueInvitation(t.database.db, { session: session.id, email: 'x@example.fr', first_name: 'X', last_name: 'Y', company: null }, '2000-01-01T00:00:00.000Z');
      assert.match(invitation, RANDOM_128);
      assert.deepEqual(await whereStored(db, invitation), []);
      figures.push(`invitation ${invitation.length} chars`);

      // 7. a diagnostic's result link: random, hashed, expiring after RESULT_LINK_DAYS
      {
        const version = await currentQuestionnaire(t.database.db, territory.id);
        const result = await recordDiagnostic(t.database.db, { territoryId: territory.id, version, answers: {}, communeCode: null, participantId: null });
        assert.match(result.token, RANDOM_128);
        assert.deepEqual(await whereStored(db, result.token), []);
        assert.equal((await t.app.inject({ url: `/diagnostic/resultat/${result.token}` })).statusCode, 200);
        await db.updateTable('diagnostic_results').set({ created_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', result.id).execute();
        assert.equal((await t.app.inject({ url: `/diagnostic/resultat/${result.token}` })).statusCode, 404, 'an expired result link is refused');
        figures.push(`diagnostic ${result.token.length} chars`);
      }

      // 8. unsubscribe: an HMAC of the address (132 bits kept), stored nowhere, not forgeable
      const unsubscribe = unsubscribeToken(t.config.sessionSecret, territory.id, 'marie.lefebvre@example.fr');
      const signature = unsubscribe.split('.')[1]!;
      assert.match(signature, /^[A-Za-z0-9_-]{22}$/);
      assert.deepEqual(await whereStored(db, signature), []);
      const forged = unsubscribe.slice(0, -1) + (unsubscribe.endsWith('A') ? 'B' : 'A');
      const refused = await t.app.inject({ url: `/desinscription/${forged}` });
      assert.ok(refused.statusCode === 404 || refused.statusCode === 400, `a forged unsubscribe link is refused (${refused.statusCode})`);
      console.log(`[${tier.name}] ${figures.join(', ')}`);
    } finally {
      await worker.stop();
      await t.close();
      await smtp.stop();
    }
  });
}
