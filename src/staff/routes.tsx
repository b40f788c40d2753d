import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import { fields, parseForm, type FormValues } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { STAFF_COOKIE } from '../platform/auth/sessions.js';
import { logIn, logInWithCode, logInWithEnrolment, logOut } from './commands.js';
import { pendingSecret } from './second-factor.js';
import { CodeStepPage, EnrolAtSignInPage, RecoveryCodesPage } from './security-views.js';
import { clearPendingStep, enrolmentOf, pendingStep, setPendingStep, setSessionCookie, signInSettings } from './sign-in-steps.js';
import { staffSecurityRoutes } from './security-routes.js';
import { BackOfficeHome, LoginPage } from './views.js';

const loginForm = z.object({ email: fields.email(), password: fields.password() });
const codeForm = z.object({ code: fields.text(40) });

export const staffRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;

  const showLogin = (reply: FastifyReply, values: FormValues, errors: FieldErrors, status = 200, failure?: string, notice?: string) =>
    reply.page(t('login.title'), <LoginPage csrf={reply.generateCsrf()} values={values} errors={errors} failure={failure} />, { status, notice });

  app.get('/equipe/connexion', async (request, reply) => {
    if (request.staff) return reply.redirect('/equipe', 303);
    const query = request.query as Record<string, unknown>;
    const territory = query.installe === '1' ? await request.territory() : null;
    const notice = query.deconnecte === '1' ? t('login.logged_out') : territory ? t('setup.done', { territory: territory.name }) : undefined;
    return showLogin(reply, {}, {}, 200, undefined, notice);
  });

  const loginRateLimit = {
    rateLimit: {
      max: config.loginRateLimit,
      timeWindow: '1 minute',
      errorResponseBuilder: () => ({ statusCode: 429, code: 'RATE_LIMITED', messageKey: 'login.rate_limited', message: t('login.rate_limited') }),
    },
  };
  const lockedMessage = () => t('login.locked', { minutes: config.loginLockoutMinutes });

  app.post('/equipe/connexion', { config: loginRateLimit }, async (request, reply) => {
    const form = parseForm(loginForm, request.body);
    if (!form.ok) return showLogin(reply, form.values, form.errors, 400);
    const result = await logIn(database.db, { ...form.data, ...(await signInSettings(config, request)) });
    const email = { email: form.values.email ?? '' };
    switch (result.kind) {
      case 'refused':
        // the same words for an unknown address as for a known one, locked or not
        return showLogin(reply, email, {}, result.code === 'staff.locked' ? 429 : 401, result.code === 'staff.locked' ? lockedMessage() : t('login.failed'));
      case 'second_factor':
        setPendingStep(reply, config, 'code', result.staffUserId);
        return reply.redirect('/equipe/connexion/code', 303);
      case 'enrolment':
        setPendingStep(reply, config, 'enrol', result.staffUserId);
        return reply.redirect('/equipe/connexion/activation', 303);
      case 'session':
        setSessionCookie(reply, config, result);
        return reply.redirect('/equipe', 303);
    }
  });

  const stepExpired = (reply: FastifyReply) => {
    clearPendingStep(reply);
    return showLogin(reply, {}, {}, 200, undefined, t('login.step_expired'));
  };
  const showCode = (reply: FastifyReply, errors: FieldErrors, status = 200, failure?: string) =>
    reply.page(t('login.code.title'), <CodeStepPage csrf={reply.generateCsrf()} errors={failure ? { code: failure } : errors} />, { status });

  app.get('/equipe/connexion/code', async (request, reply) => {
    if (pendingStep(request, 'code') === null) return stepExpired(reply);
    return showCode(reply, {});
  });

  app.post('/equipe/connexion/code', { config: loginRateLimit }, async (request, reply) => {
    const staffUserId = pendingStep(request, 'code');
    if (staffUserId === null) return stepExpired(reply);
    const form = parseForm(codeForm, request.body);
    if (!form.ok) return showCode(reply, form.errors, 400);
    const result = await logInWithCode(database.db, { staffUserId, code: form.data.code, ...(await signInSettings(config, request)) });
    if (result.kind === 'refused') {
      if (result.code === 'staff.locked') {
        clearPendingStep(reply);
        return showLogin(reply, {}, {}, 429, lockedMessage());
      }
      return showCode(reply, {}, 401, t('login.code.failed'));
    }
    clearPendingStep(reply);
    setSessionCookie(reply, config, result);
    return reply.redirect('/equipe', 303);
  });

  const showEnrolment = async (request: FastifyRequest, reply: FastifyReply, staffUserId: number, errors: FieldErrors, status = 200) => {
    const secret = await pendingSecret(database.db, config.sessionSecret, staffUserId);
    const user = await database.db.selectFrom('staff_users').select('email').where('id', '=', staffUserId).where('active', '=', 1).executeTakeFirst();
    if (!secret || !user) return stepExpired(reply);
    const territory = await request.territory();
    const enrolment = await enrolmentOf(secret, user.email, territory?.programme_name ?? 'Boutic');
    return reply.page(t('login.enrol.title'), <EnrolAtSignInPage csrf={reply.generateCsrf()} enrolment={enrolment} errors={errors} />, { status });
  };

  app.get('/equipe/connexion/activation', async (request, reply) => {
    const staffUserId = pendingStep(request, 'enrol');
    if (staffUserId === null) return stepExpired(reply);
    return showEnrolment(request, reply, staffUserId, {});
  });

  app.post('/equipe/connexion/activation', { config: loginRateLimit }, async (request, reply) => {
    const staffUserId = pendingStep(request, 'enrol');
    if (staffUserId === null) return stepExpired(reply);
    const form = parseForm(codeForm, request.body);
    if (!form.ok) return showEnrolment(request, reply, staffUserId, form.errors, 400);
    const result = await logInWithEnrolment(database.db, { staffUserId, code: form.data.code, ...(await signInSettings(config, request)) });
    if (result.kind === 'refused') {
      if (result.code === 'staff.locked') {
        clearPendingStep(reply);
        return showLogin(reply, {}, {}, 429, lockedMessage());
      }
      return showEnrolment(request, reply, staffUserId, { code: t('security.totp.bad_code') }, 400);
    }
    clearPendingStep(reply);
    setSessionCookie(reply, config, result);
    return reply.page(t('security.totp.codes_heading'), <RecoveryCodesPage codes={result.recoveryCodes} next="home" />);
  });

  app.post('/equipe/deconnexion', async (request, reply) => {
    if (request.staff) await logOut(database.db, request.staff);
    reply.clearCookie(STAFF_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    return reply.redirect('/equipe/connexion?deconnecte=1', 303);
  });

  await app.register(staffSecurityRoutes);

  app.get('/equipe', async (request, reply) => {
    if (!request.staff) return reply.redirect('/equipe/connexion', 303);
    return reply.page(t('backoffice.title'), <BackOfficeHome staff={request.staff} />);
  });
};
