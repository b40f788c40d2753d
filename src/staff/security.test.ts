import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TOTP, Secret } from 'otpauth';
import { databaseTiers } from '../../test/databases.js';
import { cookiesOf, createTestApp, csrfOf, form, type TestApp } from '../../test/app.js';
import { StaffClient } from '../../test/staff-session.js';
import { buildStaff, buildTerritory } from '../../test/factories.js';
import { decryptSecret, emailKey, hashRecoveryCode } from '../platform/auth/totp.js';

// Codes are computed here as an authenticator app would, with otpauth itself (not Boutic's wrapper).
const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
const secretOf = (html: string) => {
  const m = /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(html);
  assert.ok(m, 'the secret is shown as text');
  return m[1]!.replace(/ /g, '');
};
const recoveryCodesOf = (html: string) => [...html.matchAll(/<code class="recovery-code">([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
const failureOf = (html: string) => /<p class="error-summary" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
const UA_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const UA_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

/** A client whose requests carry a user agent. */
class Browser extends StaffClient {
  constructor(private readonly t: TestApp, readonly ua = UA_FIREFOX) {
    super(t.app);
  }
  override async get(url: string) {
    const res = await this.t.app.inject({ url, headers: { cookie: this.cookieHeader(), 'user-agent': this.ua } });
    this.jar = cookiesOf(res, this.jar);
    return res;
  }
  override async post(url: string, fields: Record<string, string | string[]>, formPage = url) {
    const page = await this.get(formPage);
    const f = form({ _csrf: csrfOf(page.body), ...fields });
    const res = await this.t.app.inject({ method: 'POST', url, payload: f.payload, headers: { ...f.headers, cookie: this.cookieHeader(), 'user-agent': this.ua } });
    this.jar = cookiesOf(res, this.jar);
    return res;
  }
  cookieHeader() {
    return Object.entries(this.jar).map(([k, v]) => `${k}=${v}`).join('; ');
  }
  /** The password step only: its answer (no session is expected when a second factor is on). */
  password(email: string, password: string) {
    return this.post('/equipe/connexion', { email, password });
  }
}

for (const tier of databaseTiers()) {
  describe(`staff sign-in security on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    before(async () => {
      t = await createTestApp(tier, { LOGIN_RATE_LIMIT: '1000' });
      territoryId = (await buildTerritory(t.database.db)).id;
    });
    after(() => t.close());
    const db = () => t.database.db;
    const audits = async (subject: string) => (await db().selectFrom('audit_log').select('action').where('subject', '=', subject).execute()).map((a) => a.action);

    /** A signed-in staff member who has just enrolled: the secret, the codes, the last step used. */
    async function enrolled(role: 'coordinator' | 'facilitator' = 'coordinator') {
      const staff = await buildStaff(db(), { territoryId, role });
      const client = await new Browser(t).logIn(staff.email, staff.password);
      const start = await client.post('/equipe/securite/double-facteur', {}, '/equipe/securite');
      assert.equal(start.statusCode, 200);
      const secret = secretOf(start.body);
      const done = await client.post('/equipe/securite/double-facteur/confirmer', { code: codeAt(secret) }, '/equipe/securite');
      assert.equal(done.statusCode, 200);
      return { staff, client, secret, codes: recoveryCodesOf(done.body) };
    }
    /** As if the clock had moved on: every step is later than the last one used. */
    const timePasses = (staffId: number) => db().updateTable('staff_second_factors').set({ last_step: 0 }).where('staff_user_id', '=', staffId).execute();

    test('enrolment: secret as text and QR code, confirmed by a valid code only, ten recovery codes shown once and stored hashed', async () => {
      const staff = await buildStaff(db(), { territoryId, role: 'facilitator' });
      const client = await new Browser(t).logIn(staff.email, staff.password);
      const page = await client.get('/equipe/securite');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Désactivée : votre mot de passe suffit/);
      const start = await client.post('/equipe/securite/double-facteur', {}, '/equipe/securite');
      const secret = secretOf(start.body);
      assert.equal(secret.length, 32, '160-bit secret in base32');
      const qr = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="Code QR[^"]*"/.exec(start.body);
      assert.ok(qr, 'the QR code is an image with a French text alternative');
      assert.match(Buffer.from(qr[1]!, 'base64').toString(), /^<svg[\s\S]*<path/);

      const wrong = await client.post('/equipe/securite/double-facteur/confirmer', { code: '000000' === codeAt(secret) ? '111111' : '000000' }, '/equipe/securite');
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /id="code-erreur"[^>]*>Ce code n’est pas valide/);
      assert.equal(secretOf(wrong.body), secret, 'the same secret is shown again');
      const off = await db().selectFrom('staff_second_factors').select(['enabled_at', 'secret', 'pending_secret']).where('staff_user_id', '=', staff.id).executeTakeFirstOrThrow();
      assert.equal(off.enabled_at, null, 'not on before a valid code');

      const done = await client.post('/equipe/securite/double-facteur/confirmer', { code: codeAt(secret) }, '/equipe/securite');
      assert.equal(done.statusCode, 200);
      const codes = recoveryCodesOf(done.body);
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      const row = await db().selectFrom('staff_second_factors').select(['enabled_at', 'secret', 'pending_secret']).where('staff_user_id', '=', staff.id).executeTakeFirstOrThrow();
      assert.ok(row.enabled_at);
      assert.equal(row.pending_secret, null);
      assert.ok(row.secret && !row.secret.includes(secret), 'the secret is not stored in clear');
      assert.equal(decryptSecret(t.config.sessionSecret, staff.id, row.secret!), secret);
      assert.equal(decryptSecret(t.config.sessionSecret, staff.id + 1, row.secret!), null, 'bound to its account');
      assert.equal(decryptSecret('another-secret-of-at-least-32-characters!!', staff.id, row.secret!), null, 'useless without SESSION_SECRET');
      const hashes = (await db().selectFrom('staff_recovery_codes').select('code_hash').where('staff_user_id', '=', staff.id).execute()).map((r) => r.code_hash);
      assert.equal(hashes.length, 10);
      for (const c of codes) assert.ok(hashes.includes(hashRecoveryCode(t.config.sessionSecret, c)) && !hashes.includes(c));
      const again = await client.get('/equipe/securite');
      assert.match(again.body, /Activée depuis le .*Codes de secours restants : 10/);
      assert.equal(recoveryCodesOf(again.body).length, 0, 'the codes are never shown again');
      assert.ok((await audits(`staff:${staff.id}`)).includes('staff.totp_enabled'));
    });

    test('sign-in then needs the code: the password alone opens no session; wrong and replayed codes are refused', async () => {
      const { staff, secret } = await enrolled();
      const browser = new Browser(t, UA_SAFARI);
      const step = await browser.password(staff.email, staff.password);
      assert.equal(step.statusCode, 303);
      assert.equal(step.headers.location, '/equipe/connexion/code');
      assert.equal(browser.jar.boutic_equipe, undefined, 'no session after the password');
      const sessionsBefore = await db().selectFrom('staff_sessions').select('id_hash').where('staff_user_id', '=', staff.id).execute();
      assert.equal((await browser.get('/equipe')).statusCode, 303, 'the back office stays closed');
      const form = await browser.get('/equipe/connexion/code');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label[^>]*for="code"/);

      const wrong = await browser.post('/equipe/connexion/code', { code: '123456' === codeAt(secret) ? '654321' : '123456' });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /Ce code n’est pas valide, ou il a déjà servi/);
      const replay = await browser.post('/equipe/connexion/code', { code: codeAt(secret) });
      assert.equal(replay.statusCode, 401, 'the code used to confirm the enrolment cannot be used again');
      assert.equal((await db().selectFrom('staff_sessions').select('id_hash').where('staff_user_id', '=', staff.id).execute()).length, sessionsBefore.length);

      const next = codeAt(secret, 1);
      const ok = await browser.post('/equipe/connexion/code', { code: next });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/equipe');
      assert.ok(browser.jar.boutic_equipe);
      assert.equal((await browser.get('/equipe')).statusCode, 200);

      const other = new Browser(t);
      await other.password(staff.email, staff.password);
      const replayed = await other.post('/equipe/connexion/code', { code: next });
      assert.equal(replayed.statusCode, 401, 'a code that opened a session cannot open another');
      assert.equal(other.jar.boutic_equipe, undefined);
    });

    test('a recovery code opens one session, once', async () => {
      const { staff, codes } = await enrolled();
      const first = new Browser(t);
      await first.password(staff.email, staff.password);
      const ok = await first.post('/equipe/connexion/code', { code: codes[3]!.toUpperCase().replace('-', ' ') });
      assert.equal(ok.statusCode, 303, 'typed in capitals with a space, it still counts');
      assert.ok(first.jar.boutic_equipe);
      const second = new Browser(t);
      await second.password(staff.email, staff.password);
      const again = await second.post('/equipe/connexion/code', { code: codes[3]! });
      assert.equal(again.statusCode, 401);
      assert.ok((await audits(`staff:${staff.id}`)).includes('staff.recovery_code_used'));
      assert.match((await first.get('/equipe/securite')).body, /Codes de secours restants : 9/);
    });

    test('the code step without a valid pending state (none, forged, expired) sends back to the password', async () => {
      const { staff, secret } = await enrolled();
      const none = new Browser(t);
      const res = await none.post('/equipe/connexion/code', { code: codeAt(secret, 1) }, '/equipe/connexion');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Le délai pour cette étape est dépassé/);
      assert.equal(none.jar.boutic_equipe, undefined);
      const forged = new Browser(t);
      forged.jar.boutic_equipe_etape = encodeURIComponent(`code:${staff.id}:${Date.now() + 60_000}.forgedsignature`);
      assert.match((await forged.get('/equipe/connexion/code')).body, /Le délai pour cette étape est dépassé/);
      const signed = t.app.signCookie(`code:${staff.id}:${Date.now() - 1000}`);
      const expired = new Browser(t);
      expired.jar.boutic_equipe_etape = encodeURIComponent(signed);
      assert.match((await expired.get('/equipe/connexion/code')).body, /Le délai pour cette étape est dépassé/);
    });

    test('turning the factor off needs a current code', async () => {
      const { staff, client, secret } = await enrolled();
      const wrong = await client.post('/equipe/securite/double-facteur/desactiver', { code: '000000' === codeAt(secret, 1) ? '111111' : '000000' }, '/equipe/securite');
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /id="code-erreur"[^>]*>Ce code n’est pas valide/);
      const ok = await client.post('/equipe/securite/double-facteur/desactiver', { code: codeAt(secret, 1) }, '/equipe/securite');
      assert.equal(ok.statusCode, 303);
      assert.equal(await db().selectFrom('staff_second_factors').select('staff_user_id').where('staff_user_id', '=', staff.id).executeTakeFirst(), undefined);
      assert.equal((await db().selectFrom('staff_recovery_codes').select('id').where('staff_user_id', '=', staff.id).execute()).length, 0);
      await new Browser(t).logIn(staff.email, staff.password); // the password alone again
      assert.ok((await audits(`staff:${staff.id}`)).includes('staff.totp_disabled'));
    });

    test('lockout: after N failures the account is locked, with the same French words as an unknown address; unlocked after the time; success resets the count', async () => {
      const n = t.config.loginLockoutFailures;
      const staff = await buildStaff(db(), { territoryId });
      const browser = new Browser(t);
      const answers: Array<{ status: number; failure: string | undefined }> = [];
      for (let i = 0; i < n; i++) {
        const res = await browser.password(staff.email, 'mauvais-mot-de-passe');
        answers.push({ status: res.statusCode, failure: failureOf(res.body) });
      }
      assert.deepEqual(answers.slice(0, n - 1).map((a) => a.status), Array(n - 1).fill(401));
      assert.equal(answers[n - 1]!.status, 429);
      const lockedWords = answers[n - 1]!.failure!;
      assert.match(lockedWords, /bloquée pendant 15 minutes/);
      const right = await browser.password(staff.email, staff.password);
      assert.equal(right.statusCode, 429, 'even the right password is refused while locked');
      assert.equal(failureOf(right.body), lockedWords);
      assert.equal(browser.jar.boutic_equipe, undefined);
      assert.ok((await audits(`staff:${staff.id}`)).includes('staff.locked'));

      const stranger = new Browser(t);
      const unknown: Array<{ status: number; failure: string | undefined }> = [];
      for (let i = 0; i <= n; i++) {
        const res = await stranger.password('personne@inconnu.fr', 'nimporte-quoi');
        unknown.push({ status: res.statusCode, failure: failureOf(res.body) });
      }
      assert.deepEqual(unknown.slice(0, n), answers, 'an unknown address gets exactly the same answers');
      assert.equal(unknown[n]!.failure, lockedWords);

      // the lock's end, without sleeping: it is moved into the past
      await db().updateTable('staff_login_throttles').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).execute();
      const wrongOnce = await browser.password(staff.email, 'encore-faux');
      assert.equal(wrongOnce.statusCode, 401, 'unlocked, the count starts again');
      await browser.logIn(staff.email, staff.password);
      const counted = async (email: string) => db().selectFrom('staff_login_throttles').select('failures').where('email_key', '=', emailKey(t.config.sessionSecret, email)).executeTakeFirst();
      assert.equal(await counted(staff.email), undefined, 'a success forgets the failures');
      assert.ok(await counted('personne@inconnu.fr'), 'the unknown address is still counted');
      for (let i = 0; i < n - 1; i++) assert.equal((await new Browser(t).password(staff.email, 'faux')).statusCode, 401, 'a success reset the count');
    });

    test('wrong second-factor codes count toward the lockout', async () => {
      const { staff, secret } = await enrolled();
      const browser = new Browser(t);
      await browser.password(staff.email, staff.password);
      const statuses: number[] = [];
      for (let i = 0; i < t.config.loginLockoutFailures; i++) statuses.push((await browser.post('/equipe/connexion/code', { code: String(100000 + i) === codeAt(secret, 1) ? '999999' : String(100000 + i) })).statusCode);
      assert.equal(statuses.at(-1), 429);
      const again = new Browser(t);
      const res = await again.password(staff.email, staff.password);
      assert.equal(res.statusCode, 429, 'the password step is locked too');
      await db().updateTable('staff_login_throttles').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).execute();
      await timePasses(staff.id);
      const unlocked = new Browser(t);
      assert.equal((await unlocked.password(staff.email, staff.password)).headers.location, '/equipe/connexion/code');
      assert.equal((await unlocked.post('/equipe/connexion/code', { code: codeAt(secret) })).statusCode, 303);
    });

    test('sessions: listed in plain words, one closed stops working at once, « Fermer toutes les autres »', async () => {
      const staff = await buildStaff(db(), { territoryId });
      const laptop = await new Browser(t, UA_FIREFOX).logIn(staff.email, staff.password);
      const phone = await new Browser(t, UA_SAFARI).logIn(staff.email, staff.password);
      const third = await new Browser(t, 'curl/8.0').logIn(staff.email, staff.password);
      const page = await laptop.get('/equipe/securite');
      assert.match(page.body, /<caption>Appareils et navigateurs connectés à votre compte<\/caption>/);
      assert.match(page.body, /<th scope="row">Firefox sur Windows<strong> \(cette session\)<\/strong><\/th>/);
      assert.match(page.body, /<th scope="row">Safari sur iPhone<\/th>/);
      assert.match(page.body, /<th scope="row">Navigateur inconnu<\/th>/);
      assert.match(page.body, /(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2}(er)? \S+ \d{4} à \d{1,2} h/);
      assert.equal([...page.body.matchAll(/>Fermer</g)].length, 3);

      const phoneHash = (await db().selectFrom('staff_sessions').select(['id_hash', 'user_agent']).where('staff_user_id', '=', staff.id).execute()).find((s) => s.user_agent === UA_SAFARI)!.id_hash;
      const outsider = await new Browser(t).logIn((await buildStaff(db(), { territoryId })).email, 'mot-de-passe-de-test');
      await outsider.post('/equipe/securite/sessions/fermer', { session: phoneHash }, '/equipe/securite');
      assert.equal((await phone.get('/equipe')).statusCode, 200, 'nobody closes another person’s session');

      const closed = await laptop.post('/equipe/securite/sessions/fermer', { session: phoneHash }, '/equipe/securite');
      assert.equal(closed.headers.location, '/equipe/securite?ferme=1');
      assert.equal((await phone.get('/equipe')).statusCode, 303, 'the closed session stops working at once');
      assert.equal((await third.get('/equipe')).statusCode, 200);

      const four = await new Browser(t).logIn(staff.email, staff.password);
      const others = await laptop.post('/equipe/securite/sessions/fermer-autres', {}, '/equipe/securite');
      assert.equal(others.headers.location, '/equipe/securite?fermees=2');
      assert.match((await laptop.get(others.headers.location as string)).body, /Sessions fermées : 2/);
      assert.equal((await third.get('/equipe')).statusCode, 303);
      assert.equal((await four.get('/equipe')).statusCode, 303);
      assert.equal((await laptop.get('/equipe')).statusCode, 200, 'this session stays open');
      const audit = await audits(`staff:${staff.id}`);
      assert.ok(audit.includes('staff.session_closed') && audit.includes('staff.sessions_closed'));
    });

    test('sessions expire after the idle time and at expires_at; the last use is written at most once a minute', async () => {
      const staff = await buildStaff(db(), { territoryId });
      const client = await new Browser(t).logIn(staff.email, staff.password);
      const mine = () => db().selectFrom('staff_sessions').select(['id_hash', 'last_seen_at']).where('staff_user_id', '=', staff.id);
      const thirtySecondsAgo = new Date(Date.now() - 30_000).toISOString();
      await db().updateTable('staff_sessions').set({ last_seen_at: thirtySecondsAgo }).where('staff_user_id', '=', staff.id).execute();
      assert.equal((await client.get('/equipe')).statusCode, 200);
      assert.equal(new Date((await mine().executeTakeFirstOrThrow()).last_seen_at).getTime(), new Date(thirtySecondsAgo).getTime(), 'not rewritten within the minute');
      await db().updateTable('staff_sessions').set({ last_seen_at: new Date(Date.now() - 5 * 60_000).toISOString() }).where('staff_user_id', '=', staff.id).execute();
      assert.equal((await client.get('/equipe')).statusCode, 200);
      assert.ok(new Date((await mine().executeTakeFirstOrThrow()).last_seen_at).getTime() > Date.now() - 10_000, 'rewritten after a minute');

      await db().updateTable('staff_sessions').set({ last_seen_at: new Date(Date.now() - (t.config.sessionIdleMinutes + 1) * 60_000).toISOString() }).where('staff_user_id', '=', staff.id).execute();
      assert.equal((await client.get('/equipe')).statusCode, 303, 'idle too long: closed');

      const fresh = await new Browser(t).logIn(staff.email, staff.password);
      await db().updateTable('staff_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('staff_user_id', '=', staff.id).execute();
      assert.equal((await fresh.get('/equipe')).statusCode, 303, 'expired: closed');
    });

    test('changing one’s password closes the other sessions; an administrator’s password reset or deactivation closes them all', async () => {
      const staff = await buildStaff(db(), { territoryId });
      const here = await new Browser(t).logIn(staff.email, staff.password);
      const there = await new Browser(t).logIn(staff.email, staff.password);
      const wrong = await here.post('/equipe/securite/mot-de-passe', { current_password: 'faux', new_password: 'un-nouveau-mot-de-passe', new_password_confirm: 'un-nouveau-mot-de-passe' }, '/equipe/securite');
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /id="current_password-erreur"[^>]*>Le mot de passe actuel est incorrect/);
      const short = await here.post('/equipe/securite/mot-de-passe', { current_password: staff.password, new_password: 'court', new_password_confirm: 'autre' }, '/equipe/securite');
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /id="new_password-erreur"[^>]*>Le mot de passe doit contenir au moins 12 caractères/);
      assert.equal((await there.get('/equipe')).statusCode, 200, 'nothing changed by a refused form');
      const ok = await here.post('/equipe/securite/mot-de-passe', { current_password: staff.password, new_password: 'un-nouveau-mot-de-passe', new_password_confirm: 'un-nouveau-mot-de-passe' }, '/equipe/securite');
      assert.equal(ok.statusCode, 303);
      assert.equal((await there.get('/equipe')).statusCode, 303, 'the other session is closed');
      assert.equal((await here.get('/equipe')).statusCode, 200, 'this one stays');
      await new Browser(t).logIn(staff.email, 'un-nouveau-mot-de-passe');

      const coordinator = await buildStaff(db(), { territoryId, role: 'coordinator' });
      const elected = await buildStaff(db(), { territoryId, role: 'elected', name: 'Élu Test' });
      const planner = await new Browser(t).logIn(coordinator.email, coordinator.password);
      const electedSession = await new Browser(t).logIn(elected.email, elected.password);
      const reset = await planner.post(`/equipe/elus/${elected.id}`, { name: 'Élu Test', email: elected.email, active: '1', password: 'mot-de-passe-remis-a-zero' });
      assert.equal(reset.statusCode, 303);
      assert.equal((await electedSession.get('/equipe')).statusCode, 303, 'a password reset signs the account out');
      const again = await new Browser(t).logIn(elected.email, 'mot-de-passe-remis-a-zero');
      const off = await planner.post(`/equipe/elus/${elected.id}`, { name: 'Élu Test', email: elected.email });
      assert.equal(off.statusCode, 303);
      assert.equal((await again.get('/equipe')).statusCode, 303, 'deactivation signs the account out');
    });

    test('every route of the page is closed to anonymous visitors', async () => {
      for (const url of ['/equipe/securite']) assert.equal((await t.app.inject({ url })).headers.location, '/equipe/connexion');
      const anon = new Browser(t);
      for (const url of ['/equipe/securite/double-facteur', '/equipe/securite/double-facteur/confirmer', '/equipe/securite/double-facteur/desactiver', '/equipe/securite/sessions/fermer', '/equipe/securite/sessions/fermer-autres', '/equipe/securite/mot-de-passe']) {
        const res = await anon.post(url, { code: '123456', session: 'a'.repeat(64) }, '/equipe/connexion');
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, '/equipe/connexion', url);
      }
    });
  });

  describe(`administrators must enrol when ADMIN_TOTP_REQUIRED, on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    before(async () => {
      t = await createTestApp(tier, { LOGIN_RATE_LIMIT: '1000', ADMIN_TOTP_REQUIRED: 'true' });
      territoryId = (await buildTerritory(t.database.db)).id;
    });
    after(() => t.close());

    test('after the password an administrator reaches only the enrolment page; the session opens once it is done', async () => {
      const admin = await buildStaff(t.database.db, { territoryId, role: 'administrator' });
      const browser = new Browser(t);
      const step = await browser.password(admin.email, admin.password);
      assert.equal(step.headers.location, '/equipe/connexion/activation');
      assert.equal(browser.jar.boutic_equipe, undefined);
      for (const url of ['/equipe', '/equipe/securite', '/equipe/seances']) assert.equal((await browser.get(url)).statusCode, 303, `${url} stays closed`);
      const page = await browser.get('/equipe/connexion/activation');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Les comptes administrateurs doivent utiliser une application d’authentification/);
      const secret = secretOf(page.body);
      const wrong = await browser.post('/equipe/connexion/activation', { code: '000000' === codeAt(secret) ? '111111' : '000000' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(browser.jar.boutic_equipe, undefined);
      const done = await browser.post('/equipe/connexion/activation', { code: codeAt(secret) });
      assert.equal(done.statusCode, 200);
      assert.equal(recoveryCodesOf(done.body).length, 10);
      assert.ok(browser.jar.boutic_equipe);
      assert.equal((await browser.get('/equipe')).statusCode, 200);
      const security = await browser.get('/equipe/securite');
      assert.match(security.body, /Obligatoire pour les administrateurs/);
      assert.doesNotMatch(security.body, /Désactiver la vérification/);
      const refused = await browser.post('/equipe/securite/double-facteur/desactiver', { code: codeAt(secret, 1) }, '/equipe/securite');
      assert.equal(refused.statusCode, 403);
      // next time: the code step, as for everyone with the factor on
      const later = new Browser(t);
      assert.equal((await later.password(admin.email, admin.password)).headers.location, '/equipe/connexion/code');
    });

    test('other roles sign in with their password alone', async () => {
      const coordinator = await buildStaff(t.database.db, { territoryId, role: 'coordinator' });
      const browser = await new Browser(t).logIn(coordinator.email, coordinator.password);
      assert.equal((await browser.get('/equipe')).statusCode, 200);
    });
  });
}
