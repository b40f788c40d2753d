import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import { fields, parseForm, type FormValues } from '../platform/forms.js';
import type { FieldErrors } from '../platform/layout/forms.js';
import { officialDepartments, officialEpci, officialEpcisOfDepartment, releaseOfficialData } from '../territory/official.js';
import { completeSetup, SetupAlreadyDoneError } from './commands.js';
import { SetupPage } from './views.js';

const setupForm = z
  .object({
    departement: z.string().optional(),
    epci: z.string({ error: t('validation.epci_unknown') }).refine((code) => !!officialEpci(code), t('validation.epci_unknown')),
    programme: fields.text(120),
    funder: fields.text(120),
    name: fields.text(120),
    email: fields.email(),
    password: z.string({ error: t('validation.required') }).min(12, t('validation.password_short')).max(500, t('validation.too_long', { max: 500 })),
    password_confirm: z.string({ error: t('validation.required') }),
  })
  .refine((f) => f.password === f.password_confirm, { path: ['password_confirm'], message: t('validation.password_mismatch') });

/** First run: exists only while no staff account does. */
export const setupRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const setupDone = async () => !!(await db.selectFrom('staff_users').select('id').limit(1).executeTakeFirst());

  const show = (reply: FastifyReply, department: string | undefined, values: FormValues, errors: FieldErrors, status = 200) => {
    const departments = officialDepartments();
    const known = department && departments.some((d) => d.code === department) ? department : undefined;
    const allErrors = department && !known ? { ...errors, departement: t('validation.department_unknown') } : errors;
    return reply.page(
      t('setup.title'),
      <SetupPage
        csrf={reply.generateCsrf()}
        departments={departments}
        department={known}
        epcis={known ? officialEpcisOfDepartment(known) : []}
        values={values}
        errors={allErrors}
      />,
      { status: department && !known ? 400 : status },
    );
  };

  app.get('/mise-en-route', async (request, reply) => {
    if (await setupDone()) return reply.redirect('/equipe/connexion', 303);
    const department = (request.query as Record<string, unknown>).departement;
    return show(reply, typeof department === 'string' && department ? department : undefined, {}, {});
  });

  // public until the first administrator exists: limited like every public form
  app.post('/mise-en-route', { config: { rateLimit: { max: app.deps.config.formRateLimit, timeWindow: '1 minute' } } }, async (request, reply) => {
    if (await setupDone()) return reply.redirect('/equipe/connexion', 303);
    const form = parseForm(setupForm, request.body);
    if (!form.ok) return show(reply, form.values.departement, form.values, form.errors, 400);
    const d = form.data;
    try {
      const result = await completeSetup(db, { epciCode: d.epci, programmeName: d.programme, funder: d.funder, adminName: d.name, adminEmail: d.email, password: d.password });
      releaseOfficialData();
      request.log.info({ territory: result.territoryName, communes: result.communeCount }, 'setup completed');
      return reply.redirect('/equipe/connexion?installe=1', 303);
    } catch (error) {
      if (error instanceof SetupAlreadyDoneError) return reply.redirect('/equipe/connexion', 303);
      throw error;
    }
  });
};
