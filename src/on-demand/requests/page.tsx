import type { FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/layout/forms.js';
import type { CurrentTerritory } from '../../platform/programme.js';
import { pollForRequest } from '../polls/queries.js';
import { PollAnswerForm } from '../polls/views.js';
import { requestDetails, type RequestDetails } from './queries.js';
import { requestOfToken } from './tokens.js';
import { RequestPage } from './views.js';

/** The request a link opens (within the instance's territory), or null. */
export async function requestByToken(request: FastifyRequest<{ Params: { token: string } }>): Promise<{ territory: CurrentTerritory; details: RequestDetails } | null> {
  const db = request.server.deps.database.db;
  const territory = await request.territory();
  const id = territory ? await requestOfToken(db, request.params.token) : null;
  const details = territory && id !== null ? await requestDetails(db, territory.id, id) : undefined;
  return territory && details ? { territory, details } : null;
}

export const unknownLink = (reply: FastifyReply) => reply.page(t('ondemand.link.invalid.title'), <p>{t('ondemand.link.invalid')}</p>, { status: 404 });

/** The requester's page: their request, and the poll on dates when there is one. */
export async function showRequest(reply: FastifyReply, found: { details: RequestDetails }, token: string, extra: { status?: number; notice?: string | undefined; errors?: FieldErrors } = {}) {
  const poll = found.details.status === 'open' ? await pollForRequest(reply.server.deps.database.db, found.details.id) : null;
  const csrf = reply.generateCsrf();
  return reply.page(
    t('ondemand.follow.title', { what: found.details.workshop_title ?? found.details.topic ?? '' }),
    <RequestPage r={found.details} csrf={csrf} token={token}>
      {poll ? <PollAnswerForm poll={poll} token={token} csrf={csrf} errors={extra.errors ?? {}} /> : null}
    </RequestPage>,
    { status: extra.status ?? 200, notice: extra.notice },
  );
}
