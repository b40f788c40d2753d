import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { readUnsubscribeToken, unsubscribe } from './unsubscribe.js';
import { MessageBody } from '../platform/http/errors.js';

/**
 * `/desinscription/<token>`: GET shows what will happen and one button; POST unsubscribes. A mail
 * client's one-click POST (RFC 8058, body `List-Unsubscribe=One-Click`) gets a plain 200. The token
 * is the authorisation (signed address), so the POST takes no CSRF token; the page says nothing of
 * the address beyond a masked form of it.
 */
export const unsubscribeRoutes: FastifyPluginAsync = async (app) => {
  const { config } = app.deps;
  const masked = (email: string) => email.replace(/^(.)[^@]*(@.*)$/, '$1…$2');
  const unknown = (reply: FastifyReply) => reply.page(t('unsubscribe.unknown.title'), <MessageBody title={t('unsubscribe.unknown.title')} text={t('unsubscribe.unknown.body')} />, { status: 404 });

  app.get<{ Params: { token: string } }>('/desinscription/:token', async (request, reply) => {
    const territory = await request.territory();
    const email = territory ? readUnsubscribeToken(config.sessionSecret, territory.id, request.params.token) : null;
    if (!territory || !email) return unknown(reply);
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(
      t('unsubscribe.title'),
      <section class="narrow">
        <h1>{t('unsubscribe.title')}</h1>
        <p>{t('unsubscribe.intro', { email: masked(email), programme: territory.programme_name ?? territory.name })}</p>
        <form method="post" action={`/desinscription/${request.params.token}`}>
          <button type="submit" class="button">
            {t('unsubscribe.submit')}
          </button>
        </form>
      </section>,
    );
  });

  app.post<{ Params: { token: string } }>('/desinscription/:token', { config: { csrf: false, rateLimit: { max: config.formRateLimit, timeWindow: '1 minute' } } }, async (request, reply) => {
    const territory = await request.territory();
    const email = territory ? readUnsubscribeToken(config.sessionSecret, territory.id, request.params.token) : null;
    if (!territory || !email) return unknown(reply);
    const campaign = Number((request.query as Record<string, unknown>).campagne);
    await unsubscribe(app.deps.database.db, territory.id, email, Number.isSafeInteger(campaign) && campaign > 0 ? campaign : null);
    const oneClick = typeof request.body === 'object' && request.body !== null && (request.body as Record<string, unknown>)['List-Unsubscribe'] === 'One-Click';
    if (oneClick) return reply.type('text/plain; charset=utf-8').send(t('unsubscribe.done.title'));
    return reply.page(t('unsubscribe.done.title'), <MessageBody title={t('unsubscribe.done.title')} text={t('unsubscribe.done.body')} />);
  });
};
