import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FormValues } from '../../platform/forms.js';
import { MessageBody } from '../../platform/http/errors.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import type { CurrentTerritory } from '../../platform/programme.js';
import { participantOfRequest } from '../../registration/tokens.js';
import { attachResult, currentQuestionnaire, keepResult, recordDiagnostic } from './commands.js';
import { editorRoutes } from './editor-routes.js';
import { parseDiagnostic, parseKeep } from './form.js';
import { resultPath } from './mails.js';
import { previousResult, recommendationsFor, resultByToken, type StoredResult } from './queries.js';
import { DiagnosticFormPage, ResultPage } from './views.js';

/**
 * The self-diagnostic, without an account: the questionnaire (`/diagnostic`), its result reached
 * by a link (`/diagnostic/resultat/<token>`), kept by e-mail; the coordinator's editor is in
 * editor-routes.tsx.
 */
export const diagnosticRoutes: FastifyPluginAsync = async (app) => {
  await app.register(editorRoutes);
  const { config, database } = app.deps;
  const db = database.db;
  const formLimit = { rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } };

  const communesOf = (territoryId: number) => db.selectFrom('communes').select(['insee_code', 'name']).where('territory_id', '=', territoryId).orderBy('name').execute();

  const showForm = async (reply: FastifyReply, territory: CurrentTerritory, values: FormValues, errors: FieldErrors, status = 200) => {
    const [version, communes] = await Promise.all([currentQuestionnaire(db, territory.id), communesOf(territory.id)]);
    return reply.page(t('diagnostic.title'), <DiagnosticFormPage q={version.questionnaire} communes={communes} csrf={reply.generateCsrf()} values={values} errors={errors} />, { status });
  };

  app.get('/diagnostic', async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    return showForm(reply, territory, {}, {});
  });

  app.post('/diagnostic', { config: formLimit }, async (request, reply) => {
    const territory = await request.territory();
    if (!territory) return reply.callNotFound();
    const version = await currentQuestionnaire(db, territory.id);
    const form = parseDiagnostic(version.questionnaire, request.body);
    if (!form.ok) return showForm(reply, territory, form.values, form.errors, 400);
    const commune = form.data.commune ? await db.selectFrom('communes').select('insee_code').where('territory_id', '=', territory.id).where('insee_code', '=', form.data.commune).executeTakeFirst() : null;
    if (form.data.commune && !commune) return showForm(reply, territory, form.values, { commune: t('diagnostic.error.commune') }, 400);
    // a leader signed in to « Mes inscriptions » keeps the result at once
    const signedIn = await participantOfRequest(request);
    const participant = signedIn ? await db.selectFrom('participants').select('id').where('id', '=', signedIn).where('territory_id', '=', territory.id).executeTakeFirst() : undefined;
    const { token } = await recordDiagnostic(db, { territoryId: territory.id, version, answers: form.data.answers, communeCode: commune?.insee_code ?? null, participantId: participant?.id ?? null });
    return reply.redirect(resultPath(token), 303);
  });

  /** The result a link points to, or the 404 page that says the link is unknown. */
  const loadResult = async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
    const territory = await request.territory();
    const result = territory ? await resultByToken(db, territory.id, request.params.token) : undefined;
    if (!territory || !result) {
      await reply.header('referrer-policy', 'no-referrer').page(t('diagnostic.unknown.title'), <MessageBody title={t('diagnostic.unknown.title')} text={t('diagnostic.unknown.body')} />, { status: 404 });
      return null;
    }
    return { territory, result };
  };

  const showResult = async (reply: FastifyReply, token: string, result: StoredResult, options: { email?: string; errors?: FieldErrors; sent?: boolean; attached?: boolean; status?: number } = {}) => {
    const [previous, recommendations] = await Promise.all([previousResult(db, result), recommendationsFor(db, result.territory_id, result.questionnaire, result.scores, result.commune_code)]);
    const view = {
      token,
      takenAt: result.created_at,
      q: result.questionnaire,
      scores: result.scores,
      previous: previous ? { takenAt: previous.created_at, scores: previous.scores } : null,
      recommendations,
    };
    // the link is a secret: never let it leak to another site through the Referer
    return reply
      .header('referrer-policy', 'no-referrer')
      .page(t('diagnostic.result.title'), <ResultPage view={view} csrf={reply.generateCsrf()} email={options.email} errors={options.errors ?? {}} sent={options.sent ?? false} attached={options.attached ?? false} />, { status: options.status ?? 200 });
  };

  app.get<{ Params: { token: string } }>('/diagnostic/resultat/:token', async (request, reply) => {
    const found = await loadResult(request, reply);
    if (!found) return reply;
    const query = request.query as Record<string, unknown>;
    // the link mailed to a known participant: tie the result to them, then drop the one-time token from the address bar
    if (typeof query.garder === 'string') {
      const attached = await attachResult(db, { territoryId: found.territory.id, resultId: found.result.id, keepToken: query.garder });
      return reply.header('referrer-policy', 'no-referrer').redirect(`${resultPath(request.params.token)}${attached ? '?garde=1' : ''}`, 303);
    }
    return showResult(reply, request.params.token, found.result, { sent: query.envoye === '1', attached: query.garde === '1' && found.result.participant_id !== null });
  });

  app.post<{ Params: { token: string } }>('/diagnostic/resultat/:token/garder', { config: formLimit }, async (request, reply) => {
    const found = await loadResult(request, reply);
    if (!found) return reply;
    const form = parseKeep(request.body);
    if (!form.ok) return showResult(reply, request.params.token, found.result, { email: form.values.email, errors: form.errors, status: 400 });
    const ctx = { baseUrl: found.territory.base_url, programmeName: found.territory.programme_name ?? t('app.name'), territoryId: found.territory.id };
    await keepResult(db, ctx, { resultId: found.result.id, token: request.params.token, email: form.data.email });
    // the same answer whether the address is known or not
    return reply.redirect(`${resultPath(request.params.token)}?envoye=1#garder`, 303);
  });
};
