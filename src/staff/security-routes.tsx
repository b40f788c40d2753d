import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import { fields, parseForm } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { listStaffSessions, STAFF_COOKIE, type StaffPrincipal } from '../platform/auth/sessions.js';
import { pendingSecret, unusedRecoveryCodes } from './second-factor.js';
import { beginEnrolment, changeOwnPassword, closeOtherSessions, closeOwnSession, disableSecondFactor, enableSecondFactor } from './security-commands.js';
import { EnrolPage, RecoveryCodesPage, SecurityPage } from './security-views.js';
import { enrolmentOf } from './sign-in-steps.js';

const codeForm = z.object({ code: fields.text(40) });
const sessionForm = z.object({ session: z.string().regex(/^[0-9a-f]{64}$/) });
const passwordForm = z
  .object({
    current_password: fields.password(),
    new_password: z.string({ error: t('validation.required') }).min(12, t('validation.password_short')).max(500, t('validation.too_long', { max: 500 })),
    new_password_confirm: z.string({ error: t('validation.required') }),
  })
  .refine((f) => f.new_password === f.new_password_confirm, { path: ['new_password_confirm'], message: t('validation.password_mismatch') });

/** « Sécurité de mon compte » (/equipe/securite): every staff member's second factor, sessions and password. */
export const staffSecurityRoutes: FastifyPluginAsync = async (app) => {
  const { config, database } = app.deps;
  const db = database.db;
  const required = (staff: StaffPrincipal) => staff.role === 'administrator' && config.adminTotpRequired;

  async function showSecurity(reply: FastifyReply, staff: StaffPrincipal, errors: FieldErrors = {}, status = 200, notice?: string) {
    const factor = await db.selectFrom('staff_second_factors').select('enabled_at').where('staff_user_id', '=', staff.id).executeTakeFirst();
    const data = {
      totp: factor?.enabled_at ? { enabledAt: factor.enabled_at, recoveryLeft: await unusedRecoveryCodes(db, staff.id) } : null,
      totpRequired: required(staff),
      sessions: await listStaffSessions(db, staff.id, { idleMinutes: config.sessionIdleMinutes }),
      currentHash: staff.sessionHash,
      idleMinutes: config.sessionIdleMinutes,
    };
    return reply.page(t('security.title'), <SecurityPage csrf={reply.generateCsrf()} data={data} errors={errors} />, { status, notice });
  }

  async function showEnrolment(request: FastifyRequest, reply: FastifyReply, staff: StaffPrincipal, secret: string, errors: FieldErrors = {}, status = 200) {
    const territory = await request.territory();
    const enrolment = await enrolmentOf(secret, staff.email, territory?.programme_name ?? 'Boutic');
    return reply.page(t('security.totp.heading'), <EnrolPage csrf={reply.generateCsrf()} enrolment={enrolment} errors={errors} />, { status });
  }

  const signIn = (reply: FastifyReply) => reply.redirect('/equipe/connexion', 303);

  app.get('/equipe/securite', async (request, reply) => {
    if (!request.staff) return signIn(reply);
    const q = request.query as Record<string, unknown>;
    const closed = typeof q.fermees === 'string' && /^\d{1,4}$/.test(q.fermees) ? Number(q.fermees) : null;
    const notice =
      q.ferme === '1' ? t('security.sessions.closed')
      : closed !== null ? t('security.sessions.closed_others', { count: closed })
      : q.mdp === '1' ? t('security.password.changed')
      : q.desactive === '1' ? t('security.totp.disabled')
      : undefined;
    return showSecurity(reply, request.staff, {}, 200, notice);
  });

  app.post('/equipe/securite/double-facteur', async (request, reply) => {
    if (!request.staff) return signIn(reply);
    const secret = await beginEnrolment(db, request.staff, config.sessionSecret);
    return showEnrolment(request, reply, request.staff, secret);
  });

  app.post('/equipe/securite/double-facteur/confirmer', async (request, reply) => {
    const staff = request.staff;
    if (!staff) return signIn(reply);
    const secret = await pendingSecret(db, config.sessionSecret, staff.id);
    if (!secret) return showSecurity(reply, staff, {}, 409, t('security.totp.no_pending'));
    const form = parseForm(codeForm, request.body);
    if (!form.ok) return showEnrolment(request, reply, staff, secret, form.errors, 400);
    const codes = await enableSecondFactor(db, staff, { sessionSecret: config.sessionSecret, code: form.data.code });
    if (!codes) return showEnrolment(request, reply, staff, secret, { code: t('security.totp.bad_code') }, 400);
    return reply.page(t('security.totp.codes_heading'), <RecoveryCodesPage codes={codes} next="security" />);
  });

  app.post('/equipe/securite/double-facteur/desactiver', async (request, reply) => {
    const staff = request.staff;
    if (!staff) return signIn(reply);
    const form = parseForm(codeForm, request.body);
    if (!form.ok) return showSecurity(reply, staff, form.errors, 400);
    const result = await disableSecondFactor(db, staff, { sessionSecret: config.sessionSecret, code: form.data.code, adminTotpRequired: config.adminTotpRequired });
    if (result === 'required') return showSecurity(reply, staff, {}, 403, t('security.totp.required'));
    if (result === 'bad_code') return showSecurity(reply, staff, { code: t('security.totp.bad_code') }, 400);
    return reply.redirect('/equipe/securite?desactive=1', 303);
  });

  app.post('/equipe/securite/sessions/fermer', async (request, reply) => {
    const staff = request.staff;
    if (!staff) return signIn(reply);
    const form = parseForm(sessionForm, request.body);
    // not one's own, already closed or malformed: the same answer, the list as it is now
    if (!form.ok || !(await closeOwnSession(db, staff, form.data.session))) return reply.redirect('/equipe/securite', 303);
    if (form.data.session === staff.sessionHash) {
      reply.clearCookie(STAFF_COOKIE, { path: '/' });
      return reply.redirect('/equipe/connexion?deconnecte=1', 303);
    }
    return reply.redirect('/equipe/securite?ferme=1', 303);
  });

  app.post('/equipe/securite/sessions/fermer-autres', async (request, reply) => {
    const staff = request.staff;
    if (!staff) return signIn(reply);
    const closed = await closeOtherSessions(db, staff);
    return reply.redirect(`/equipe/securite?fermees=${closed}`, 303);
  });

  app.post('/equipe/securite/mot-de-passe', async (request, reply) => {
    const staff = request.staff;
    if (!staff) return signIn(reply);
    const form = parseForm(passwordForm, request.body);
    if (!form.ok) return showSecurity(reply, staff, form.errors, 400);
    const result = await changeOwnPassword(db, staff, { current: form.data.current_password, next: form.data.new_password, wrongCurrent: t('security.password.wrong_current') });
    if (!result.ok) return showSecurity(reply, staff, result.errors, 400);
    return reply.redirect('/equipe/securite?mdp=1', 303);
  });
};
