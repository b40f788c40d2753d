import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { formValues, idOf } from '../../platform/forms.js';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import { queryOf, requirePlanner, type Planner } from '../../planning/ui.js';
import { cancelSession } from '../../planning/sessions/commands.js';
import { goNoGoMessage, keepSession, mergeSession, type GoNoGoError } from './commands.js';
import { goNoGoBoard } from './queries.js';
import { fieldId, GoNoGoPage } from './views.js';

const BOARD = '/equipe/maintien';

/**
 * Go / no-go on thin sessions (issue 6): the coordination's board of sessions under their minimum
 * a few days before, and its three decisions. Coordinators and administrators only (requirePlanner).
 */
export const goNoGoRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const days = () => app.deps.config.goNoGoDays;

  /** The board, with a decision's errors beside the fields of its session (status 4xx) or a notice. */
  const showBoard = async (reply: FastifyReply, planner: Planner, input: { errors?: FieldErrors; values?: Record<string, string>; status?: number; notice?: string } = {}) => {
    const board = await goNoGoBoard(db, planner.territory.id, days());
    return reply.page(t('gonogo.title'), <GoNoGoPage board={board} days={days()} csrf={reply.generateCsrf()} errors={input.errors} values={input.values} />, {
      status: input.status ?? 200,
      notice: input.notice,
    });
  };

  /** A refusal shown on the board: beside the field it concerns, else at the top. */
  const refused = (reply: FastifyReply, planner: Planner, sessionId: number, error: GoNoGoError, values: Record<string, string> = {}) => {
    const field = error.code.startsWith('target') ? fieldId('target', sessionId) : '_form';
    return showBoard(reply, planner, { errors: { [field]: goNoGoMessage(error) }, values, status: error.code === 'target_full' ? 409 : error.code === 'unknown' ? 404 : 400 });
  };

  app.get(BOARD, async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const q = queryOf(request);
    const notice =
      q.maintenue !== undefined
        ? t('gonogo.keep.done')
        : q.regroupee !== undefined
          ? t('gonogo.merge.done', { count: Number(q.regroupee) || 0 })
          : q.annulee !== undefined
            ? t('gonogo.cancel.done', { count: Number(q.annulee) || 0 })
            : undefined;
    return showBoard(reply, planner, { notice });
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id/maintien', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const result = await keepSession(db, planner.actor, id);
    if (!result.ok) return result.error.code === 'unknown' ? reply.callNotFound() : refused(reply, planner, id, result.error);
    return reply.redirect(`${BOARD}?maintenue=${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/equipe/seances/:id/regroupement', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const values = formValues(request.body);
    const kept = { [fieldId('target', id)]: values.target ?? '' };
    if (!(values.target ?? '').trim()) return refused(reply, planner, id, { code: 'target_required' }, kept);
    const targetId = idOf(values.target);
    if (targetId === null) return refused(reply, planner, id, { code: 'target_unknown' }, kept);
    const result = await mergeSession(db, planner.actor, { sessionId: id, targetId });
    if (!result.ok) return result.error.code === 'unknown' ? reply.callNotFound() : refused(reply, planner, id, result.error, kept);
    return reply.redirect(`${BOARD}?regroupee=${result.value.moved}`, 303);
  });

  // The planning's own cancel route (/equipe/seances/:id/annulation) answers with the session's
  // edit form; this one runs the same command (cancelSession) and answers with the board.
  app.post<{ Params: { id: string } }>('/equipe/seances/:id/annulation-maintien', async (request, reply) => {
    const planner = await requirePlanner(request, reply);
    if (!planner) return reply;
    const id = idOf(request.params.id);
    if (id === null) return reply.callNotFound();
    const values = formValues(request.body);
    const reason = (values.reason ?? '').trim();
    const field = fieldId('reason', id);
    const kept = { [field]: values.reason ?? '' };
    if (!reason) return showBoard(reply, planner, { errors: { [field]: t('validation.required') }, values: kept, status: 400 });
    if (reason.length > 500) return showBoard(reply, planner, { errors: { [field]: t('validation.too_long', { max: 500 }) }, values: kept, status: 400 });
    const result = await cancelSession(db, planner.actor, id, reason);
    if (!result.ok) {
      if (result.errors._form === t('planning.error.session_unknown')) return reply.callNotFound();
      return showBoard(reply, planner, { errors: result.errors, values: kept, status: 400 });
    }
    return reply.redirect(`${BOARD}?annulee=${result.value.affected}`, 303);
  });
};
