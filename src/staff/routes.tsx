import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import { fields, parseForm, type FormValues } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { STAFF_COOKIE } from '../platform/auth/sessions.js';
import { logIn, logOut } from './commands.js';
import { BackOfficeHome, LoginPage } from './views.js';

const loginForm = z.object({ email: fields.email(), password: fields.password() });

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

  app.post(
    '/equipe/connexion',
    {
      config: {
        rateLimit: {
          max: config.loginRateLimit,
          timeWindow: '1 minute',
          errorResponseBuilder: () => ({ statusCode: 429, code: 'RATE_LIMITED', messageKey: 'login.rate_limited', message: t('login.rate_limited') }),
        },
      },
    },
    async (request, reply) => {
      const form = parseForm(loginForm, request.body);
      if (!form.ok) return showLogin(reply, form.values, form.errors, 400);
      const result = await logIn(database.db, { ...form.data, ttlHours: config.sessionTtlHours, userAgent: request.headers['user-agent'] });
      if (!result.ok) return showLogin(reply, { email: form.values.email ?? '' }, {}, 401, t('login.failed'));
      reply.setCookie(STAFF_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        signed: true,
        expires: result.expiresAt,
      });
      return reply.redirect('/equipe', 303);
    },
  );

  app.post('/equipe/deconnexion', async (request, reply) => {
    if (request.staff) await logOut(database.db, request.staff);
    reply.clearCookie(STAFF_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    return reply.redirect('/equipe/connexion?deconnecte=1', 303);
  });

  app.get('/equipe', async (request, reply) => {
    if (!request.staff) return reply.redirect('/equipe/connexion', 303);
    return reply.page(t('backoffice.title'), <BackOfficeHome staff={request.staff} />);
  });
};
