import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { FormValues } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { requirePlanner } from '../../planning/ui.js';
import { currentQuestionnaire, publishQuestionnaire, type QuestionnaireVersion } from './commands.js';
import { editorValues, parseEditor, type Catalogue } from './editor-form.js';
import { EditorPage } from './editor-views.js';

/** The coordinator's editor of the questionnaire (`/equipe/diagnostic`): a save publishes a new version. */
export const editorRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;

  const catalogueOf = async (territoryId: number): Promise<Catalogue> => {
    const rows = await db.selectFrom('workshops').select(['slug', 'theme']).where('territory_id', '=', territoryId).orderBy('slug').execute();
    return { slugs: rows.map((r) => r.slug), themes: [...new Set(rows.map((r) => r.theme))].sort() };
  };

  const show = async (reply: FastifyReply, territoryId: number, version: QuestionnaireVersion, values: FormValues, errors: FieldErrors, status = 200, notice?: string) => {
    const [catalogue, answered] = await Promise.all([
      catalogueOf(territoryId),
      db.selectFrom('diagnostic_results').select((eb) => eb.fn.countAll().as('n')).where('questionnaire_id', '=', version.id).executeTakeFirstOrThrow(),
    ]);
    const view = { q: version.questionnaire, version: version.version, publishedAt: version.published_at, answered: Number(answered.n), catalogue };
    return reply.page(t('diagnostic.editor.title'), <EditorPage view={view} csrf={reply.generateCsrf()} values={values} errors={errors} notice={notice} />, { status });
  };

  app.get('/equipe/diagnostic', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const version = await currentQuestionnaire(db, planner.territory.id);
    const published = Number((request.query as Record<string, unknown>).publie);
    const notice = Number.isSafeInteger(published) && published > 0 ? t('diagnostic.editor.saved', { version: String(published) }) : undefined;
    return show(reply, planner.territory.id, version, editorValues(version.questionnaire, version.version), {}, 200, notice);
  });

  app.post('/equipe/diagnostic', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const version = await currentQuestionnaire(db, planner.territory.id);
    const form = parseEditor(version.questionnaire, await catalogueOf(planner.territory.id), request.body);
    if (!form.ok) return show(reply, planner.territory.id, version, form.values, form.errors, 400);
    const published = await publishQuestionnaire(db, { territoryId: planner.territory.id, staffId: planner.actor.staffId, basedOn: form.data.basedOn, questionnaire: form.data.questionnaire });
    if (!published) return show(reply, planner.territory.id, version, form.values, { _form: t('diagnostic.editor.error.stale', { version: String(version.version) }) }, 409);
    return reply.redirect(`/equipe/diagnostic?publie=${published.version}`, 303);
  });
};
